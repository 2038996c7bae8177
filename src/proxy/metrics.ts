/**
 * Request-level metrics of the proxy: requests and denials by method/tool/code, latency histograms
 * (total, proxy-added = guard time, upstream time to headers), upstream errors and the live policy
 * revision. Per-guard verdicts are counted by metrics-verdicts.ts from the same decision.
 *
 * Label cardinality is bounded by the policy, never by client input: `method` is one of the MCP
 * methods below or `other`; `tool` is a tool name the policy names literally (rbac, tool classes)
 * or `other`; `code` is a key of the denial table or `other`.
 */
import type { VerdictRecord } from '../core/guard.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { counter, gauge, histogram } from '../shared/metrics.js';
import { DEFAULT_METHODS } from '../guards/rbac/compile.js';
import { codeLabel, observeVerdicts } from './metrics-verdicts.js';

// Label values are limited to the MCP method inventory (clients cannot mint label values).
const METHODS: ReadonlySet<string> = new Set(DEFAULT_METHODS);

/**
 * Seconds, for a sidecar: the guard chain of a small call takes ~0.1-0.5 ms, a 100-finding page
 * a few ms, upstream calls tens of ms to seconds, up to the 30 s default upstream timeout.
 */
export const LATENCY_BUCKETS = [
  0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
  5, 10, 30,
];

/** Requests decided by the proxy, by outcome (`allowed`, `denied`, `error`). */
export const requestsTotal = counter({
  name: 'dojo_guard_requests_total',
  help: 'JSON-RPC requests decided by the proxy',
  labelNames: ['method', 'tool', 'outcome', 'code'] as const,
});

/** Enforced denials and errors, by code. */
export const denialsTotal = counter({
  name: 'dojo_guard_denials_total',
  help: 'JSON-RPC requests refused by the proxy, by denial code',
  labelNames: ['method', 'tool', 'code'] as const,
});

/**
 * Requests refused at the gate, before any JSON-RPC message is read (so not in the request
 * counters): forbidden Host/Origin and failed authentication, by denial code.
 */
export const gateRefusalsTotal = counter({
  name: 'dojo_guard_gate_refusals_total',
  help: 'HTTP requests refused before the guard chain (Host, Origin, authentication), by code',
  labelNames: ['code'] as const,
});

/** Shadow-mode denials: computed and audited, not enforced. */
export const shadowDenialsTotal = counter({
  name: 'dojo_guard_shadow_denials_total',
  help: 'Deny verdicts computed in shadow mode (audited, not enforced)',
  labelNames: ['guard', 'code'] as const,
});

export const requestDuration = histogram({
  name: 'dojo_guard_request_duration_seconds',
  help: 'Time from request decision start to its audit record (includes the upstream)',
  labelNames: ['method', 'outcome'] as const,
  buckets: LATENCY_BUCKETS,
});

export const proxyAddedDuration = histogram({
  name: 'dojo_guard_proxy_added_seconds',
  help: 'Time spent in the guard chain (request and response phases) for one request',
  labelNames: ['method'] as const,
  buckets: LATENCY_BUCKETS,
});

export const upstreamDuration = histogram({
  name: 'dojo_guard_upstream_duration_seconds',
  help: 'Upstream time to response headers, by HTTP method (POST, GET, DELETE)',
  labelNames: ['http_method'] as const,
  buckets: LATENCY_BUCKETS,
});

/** Upstream failures: `transport` (connect/timeout) or the HTTP status class (`5xx`, `4xx`). */
export const upstreamErrorsTotal = counter({
  name: 'dojo_guard_upstream_errors_total',
  help: 'Upstream exchanges that failed (transport) or answered an HTTP error status',
  labelNames: ['kind'] as const,
});

/** Bounded label values for one request. */
export function labelsFor(
  policy: CompiledPolicy | undefined,
  method: string | undefined,
  tool: string | undefined,
): { method: string; tool: string } {
  const m = method !== undefined && METHODS.has(method) ? method : method ? 'other' : 'none';
  let t = 'none';
  if (tool !== undefined) t = policy?.literalTools?.has(tool) ? tool : 'other';
  return { method: m, tool: t };
}

let policyRef: (() => CompiledPolicy) | undefined;

/** The live policy's revision (SHA-256 of its files), one series at a time; value 1. */
gauge({
  name: 'dojo_guard_policy_info',
  help: 'The live policy revision (SHA-256 of the policy files, as in audit records); value 1',
  labelNames: ['revision'] as const,
  collect() {
    const revision = policyRef?.().revision;
    this.reset();
    if (revision !== undefined) this.set({ revision }, 1);
  },
});

/** Lets the metrics resolve `tool` labels against the live policy (set by createProxyServer). */
export function bindMetricsPolicy(current: () => CompiledPolicy): void {
  policyRef = current;
}

/** Observes one finished decision (called from Decision.settle, once per request). */
export function observeDecision(rec: {
  method?: string;
  tool?: string;
  outcome: 'allowed' | 'denied' | 'error';
  code?: string;
  latencyMs: number;
  verdicts: readonly VerdictRecord[];
}): void {
  // Observability must never fail a request: any error here is swallowed.
  try {
    observe(rec);
  } catch {
    // ignored on purpose
  }
}

function observe(rec: Parameters<typeof observeDecision>[0]): void {
  const { method, tool } = labelsFor(policyRef?.(), rec.method, rec.tool);
  const code = codeLabel(rec.code);
  requestsTotal.inc({ method, tool, outcome: rec.outcome, code });
  if (rec.outcome !== 'allowed') denialsTotal.inc({ method, tool, code });
  requestDuration.observe({ method, outcome: rec.outcome }, rec.latencyMs / 1000);
  observeVerdicts(rec.verdicts);
  let guardUs = 0;
  for (const v of rec.verdicts) {
    guardUs += v.durationUs;
    if (v.outcome === 'deny' && v.mode === 'shadow') {
      shadowDenialsTotal.inc({ guard: v.guard, code: codeLabel(v.code) });
    }
  }
  proxyAddedDuration.observe({ method }, guardUs / 1e6);
}

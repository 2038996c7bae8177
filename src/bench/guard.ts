/**
 * Starts dojo-guard for the benchmark with the full demo policy (auth, RBAC, injection filter,
 * wrapping, audit to a file, rate limits), derived so the bench measures the guard rather than
 * its limiters: every rate-limit budget and the per-principal SSE stream cap are raised far above
 * what the bench can send.
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { startNode, type Child } from './spawn.js';

export interface GuardOptions {
  cli: string;
  policyFile: string;
  upstreamUrl: string;
  dir: string;
  redisUrl?: string;
  /** Extra node flags for the guard process (e.g. --cpu-prof). */
  nodeArgs?: string[];
}

/** Schema ceilings (src/guards/rate-limit/schema.ts): the bench raises every budget to them. */
const CEILING: Record<string, number> = {
  points: 1_000_000,
  max_findings: 1_000_000,
  threshold: 100_000,
};
const WINDOW_KEYS = ['duration_seconds', 'window_seconds'];

/** Raises every budget to its ceiling over a 1 s window: ≥1e6 calls/s, far above the bench. */
function raiseLimits(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(raiseLimits);
  if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    for (const [k, max] of Object.entries(CEILING)) if (typeof o[k] === 'number') o[k] = max;
    for (const k of WINDOW_KEYS) if (typeof o[k] === 'number') o[k] = 1;
    Object.values(o).forEach(raiseLimits);
  }
}

let started = 0;

/** Starts `dojo-guard proxy` on port 0 with the derived bench policy; resolves once it listens. */
export async function startGuard(o: GuardOptions): Promise<Child> {
  const policy = parse(await readFile(o.policyFile, 'utf8')) as Record<string, unknown>;
  if (policy.rate_limits) raiseLimits(policy.rate_limits);
  // The per-principal SSE stream cap (default 32) is a limit like the rate limits: the bench runs
  // 64 SSE workers as one principal, and measures the cap's cost, not its 429s.
  const server = (policy.server ?? {}) as { caps?: object };
  policy.server = { ...server, caps: { ...server.caps, max_sse_streams_per_principal: 1000 } };
  if (o.redisUrl) {
    policy.state = {
      ...(policy.state as object),
      backend: 'redis',
      redis: { url: o.redisUrl, key_prefix: `bench:${process.pid}:` },
    };
  }
  // Each guard gets its own policy and audit file: two recorders must never share one chain.
  const name = `guard-${++started}${o.redisUrl ? '-redis' : ''}`;
  const file = path.join(o.dir, `${name}.policy.yaml`);
  await writeFile(file, stringify(policy));
  return startNode(
    o.cli,
    ['proxy', '--policy', file, '--port', '0', '--upstream', o.upstreamUrl],
    {
      AUDIT_LOG_FILE: path.join(o.dir, `${name}.audit.jsonl`),
      AUDIT_HMAC_KEY: 'bench-hmac-key-0123456789abcdef0123456789abcdef',
    },
    o.nodeArgs,
  );
}

/**
 * The chain runner (STYLE.md §3, Envoy's FilterManager): request hooks in policy order, response
 * hooks in reverse order, one decision record per JSON-RPC request.
 *
 * Invariants (keep them):
 * - the first *enforced* deny stops the request chain; shadow verdicts are recorded, not applied;
 * - policy-wide `mode: shadow` shadows decisions only: content transforms (redaction, wrapping)
 *   stay applied unless their own section shadows them (warned about at load);
 * - a thrown guard error is a `guard_error` deny (fail closed) and is always recorded;
 * - a rewrite replaces the message (re-classified, id kept) and the chain continues;
 * - admission guards (src/guards/system/) judge each exchange before any chain, always enforced;
 * - system guards (src/guards/system/) run first, always enforced;
 * - injected upstream arguments are added after the chain, so secrets never pass guards or audit.
 */
import type { DenialCode } from '../core/denials.js';
import type {
  Guard,
  GuardMode,
  RequestContext,
  ResponseContext,
  Verdict,
  VerdictRecord,
} from '../core/guard.js';
import type { ClassifiedRequest, JsonRpcMessage } from '../core/jsonrpc.js';
import type { AuditRecorder, DecisionRecord } from '../core/recorder.js';
import { JOURNAL_FACT } from '../guards/finding-facts/finding-facts.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { classifyMessage, messageId } from './jsonrpc.js';
import { withRequest } from './context.js';
import { observeDecision } from './metrics.js';
import { observeVerdicts } from './metrics-verdicts.js';
import type { RequestTrace } from './tracing.js';
import { logCorrelation, logger } from '../shared/logger.js';
import {
  ADMISSION_GUARDS,
  SYSTEM_GUARDS,
  type Admission,
  type AdmissionVerdict,
  type TransportFacts,
} from '../guards/system/index.js';

type Denied = Extract<Verdict, { kind: 'deny' }>;

export type Outcome = 'allowed' | 'denied' | 'error';

/**
 * Collects one request's verdicts and writes its single DecisionRecord.
 *
 * Two steps, so the record tells the truth: stages `note()` what happened (an answer passed, a
 * denial, a failure), and the owner of the exchange `settle()`s once, in its `finally`
 * (post.ts; exchange.ts for server→client requests). The first note wins, except that `allowed`
 * yields to a later `error` or `denial`: an answer that passed the response chain and was then
 * followed by a broken stream or an HTTP error status is recorded as the error it became.
 */
export class Decision {
  readonly verdicts: VerdictRecord[] = [];
  /** Set once a mutation's write-ahead intent is on file (src/proxy/write-ahead.ts). */
  intent: { seq: number; argumentsDigest?: string } | undefined;
  /** The request's trace when tracing is on (src/proxy/tracing.ts); guards never see it. */
  trace?: RequestTrace;
  private noted: { outcome: Outcome; code?: string; upstreamStatus?: number } | undefined;
  private recorded = false;

  constructor(
    public ctx: RequestContext,
    private readonly recorder: AuditRecorder,
    readonly mutation: boolean,
    private readonly startedAt: number = performance.now(),
  ) {}

  /** Notes the outcome so far (see the class comment for which note wins). */
  note(outcome: Outcome, code?: string, upstreamStatus?: number): void {
    if (this.recorded) return;
    if (this.noted && (this.noted.outcome !== 'allowed' || outcome === 'allowed')) return;
    this.noted = { outcome, code, upstreamStatus };
  }

  /**
   * True once the request has its answer or its refusal (noted), even before the record is
   * settled: the in-flight id check and "did the upstream answer?" read this.
   */
  get concluded(): boolean {
    return this.noted !== undefined;
  }

  /** Writes the record once, with the note (or `fallback` when nothing was noted). */
  settle(fallback?: { outcome: Outcome; code?: string; upstreamStatus?: number }): void {
    if (this.recorded) return;
    const n = this.noted ?? fallback;
    if (!n) return;
    this.recorded = true;
    const { outcome, code, upstreamStatus } = n;
    const { ctx } = this;
    const read = ctx.facts.get('audit.findingsReadBeforeMutation');
    const trace = this.trace;
    trace?.outcome(outcome, code);
    const seal = trace?.child('audit seal', { 'dojo_guard.decision_id': ctx.decisionId });
    this.recorder.recordDecision(
      {
        decisionId: ctx.decisionId,
        requestId: ctx.requestId,
        rpcId: ctx.request.id,
        sessionId: ctx.sessionId,
        traceId: trace?.traceId,
        principal: ctx.principal,
        claimed: ctx.http.userAgent ? { userAgent: ctx.http.userAgent } : undefined,
        method: ctx.request.method,
        tool: ctx.request.toolName,
        prompt: ctx.request.promptName,
        resourceUri: ctx.request.resourceUri,
        arguments: ctx.request.arguments,
        verdicts: this.verdicts,
        outcome,
        code,
        upstreamStatus,
        latencyMs: Math.round((performance.now() - this.startedAt) * 1000) / 1000,
        mutation: this.mutation,
        findingsReadBeforeMutation: read as
          { readIds: number[]; targetIds: number[]; targetsRead: number[] } | undefined,
        intent: this.intent,
        journal: ctx.facts.get(JOURNAL_FACT) as DecisionRecord['journal'],
      },
      seal && (() => seal.end()),
    );
    observeDecision({
      method: ctx.request.method,
      tool: ctx.request.toolName,
      outcome,
      code,
      latencyMs: performance.now() - this.startedAt,
      verdicts: this.verdicts,
    });
  }
}

/**
 * Records a refusal made before the guard chain (parse errors, caps, header checks, session
 * checks) by an authenticated caller, so every denial is explained in the audit trail.
 */
export function recordTransportDenial(
  recorder: AuditRecorder,
  input: {
    decisionId: string;
    requestId: string;
    principal: RequestContext['principal'];
    sessionId: string | undefined;
    traceId?: string;
    code: DenialCode;
    rpcId?: string | number;
    method?: string;
    tool?: string;
    /** The transport check that refused (e.g. `stream-limits`); `transport` for parse refusals. */
    guard?: string;
  },
): void {
  const verdicts: VerdictRecord[] = [
    {
      guard: input.guard ?? 'transport',
      phase: 'request',
      outcome: 'deny',
      mode: 'enforce',
      code: input.code,
      durationUs: 0,
    },
  ];
  // The verdict is tallied like any guard's (dojo_guard_guard_verdicts_total{guard}).
  observeDecision({
    method: input.method,
    tool: input.tool,
    outcome: 'denied',
    code: input.code,
    latencyMs: 0,
    verdicts,
  });
  recorder.recordDecision({
    decisionId: input.decisionId,
    requestId: input.requestId,
    rpcId: input.rpcId,
    sessionId: input.sessionId,
    ...(input.traceId !== undefined && { traceId: input.traceId }),
    principal: input.principal,
    method: input.method,
    tool: input.tool,
    verdicts,
    outcome: 'denied',
    code: input.code,
    latencyMs: 0,
    mutation: false,
  });
}

/**
 * The verdict of a refusal made after the chain on what it produced (the `Mcp-Param-*` re-sync,
 * the write-ahead intent, the in-flight id): always enforced, like a system guard's.
 */
export function afterChainDenial(guard: string, code: DenialCode): VerdictRecord {
  return { guard, phase: 'request', outcome: 'deny', mode: 'enforce', code, durationUs: 0 };
}

export type AdmissionOutcome =
  { kind: 'admit' } | { kind: 'deny'; guard: string; verdict: Denied; audited: boolean };

const ADMIT: AdmissionOutcome = Object.freeze({ kind: 'admit' });

/**
 * Runs the admission guards on one client exchange (`message` undefined for a GET stream), before
 * the request chain and any decision record. The first denial stops them. The caller records an
 * `audited` denial with recordTransportDenial (which counts its verdict); an unaudited one (of a
 * notification or client response only) is counted here, per guard, and recorded nowhere. A thrown guard error is an audited
 * `guard_error` (fail closed). A `continue` is not counted, as for the system guards.
 */
export function runAdmission(a: Admission): AdmissionOutcome {
  for (const guard of ADMISSION_GUARDS) {
    const t0 = performance.now();
    let v: AdmissionVerdict;
    let audited = guard.audited;
    try {
      v = guard.admit(a);
    } catch (err) {
      v = guardError(err);
      audited = true;
    }
    if (v.kind === 'continue') continue;
    // Only a message that gets no answer (a notification, a client response) may go unrecorded.
    if (a.message?.kind !== 'notification' && a.message?.kind !== 'response') audited = true;
    if (!audited) observeVerdicts([record('request', guard.name, 'enforce', v, t0)]);
    return { kind: 'deny', guard: guard.name, verdict: v, audited };
  }
  return ADMIT;
}

export type RequestDecision =
  | { kind: 'forward'; ctx: RequestContext; message: JsonRpcMessage }
  | { kind: 'deny'; ctx: RequestContext; verdict: Denied };

/** Shadow mode is for decisions: a transform guard keeps its own mode (see the header). */
function effectiveMode(policy: CompiledPolicy, guard: Guard): GuardMode {
  return policy.mode === 'shadow' && !guard.transform ? 'shadow' : guard.mode;
}

function record(
  phase: 'request' | 'response',
  guard: string,
  mode: GuardMode,
  v: Verdict,
  startedAt: number,
): VerdictRecord {
  const rec: VerdictRecord = {
    guard,
    phase,
    outcome: v.kind,
    mode,
    durationUs: Math.round((performance.now() - startedAt) * 1000),
  };
  if (v.kind === 'deny') {
    rec.code = v.code;
    if (v.ruleId) rec.ruleId = v.ruleId;
  }
  if (v.kind === 'rewrite') rec.note = v.note;
  if (v.kind !== 'deny' && v.annotations) rec.annotations = v.annotations;
  return rec;
}

function isThenable(v: Verdict | Promise<Verdict>): v is Promise<Verdict> {
  return typeof (v as { then?: unknown }).then === 'function';
}

function guardError(err: unknown): Denied {
  const reason = err instanceof Error ? `${err.name}: ${err.message}` : 'non-error thrown';
  return { kind: 'deny', code: 'guard_error', reason: reason.slice(0, 300) };
}

/**
 * "Is this a mutation?", decided in this one place for the proxy: a tools/call of a tool the
 * policy's classes (names, advertised annotations) call mutating. The decision carries it.
 */
export function isMutatingCall(policy: CompiledPolicy, request: ClassifiedRequest): boolean {
  return (
    request.method === 'tools/call' && !!request.toolName && policy.isMutatingTool(request.toolName)
  );
}

/** Applies an enforced rewrite: re-classified, same kind and id, or a guard error. */
function applyRewrite(ctx: RequestContext, v: Verdict): { ctx: RequestContext; v: Verdict } {
  if (v.kind !== 'rewrite') return { ctx, v };
  try {
    const next = classifyMessage(v.message);
    if (next.kind !== ctx.request.kind || next.id !== ctx.request.id) {
      throw new Error('rewrite changed the message kind or id');
    }
    return { ctx: withRequest(ctx, next), v };
  } catch (err) {
    return { ctx, v: guardError(err) };
  }
}

/** Runs the request phase of the chain for one client message. */
export async function runRequestChain(
  policy: CompiledPolicy,
  decision: Decision,
  recorder: AuditRecorder,
  headers: TransportFacts['headers'] = {},
): Promise<RequestDecision> {
  let ctx = decision.ctx;
  // System guards first (src/guards/system/): always enforced, never shadowed; their denials
  // and rewrites are recorded (and counted per guard) like any verdict.
  const facts: TransportFacts = {
    headers,
    mutation: decision.mutation,
    auditAccepting: () => recorder.acceptingMutations(),
    storeHealthy: () => ctx.store.healthy(),
  };
  for (const guard of SYSTEM_GUARDS) {
    const t0 = performance.now();
    let v: Verdict;
    try {
      v = guard.onRequest(ctx, facts);
    } catch (err) {
      v = guardError(err);
    }
    ({ ctx, v } = applyRewrite(ctx, v));
    // Only what a system guard did is recorded: a `continue` from the proxy's own invariants on
    // every request would add three verdicts to every record and say nothing.
    if (v.kind === 'continue') continue;
    decision.verdicts.push(record('request', guard.name, 'enforce', v, t0));
    if (v.kind === 'rewrite') {
      // A system rewrite is rare and worth a line: the client sent something it may not.
      logger.info(v.note, {
        ...v.annotations,
        ...logCorrelation({ decisionId: ctx.decisionId, traceId: decision.trace?.traceId }),
      });
    }
    if (v.kind === 'deny') {
      decision.ctx = ctx;
      notifyDenied(policy, ctx, v.code);
      return { kind: 'deny', ctx, verdict: v };
    }
  }
  for (const guard of policy.guards) {
    if (!guard.onRequest) continue;
    const mode = effectiveMode(policy, guard);
    const t0 = performance.now();
    let v: Verdict;
    try {
      // Most guards answer synchronously: awaiting only real promises saves a microtask turn
      // per guard per phase.
      const r = guard.onRequest(ctx);
      v = isThenable(r) ? await r : r;
    } catch (err) {
      v = guardError(err);
    }
    if (mode === 'enforce') ({ ctx, v } = applyRewrite(ctx, v));
    const rec = record('request', guard.name, mode, v, t0);
    decision.verdicts.push(rec);
    decision.trace?.stage(`guard ${guard.name}`, t0, t0 + rec.durationUs / 1000, {
      'dojo_guard.guard': guard.name,
      'dojo_guard.phase': 'request',
      'dojo_guard.verdict': v.kind,
      'dojo_guard.mode': mode,
      'dojo_guard.denial_code': rec.code,
    });
    if (v.kind === 'deny' && mode === 'enforce') {
      decision.ctx = ctx;
      notifyDenied(policy, ctx, v.code);
      return { kind: 'deny', ctx, verdict: v };
    }
  }
  decision.ctx = ctx;
  return { kind: 'forward', ctx, message: injectArguments(policy, decision) };
}

function notifyDenied(policy: CompiledPolicy, ctx: RequestContext, code: DenialCode): void {
  for (const g of policy.guards) {
    if (!g.onDenied) continue;
    try {
      void Promise.resolve(g.onDenied(ctx, code)).catch(() => undefined);
    } catch {
      // onDenied must not throw; if it does, the denial stands and nothing else changes.
    }
  }
}

/**
 * The `upstream-credentials` step: adds the policy's upstream arguments to a tools/call, after
 * every guard, so their values never reach a guard or the audit record. The decision records a
 * `rewrite` verdict naming how many were injected (never names or values).
 */
function injectArguments(policy: CompiledPolicy, decision: Decision): JsonRpcMessage {
  const { ctx } = decision;
  const msg = ctx.request.message;
  const tool = ctx.request.toolName;
  if (ctx.request.method !== 'tools/call' || tool === undefined) return msg;
  const t0 = performance.now();
  const extra = policy.upstream.injectArguments(tool);
  const n = extra ? Object.keys(extra).length : 0;
  if (!extra || n === 0) return msg;
  const params = msg.params as Record<string, unknown>;
  const out = {
    ...msg,
    params: { ...params, arguments: { ...(ctx.request.arguments ?? {}), ...extra } },
  };
  const v: Verdict = { kind: 'rewrite', message: out, note: `injected ${n} upstream argument(s)` };
  decision.verdicts.push(record('request', 'upstream-credentials', 'enforce', v, t0));
  return out;
}

export type ResponseDecision =
  { kind: 'pass'; message: JsonRpcMessage; changed: boolean } | { kind: 'deny'; verdict: Denied };

/** Runs the response phase (reverse order) on one upstream message. */
export async function runResponseChain(
  policy: CompiledPolicy,
  rctx: ResponseContext,
  message: JsonRpcMessage,
  verdicts: VerdictRecord[] | undefined,
): Promise<ResponseDecision> {
  let current = message;
  let changed = false;
  for (let i = policy.guards.length - 1; i >= 0; i--) {
    const guard = policy.guards[i]!;
    if (!guard.onResponse) continue;
    const mode = effectiveMode(policy, guard);
    const t0 = performance.now();
    let v: Verdict;
    try {
      const r = guard.onResponse(rctx, current);
      v = isThenable(r) ? await r : r;
    } catch (err) {
      v = guardError(err);
    }
    if (v.kind === 'rewrite' && mode === 'enforce') {
      if (messageId(v.message) !== messageId(current)) v = guardError(new Error('id changed'));
      else {
        current = v.message;
        changed = true;
      }
    }
    verdicts?.push(record('response', guard.name, mode, v, t0));
    if (v.kind === 'deny' && mode === 'enforce') return { kind: 'deny', verdict: v };
  }
  return { kind: 'pass', message: current, changed };
}

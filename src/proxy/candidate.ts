/**
 * The candidate policy, live in shadow (`dojo-guard proxy --candidate FILE…`): every request the
 * active policy decided is decided again by the candidate's stateless guards (src/policy/stateless.ts:
 * rbac with its argument rules, the injection filter, secret rejection; the principal carried
 * over as `policy replay` does). Where the two outcomes differ, a `candidate_differs` event goes
 * to the audit trail (ids, outcomes, codes, guard, tool, principal: never arguments) and
 * `dojo_guard_candidate_differences_total` is bumped. The active policy alone answers the call.
 *
 * Stateful guards (rate limits, approvals, read tracking, tripwires) and upstream-dependent ones
 * (argument validation, pinning) are not run for the candidate: they would count, spend or ask
 * twice. A call they stopped in the active chain is compared on the stateless guards only.
 *
 * Runs after the active decision, off the request's path; without a candidate it costs one
 * property check (post.ts).
 */
import type { RequestContext, VerdictRecord } from '../core/guard.js';
import type { AuditRecorder } from '../core/recorder.js';
import { MemoryRecorder } from '../core/recorder.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { STATELESS_GUARDS, statelessOutcome, type Outcome } from '../policy/stateless.js';
import { SYSTEM_GUARDS } from '../guards/system/index.js';
import { counter } from '../shared/metrics.js';
import { logger } from '../shared/logger.js';
import { createRequestContext } from './context.js';
import { codeLabel } from './metrics-verdicts.js';
import { Decision, runRequestChain } from './pipeline.js';

/** Verdicts that differ between the active and the candidate policy, by code (`allowed` = none). */
export const candidateDifferencesTotal = counter({
  name: 'dojo_guard_candidate_differences_total',
  help: 'Requests the candidate policy (--candidate) would have decided differently',
  labelNames: ['code_active', 'code_candidate'] as const,
});

/** The candidate as it runs in shadow: its stateless guards only. */
export function candidateOf(policy: CompiledPolicy): CompiledPolicy {
  return Object.freeze({
    ...policy,
    guards: Object.freeze(policy.guards.filter((g) => STATELESS_GUARDS.has(g.name))),
  });
}

/** The active policy with `candidate` attached (swapped with it on reload). */
export function withCandidate(active: CompiledPolicy, candidate: CompiledPolicy): CompiledPolicy {
  return Object.freeze({ ...active, candidate: candidateOf(candidate) });
}

/** Stateless outcome of `policy` for the request in `ctx` (a fresh context and scratch record). */
async function decideStateless(
  policy: CompiledPolicy,
  ctx: RequestContext,
  principal: RequestContext['principal'],
): Promise<Outcome> {
  const fresh = createRequestContext({
    requestId: ctx.requestId,
    decisionId: ctx.decisionId,
    principal,
    sessionId: ctx.sessionId,
    request: ctx.request,
    remoteAddress: ctx.http.remoteAddress,
    userAgent: ctx.http.userAgent,
    store: ctx.store,
  });
  const scratch = new MemoryRecorder();
  const decision = new Decision(fresh, scratch, false);
  await runRequestChain(policy, decision, scratch);
  return statelessOutcome(decision.verdicts);
}

/** True when the active chain stopped before every stateless guard had its say. */
function cutShort(active: CompiledPolicy, verdicts: readonly VerdictRecord[]): boolean {
  const last = verdicts.at(-1);
  if (!last || last.outcome !== 'deny' || last.mode !== 'enforce') return false;
  if (STATELESS_GUARDS.has(last.guard)) return false;
  const ran = new Set(verdicts.map((v) => v.guard));
  return active.guards.some((g) => STATELESS_GUARDS.has(g.name) && !ran.has(g.name));
}

const SYSTEM_NAMES: ReadonlySet<string> = new Set(SYSTEM_GUARDS.map((g) => g.name));

const label = (o: Outcome): string => (o.allow ? 'allowed' : codeLabel(o.code));

function same(a: Outcome, b: Outcome): boolean {
  return a.allow === b.allow && (a.allow || b.allow || a.code === b.code);
}

/**
 * Decides `ctx`'s request (as the client sent it, before the active chain's rewrites) under
 * `active.candidate` and records a difference. Never throws; never changes the active decision.
 * `verdicts` are the active chain's request-phase verdicts.
 */
export async function shadowCandidate(
  active: CompiledPolicy,
  ctx: RequestContext,
  verdicts: readonly VerdictRecord[],
  recorder: AuditRecorder,
): Promise<void> {
  const candidate = active.candidate;
  if (!candidate) return;
  try {
    // A refusal by a system guard is the proxy's, not a policy's: nothing to compare.
    if (verdicts.some((v) => v.outcome === 'deny' && SYSTEM_NAMES.has(v.guard))) return;
    const before = cutShort(active, verdicts)
      ? await decideStateless(candidateOf(active), ctx, ctx.principal)
      : statelessOutcome(verdicts);
    const who = candidate.principalUnder?.(ctx.principal) ?? ctx.principal;
    const after = 'allow' in who ? who : await decideStateless(candidate, ctx, who);
    if (same(before, after)) return;
    candidateDifferencesTotal.inc({ code_active: label(before), code_candidate: label(after) });
    recorder.recordEvent({
      type: 'candidate_differs',
      severity: 'info',
      detail: {
        decisionId: ctx.decisionId,
        principal: ctx.principal.id,
        role: ctx.principal.role,
        method: ctx.request.method,
        ...(ctx.request.toolName !== undefined && { tool: ctx.request.toolName }),
        active: describe(before),
        candidate: describe(after),
        activeRevision: active.revision,
        candidateRevision: candidate.revision,
      },
    });
  } catch (err) {
    logger.warn('candidate policy evaluation failed', {
      error: err instanceof Error ? err.name : 'unknown',
    });
  }
}

function describe(o: Outcome): Record<string, string> {
  if (o.allow) return { outcome: 'allowed' };
  return {
    outcome: 'denied',
    code: o.code,
    guard: o.guard,
    ...(o.ruleId !== undefined && { rule: o.ruleId }),
  };
}

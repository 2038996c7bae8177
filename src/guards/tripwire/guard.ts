/**
 * Guard `tripwire`: decoy findings. No legitimate workflow touches a decoy, so touching
 * one is a high-confidence signal (a prompt-injected agent enumerating or closing findings).
 *
 * Trips on: a tools/call naming a decoy id in its arguments by a principal outside
 * `readers_allowed` (request phase, before anything reaches DefectDojo); a *mutation* naming one
 * by anyone; a result returning one to a principal outside `readers_allowed` (response phase:
 * the result is replaced by the denial). A request denied earlier in the chain (e.g. RBAC refuses
 * a reader's close_finding of a decoy) still trips through `onDenied`: the attempt is the signal.
 *
 * On a trip: a critical `tripwire` lifecycle event; in enforce mode the call is denied (`tripwire`)
 * and, with `end_session`, the session binding is deleted so the session id answers 404.
 */
import {
  CONTINUE,
  type Guard,
  type GuardMode,
  type RequestContext,
  type ResponseContext,
  type Verdict,
} from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import type { ResponseView } from '../../core/response-view.js';
import type { DenialCode } from '../../core/denials.js';
import type { GuardDeps } from '../deps.js';
import type { TripwirePolicy } from './schema.js';
import {
  extractFindingLikeIds,
  extractTargetFindingIds,
  idArgumentNames,
} from '../read-tracking/ids.js';
import { counter } from '../../shared/metrics.js';

/** Results are walked fully for decoys (the read-tracking cap would let a long list hide one). */
const MAX_RESULT_IDS = 1_000_000;

type Phase = 'request' | 'response' | 'denied_request';

/** Every trip, enforced or shadow, whichever guard denied the call (labels: fixed sets). */
const tripwireHitsTotal = counter({
  name: 'dojo_guard_tripwire_hits_total',
  help: 'Decoy findings touched, by phase (request, response, denied_request), action and mode',
  labelNames: ['phase', 'action', 'mode'] as const,
});

/**
 * Builds the guard, or undefined when the policy has no `tripwires` section.
 * @example createTripwireGuard(policy.tripwires, deps)?.name // 'tripwire'
 */
export function createTripwireGuard(
  cfg: TripwirePolicy | undefined,
  deps: GuardDeps,
): Guard | undefined {
  if (!cfg) return undefined;
  const mode: GuardMode = cfg.mode ?? deps.mode;
  const decoys = new Set(cfg.finding_ids);
  const readers = new Set(cfg.readers_allowed);
  const idArgs = idArgumentNames(cfg.id_arguments);
  // Zero series up front: Prometheus' increase() cannot see the first hit of a series that is
  // born at 1, and the tripwire alert must fire on exactly one hit.
  for (const phase of ['request', 'response', 'denied_request'] as const) {
    for (const action of ['read', 'mutation']) tripwireHitsTotal.inc({ phase, action, mode }, 0);
  }

  const mayRead = (ctx: RequestContext): boolean =>
    readers.has(ctx.principal.id) || readers.has(ctx.principal.role);

  /** Decoy ids named by the call's arguments (unparsable id values never hide a decoy). */
  function namedDecoys(ctx: RequestContext): number[] {
    if (ctx.request.method !== 'tools/call' || !ctx.request.arguments) return [];
    const { ids } = extractTargetFindingIds(ctx.request.arguments, idArgs);
    return ids.filter((id) => decoys.has(id));
  }

  async function trip(ctx: RequestContext, ids: number[], phase: Phase, action: string) {
    const enforce = mode === 'enforce';
    tripwireHitsTotal.inc({ phase, action, mode });
    const endSession = enforce && cfg!.end_session && ctx.sessionId !== undefined;
    let sessionEnded = false;
    if (endSession) {
      try {
        await ctx.store.deleteSession(ctx.sessionId!);
        sessionEnded = true;
      } catch {
        // The store is down: the call is still denied; the event says the session survived.
      }
    }
    deps.recorder.recordEvent({
      type: 'tripwire',
      severity: 'critical',
      detail: {
        findingIds: ids.slice(0, 50),
        action,
        phase,
        tool: ctx.request.toolName,
        principalId: ctx.principal.id,
        role: ctx.principal.role,
        sessionId: ctx.sessionId,
        decisionId: ctx.decisionId,
        enforced: enforce,
        sessionEnded,
      },
    });
  }

  function denial(ids: number[], action: string): Verdict {
    return {
      kind: 'deny',
      code: 'tripwire',
      reason: `tripwire ${action} of decoy finding(s) ${ids.slice(0, 20).join(',')}`,
      ruleId: `tripwire:${action}`,
    };
  }

  async function tripwireOnRequest(ctx: RequestContext): Promise<Verdict> {
    const ids = namedDecoys(ctx);
    if (ids.length === 0) return CONTINUE;
    const mutation = deps.isMutatingTool(ctx.request.toolName ?? '');
    if (!mutation && mayRead(ctx)) return { kind: 'continue', annotations: { decoyRead: true } };
    const action = mutation ? 'mutation' : 'read';
    await trip(ctx, ids, 'request', action);
    return denial(ids, action);
  }

  async function tripwireOnResponse(
    ctx: ResponseContext,
    message: JsonRpcMessage,
    view?: ResponseView,
  ) {
    if (ctx.answeredMethod !== 'tools/call' || mayRead(ctx)) return CONTINUE;
    const ids = extractFindingLikeIds(message, MAX_RESULT_IDS, view).filter((id) => decoys.has(id));
    if (ids.length === 0) return CONTINUE;
    await trip(ctx, ids, 'response', 'read');
    return denial(ids, 'read');
  }

  async function tripwireOnDenied(ctx: RequestContext, code: DenialCode): Promise<void> {
    if (code === 'tripwire') return; // already reported by this guard
    const ids = namedDecoys(ctx);
    if (ids.length === 0) return;
    const mutation = deps.isMutatingTool(ctx.request.toolName ?? '');
    if (!mutation && mayRead(ctx)) return;
    await trip(ctx, ids, 'denied_request', mutation ? 'mutation' : 'read');
  }

  return {
    name: 'tripwire',
    mode,
    // Finds decoy ids in the upstream result as it came (before wrapping/redaction).
    response: { phase: 'observe' },
    onRequest: tripwireOnRequest,
    onResponse: tripwireOnResponse,
    onDenied: tripwireOnDenied,
  };
}

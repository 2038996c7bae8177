/**
 * Turns the pipeline's DecisionRecord and lifecycle events into AuditEventV1 bodies: masks and
 * digests arguments, separates authenticated from client-claimed facts, keeps one verdict per
 * guard (annotations are dropped: they may carry argument fragments).
 */
import type { DecisionRecord, LifecycleEvent } from './recorder-api.js';
import type { DecisionBodyV1, LifecycleBodyV1, VerdictV1 } from './event.js';
import { digestOf } from './canonical.js';
import { maskArguments, looksLikeSecret, MASK, type MaskOptions } from './mask.js';

/** Body of a decision record. */
export function decisionBody(
  rec: DecisionRecord,
  policyRevision: string,
  mask: MaskOptions,
): DecisionBodyV1 {
  const body: DecisionBodyV1 = {
    kind: 'decision',
    decisionId: rec.decisionId,
    requestId: rec.requestId,
    verdicts: rec.verdicts.map(verdictOf),
    outcome: rec.outcome,
    latencyMs: rec.latencyMs,
    mutation: rec.mutation,
    policyRevision,
  };
  if (rec.rpcId !== undefined) body.rpcId = rec.rpcId;
  if (rec.sessionId !== undefined) body.sessionId = rec.sessionId;
  if (rec.traceId !== undefined) body.traceId = rec.traceId;
  if (rec.principal) {
    const p = rec.principal;
    const principal: NonNullable<DecisionBodyV1['principal']> = {} as never;
    if (p.attributes) principal.attributes = { ...p.attributes };
    principal.authMethod = p.authMethod;
    principal.id = p.id;
    principal.role = p.role;
    body.principal = principal;
  }
  if (rec.claimed && Object.keys(rec.claimed).length > 0) {
    const untrusted: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec.claimed)) {
      untrusted[k] = looksLikeSecret(v) ? MASK : v.slice(0, 512);
    }
    body.untrusted = untrusted;
  }
  if (rec.method !== undefined) body.method = rec.method;
  if (rec.tool !== undefined) body.tool = rec.tool;
  if (rec.arguments !== undefined) {
    try {
      body.argumentsDigest = digestOf(rec.arguments);
    } catch {
      body.argumentsDigest = 'unrepresentable';
    }
    const m = maskArguments(rec.arguments, mask);
    body.arguments = m.value;
    if (m.paths.length > 0) body.masked = m.paths;
  }
  if (rec.code !== undefined) body.code = rec.code;
  if (rec.upstreamStatus !== undefined) body.upstreamStatus = rec.upstreamStatus;
  if (rec.mutation) {
    body.findingsReadBeforeMutation = rec.findingsReadBeforeMutation ?? {
      readIds: [],
      targetIds: [],
      targetsRead: [],
    };
  }
  return body;
}

/**
 * One verdict, members in RFC 8785 order (code-unit order of the names) so the MAC's canonical
 * serializer finds them sorted. Built by assignment, not conditional spreads: same members,
 * ~15× cheaper (issue 8).
 */
function verdictOf(v: DecisionRecord['verdicts'][number]): VerdictV1 {
  const o = {} as VerdictV1;
  if (v.code !== undefined) o.code = v.code;
  // Compact: most guards finish in under 0.5 µs on a trivial `continue`; absent means 0.
  if (v.durationUs !== 0) o.durationUs = v.durationUs;
  o.guard = v.guard;
  o.mode = v.mode;
  if (v.note !== undefined) o.note = v.note.slice(0, 500);
  o.outcome = v.outcome;
  o.phase = v.phase;
  if (v.ruleId !== undefined) o.ruleId = v.ruleId;
  return o;
}

/** Body of a lifecycle record. */
export function lifecycleBody(ev: LifecycleEvent, policyRevision: string): LifecycleBodyV1 {
  return {
    kind: 'lifecycle',
    type: ev.type,
    severity: ev.severity,
    detail: ev.detail,
    policyRevision,
  };
}

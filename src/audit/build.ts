/**
 * Turns the pipeline's DecisionRecord and lifecycle events into AuditEventV1 bodies: masks and
 * digests arguments, separates authenticated from client-claimed facts, keeps one verdict per
 * guard (annotations are dropped: they may carry argument fragments).
 */
import type { DecisionRecord, IntentRecord, LifecycleEvent } from '../core/recorder.js';
import type { DecisionBodyV1, IntentBodyV1, LifecycleBodyV1, VerdictV1 } from './event.js';
import { argumentsDigest, quoteKey } from '../shared/canonical.js';
import { maskArguments, looksLikeSecret, MASK, type MaskOptions } from '../guards/content/mask.js';

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
  if (rec.principal) body.principal = principalOf(rec.principal);
  if (rec.claimed && Object.keys(rec.claimed).length > 0) {
    const untrusted: Record<string, string> = {};
    for (const [k, v] of Object.entries(rec.claimed)) {
      untrusted[k] = looksLikeSecret(v) ? MASK : v.slice(0, 512);
    }
    body.untrusted = untrusted;
  }
  if (rec.method !== undefined) body.method = rec.method;
  if (rec.tool !== undefined) body.tool = rec.tool;
  if (rec.prompt !== undefined) body.prompt = rec.prompt.slice(0, 256);
  if (rec.resourceUri !== undefined) {
    body.resourceUri = looksLikeSecret(rec.resourceUri) ? MASK : rec.resourceUri.slice(0, 2048);
  }
  if (rec.arguments !== undefined) {
    // A written-ahead mutation reuses the digest computed for its intent (same arguments).
    body.argumentsDigest = rec.intent?.argumentsDigest ?? argumentsDigest(rec.arguments);
    const m = maskArguments(rec.arguments, mask);
    body.arguments = m.value;
    if (m.paths.length > 0) body.masked = m.paths;
  }
  if (rec.code !== undefined) body.code = rec.code;
  if (rec.upstreamStatus !== undefined) body.upstreamStatus = rec.upstreamStatus;
  if (rec.intent !== undefined) body.intentSeq = rec.intent.seq;
  if (rec.journal?.length && rec.outcome === 'allowed') {
    // Prior values come from DefectDojo: a secret in a description is masked like an argument
    // (undo then reports that field instead of restoring it).
    const m = maskArguments({ journal: rec.journal }, mask);
    body.journal = m.value.journal as DecisionBodyV1['journal'];
    if (m.paths.length > 0) body.journalMasked = m.paths;
  }
  if (rec.mutation) {
    // Present on every mutation, empty when nothing was tracked (e.g. a denial before the
    // read-tracking guard ran): a SIEM rule can rely on the field existing.
    const f = rec.findingsReadBeforeMutation;
    body.findings_read_before_mutation = f ? [...f.readIds] : [];
    body.mutationTargets = {
      targetIds: f ? [...f.targetIds] : [],
      targetsRead: f ? [...f.targetsRead] : [],
    };
  }
  return body;
}

/** Body of a mutation's write-ahead intent record. */
export function intentBody(rec: IntentRecord, policyRevision: string): IntentBodyV1 {
  const body: IntentBodyV1 = {
    kind: 'intent',
    decisionId: rec.decisionId,
    requestId: rec.requestId,
    method: rec.method,
    tool: rec.tool,
    decision: 'allowed',
    policyRevision,
  };
  if (rec.rpcId !== undefined) body.rpcId = rec.rpcId;
  if (rec.sessionId !== undefined) body.sessionId = rec.sessionId;
  if (rec.principal) body.principal = principalOf(rec.principal);
  if (rec.arguments !== undefined) body.argumentsDigest = argumentsDigest(rec.arguments);
  return body;
}

function principalOf(p: NonNullable<DecisionRecord['principal']>): DecisionBodyV1['principal'] {
  const principal: NonNullable<DecisionBodyV1['principal']> = {} as never;
  if (p.attributes) principal.attributes = { ...p.attributes };
  principal.authMethod = p.authMethod;
  principal.id = p.id;
  principal.role = p.role;
  return principal;
}

/**
 * One verdict, members in RFC 8785 order (code-unit order of the names) so the MAC's canonical
 * serializer finds them sorted. Built by assignment, not conditional spreads: same members,
 * ~15× cheaper.
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

/**
 * The `verdicts` member's JSON, written field by field (the record's largest member; the chain
 * would otherwise walk it to check its shape, then serialise it generically). Members in the
 * order verdictOf builds them, which is RFC 8785 order, so the one string is both the line's form
 * and the MAC's canonical form (chain.ts `seal`). Names and the guard/mode/outcome/phase values
 * repeat in every record and are quoted once (quoteKey's memo).
 * test/audit/canonical.test.ts checks it against canonicalJson and JSON.stringify.
 */
export function verdictsJson(verdicts: readonly VerdictV1[]): string | undefined {
  let out = '[';
  for (let i = 0; i < verdicts.length; i++) {
    const v = verdicts[i]!;
    // verdictOf copies only these members; a value the types do not allow (a JS caller's
    // malformed verdict) is left to the chain's generic serialiser, which writes what
    // JSON.stringify would.
    if (!isVerdictShape(v)) return undefined;
    let o = i === 0 ? '{' : ',{';
    if (v.code !== undefined) o += '"code":' + quoteKey(v.code) + ',';
    if (v.durationUs !== undefined) o += '"durationUs":' + numberJson(v.durationUs) + ',';
    o += '"guard":' + quoteKey(v.guard) + ',"mode":' + quoteKey(v.mode);
    if (v.note !== undefined) o += ',"note":' + JSON.stringify(v.note);
    o += ',"outcome":' + quoteKey(v.outcome) + ',"phase":' + quoteKey(v.phase);
    if (v.ruleId !== undefined) o += ',"ruleId":' + JSON.stringify(v.ruleId);
    out += o + '}';
  }
  return out + ']';
}

const optionalString = (x: unknown): boolean => x === undefined || typeof x === 'string';

function isVerdictShape(v: VerdictV1): boolean {
  return (
    typeof v.guard === 'string' &&
    typeof v.mode === 'string' &&
    typeof v.outcome === 'string' &&
    typeof v.phase === 'string' &&
    (v.durationUs === undefined || typeof v.durationUs === 'number') &&
    optionalString(v.code) &&
    optionalString(v.note) &&
    optionalString(v.ruleId)
  );
}

/** A number's JSON (and RFC 8785) form: ES Number::toString, non-finite → null. */
function numberJson(n: number): string {
  return Number.isFinite(n) ? String(n) : 'null';
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

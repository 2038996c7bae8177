/**
 * Guard `read-tracking`: findings_read_before_mutation.
 *
 * Response phase: the ids of the finding objects present in a read tool's result (located by the
 * result's shape, see `extractReadFindingIds`; never the call's arguments) are added to the
 * session's read set in the StateStore (bounded LRU + TTL there). Because the
 * set lives in the store keyed by session id, reads and writes may arrive on different HTTP
 * requests or SSE streams of one session (the peer keeps it in a per-task ContextVar, which is
 * why its field is always empty).
 *
 * Request phase, on mutating calls: computes `{readIds, targetIds, targetsRead}` into
 * `ctx.facts[FINDINGS_READ_FACT]` for the audit record and, for tools in `require_read_for`,
 * denies `not_read_before_mutation` unless every target finding was read in this scope.
 *
 * Scope (`audit.findings.scope`): `session` keys the read set by MCP session id; `principal` by
 * the authenticated principal, with its own TTL, so stateless clients and clients that open a
 * session per call can satisfy `require_read_for` (on Redis, across replicas too).
 */
import {
  CONTINUE,
  type Guard,
  type RequestContext,
  type ResponseContext,
  type Verdict,
} from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import type { ResponseView } from '../../core/response-view.js';
import type { GuardDeps } from '../deps.js';
import type { FindingsTracking } from './schema.js';
import { extractReadFindingIds, extractTargetFindingIds, idArgumentNames } from './ids.js';
import { compileReadRequirement } from './requirement.js';

/** Key in `ctx.facts` the proxy copies into DecisionRecord.findingsReadBeforeMutation. */
export const FINDINGS_READ_FACT = 'audit.findingsReadBeforeMutation';

/** Most recent read ids carried per record (the store keeps more). */
const MAX_READ_IDS_IN_RECORD = 500;

export interface FindingsReadFact {
  readIds: number[];
  targetIds: number[];
  targetsRead: number[];
}

/**
 * Builds the guard; always present (tracking is on by default), enforcing only for the calls
 * `audit.findings.require_read_for` / `require_read_when` name (src/guards/read-tracking/requirement.ts).
 * @example createReadTrackingGuard(FINDINGS_TRACKING_DEFAULTS, deps).name // 'read-tracking'
 */
/**
 * The read set's key in the store (`audit.findings.scope`). A principal key holds a space, which
 * an MCP session id (visible ASCII, no spaces) never does, so the two scopes cannot collide.
 */
export function readSetKeyOf(
  cfg: Pick<FindingsTracking, 'scope'>,
  ctx: RequestContext,
): string | undefined {
  return cfg.scope === 'principal'
    ? `principal ${ctx.principal.authMethod} ${ctx.principal.id}`
    : ctx.sessionId;
}

export function createReadTrackingGuard(cfg: FindingsTracking, deps: GuardDeps): Guard {
  const resultTools = cfg.result_tools ? new Set(cfg.result_tools) : undefined;
  // Absent list: every read tool (coverage from what flows, not from a list of names).
  const readsFindings = (tool: string): boolean =>
    resultTools ? resultTools.has(tool) : !deps.isMutatingTool(tool);
  const requireRead = compileReadRequirement(cfg);
  const idArgs = idArgumentNames(cfg.id_arguments);
  const principalScope = cfg.scope === 'principal';
  const ttlMs = principalScope ? cfg.principal_ttl_seconds * 1000 : undefined;
  const readSetKey = (ctx: RequestContext) => readSetKeyOf(cfg, ctx);

  async function readTrackingOnRequest(ctx: RequestContext): Promise<Verdict> {
    const tool = ctx.request.toolName;
    if (ctx.request.method !== 'tools/call' || !tool || !deps.isMutatingTool(tool)) return CONTINUE;
    const targets = extractTargetFindingIds(ctx.request.arguments ?? {}, idArgs);
    const rule = requireRead(tool, ctx.request.arguments);
    const required = rule !== undefined;
    let read: number[] = [];
    const key = readSetKey(ctx);
    if (key !== undefined) {
      try {
        read = await ctx.store.getReadFindings(key);
      } catch {
        if (!required) return CONTINUE;
        return deny('state_unavailable', 'read set unavailable', 'store_error');
      }
    }
    const readSet = new Set(read);
    const fact: FindingsReadFact = {
      readIds: read.slice(0, MAX_READ_IDS_IN_RECORD),
      targetIds: targets.ids,
      targetsRead: targets.ids.filter((id) => readSet.has(id)),
    };
    ctx.facts.set(FINDINGS_READ_FACT, fact);
    if (!required) return CONTINUE;
    if (key === undefined) return deny('not_read_before_mutation', 'no session', 'no_session');
    if (targets.unparsable) {
      return deny('not_read_before_mutation', 'a finding id argument is not an integer', 'bad_id');
    }
    if (targets.ids.length === 0) {
      return deny('not_read_before_mutation', 'no target finding id in arguments', 'no_target');
    }
    const unread = targets.ids.filter((id) => !readSet.has(id));
    if (unread.length > 0) {
      return deny(
        'not_read_before_mutation',
        `unread target findings: ${unread.slice(0, 20).join(',')}`,
        'unread',
      );
    }
    return CONTINUE;
  }

  async function readTrackingOnResponse(
    ctx: ResponseContext,
    message: JsonRpcMessage,
    view?: ResponseView,
  ): Promise<Verdict> {
    const tool = ctx.request.toolName;
    if (ctx.answeredMethod !== 'tools/call' || !tool || !readsFindings(tool)) return CONTINUE;
    const key = readSetKey(ctx);
    if (key === undefined) return CONTINUE;
    const ids = extractReadFindingIds(message, cfg.max_ids_per_response, view);
    if (ids.length === 0) return CONTINUE;
    try {
      await ctx.store.addReadFindings(key, ctx.principal.id, ids, ttlMs);
    } catch {
      // Not recording a read can only cause a later denial (fail closed), never an allow.
      return { kind: 'continue', annotations: { readTracking: 'store_error' } };
    }
    return { kind: 'continue', annotations: { findingsRead: ids.length } };
  }

  const guard: Guard = {
    name: 'read-tracking',
    mode: cfg.mode,
    // Reads the upstream result as it came, before wrapping or redaction rewrite it.
    response: { phase: 'observe' },
    onRequest: readTrackingOnRequest,
    onResponse: readTrackingOnResponse,
  };
  return guard;
}

function deny(
  code: 'not_read_before_mutation' | 'state_unavailable',
  reason: string,
  ruleId: string,
): Verdict {
  return { kind: 'deny', code, reason, ruleId: `read-tracking:${ruleId}` };
}

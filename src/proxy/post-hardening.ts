/**
 * Checks a parsed client message passes after the transport checks and before the guard chain
 *: the per-principal SSE stream cap and the per-session notification cap
 *, `Mcp-Param-*` header/body agreement and `_meta` spoofing. Kept
 * out of post.ts so that file stays wiring.
 */
import type { DenialCode } from '../core/denials.js';
import type { ClassifiedRequest, JsonRpcMessage } from '../core/jsonrpc.js';
import type { Principal } from '../core/principal.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { logCorrelation, logger } from '../shared/logger.js';
import { sanitizeClientMeta } from './client-meta.js';
import { classifyMessage } from './jsonrpc.js';
import { paramHeadersMatchBody, syncParamHeaders, type ParamSync } from './param-headers.js';
import { limitsOf } from './runtime-limits.js';

type Headers = Readonly<Record<string, string | string[] | undefined>>;

/** Outcome of preChainChecks. */
export type PreChain =
  /** `release` gives back the request's stream slot (requests only; idempotent). */
  | { kind: 'ok'; parsed: ClassifiedRequest; release?: () => void }
  /** Drop silently with 202 (counted, not audited: a flood must not flood the trail). */
  | { kind: 'drop' }
  | { kind: 'reject'; code: DenialCode; reason: string };

/** Runs the pre-chain hardening checks on one client message. */
export function preChainChecks(
  rt: object,
  policy: CompiledPolicy,
  who: { sessionId: string | undefined; principal: Principal; decisionId: string },
  headers: Headers,
  parsed: ClassifiedRequest,
): PreChain {
  let slot: (() => void) | undefined;
  const ok = (p: ClassifiedRequest): PreChain => ({ kind: 'ok', parsed: p, release: slot });
  if (parsed.kind === 'request') {
    const grant = limitsOf(rt).streams.admitRequest(policy, who.principal);
    if (!grant.ok) {
      return { kind: 'reject', code: 'too_many_streams', reason: `stream cap ${grant.cap}` };
    }
    slot = grant.release;
  }
  // Keep this order: the slot is taken last among refusals that need no slot, and given back on
  // every later refusal (the caller releases it for 'ok' when the response closes).
  const refuse = (code: DenialCode, reason: string): PreChain => {
    slot?.();
    return { kind: 'reject', code, reason };
  };
  if (parsed.kind === 'notification') {
    const ok = limitsOf(rt).notifications.admit(
      policy,
      who.sessionId,
      who.principal,
      parsed.method,
    );
    if (!ok) return { kind: 'drop' };
  }
  if (parsed.method === 'tools/call' && !paramHeadersMatchBody(headers, parsed.arguments)) {
    return refuse('header_mismatch', 'Mcp-Param header disagrees');
  }
  const meta = sanitizeClientMeta(parsed.message);
  if (meta.kind === 'reject') return refuse('reserved_meta_key', meta.reason);
  if (meta.stripped.length === 0) return ok(parsed);
  logger.info('stripped client _meta keys in the proxy namespace', {
    count: meta.stripped.length,
    ...logCorrelation(who),
  });
  return ok(classifyMessage(meta.message));
}

/** The `Mcp-Param-*` re-sync for the message about to be forwarded (tools/call only). */
export function paramSyncFor(
  headers: Headers,
  parsed: ClassifiedRequest,
  outgoing: JsonRpcMessage,
): ParamSync {
  if (parsed.method !== 'tools/call') return { kind: 'ok', set: {}, drop: [] };
  const params = outgoing.params as Record<string, unknown> | undefined;
  const after = params?.arguments;
  const afterArgs =
    after !== null && typeof after === 'object' && !Array.isArray(after)
      ? (after as Record<string, unknown>)
      : undefined;
  return syncParamHeaders(headers, parsed.arguments, afterArgs);
}

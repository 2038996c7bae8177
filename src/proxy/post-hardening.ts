/**
 * The transport caps a parsed client message passes before the guard chain: the per-principal
 * SSE stream cap and the per-session notification cap (they hold a slot or drop silently, so they
 * stay out of the chain). `Mcp-Param-*` agreement and `_meta` are system guards now
 * (src/guards/system/); the outgoing `Mcp-Param-*` re-sync is here.
 */
import type { DenialCode } from '../core/denials.js';
import type { ClassifiedRequest, JsonRpcMessage } from '../core/jsonrpc.js';
import type { Principal } from '../core/principal.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { syncParamHeaders, type ParamSync } from '../guards/system/param-headers.js';
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
  who: { sessionId: string | undefined; principal: Principal },
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
  // The caller gives the slot back when the response closes (any later refusal closes it too).
  if (parsed.kind === 'notification') {
    const admitted = limitsOf(rt).notifications.admit(
      policy,
      who.sessionId,
      who.principal,
      parsed.method,
    );
    if (!admitted) return { kind: 'drop' };
  }
  return ok(parsed);
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

/**
 * `_meta` spoofing. The proxy owns the `io.dojo-guard/` `_meta`
 * namespace: whatever a client puts there is stripped before any guard sees the message, so a
 * later feature (or an upstream) can trust keys in it to come from the proxy. A client may not set
 * `io.modelcontextprotocol/related-task` at all: it would let it steer a message into a task that
 * another principal created, and the proxy denies task-augmented calls anyway.
 *
 * Keys are compared after NFKC, removal of default-ignorable code points (zero-width joiners,
 * soft hyphens...) and lower-casing, so `IO.Dojo-Guard/x`, full-width letters and `io.dojo\u200B-guard/x`
 * are treated like the real key: an upstream or a log viewer that folds them must not see a
 * client-chosen value in our namespace. (Stripping look-alikes costs a legitimate client nothing.)
 */
import type { JsonRpcMessage } from '../../core/jsonrpc.js';

/** The proxy's own `_meta` namespace (reverse-DNS prefix, MCP `_meta` key grammar). */
export const PROXY_META_PREFIX = 'io.dojo-guard/';
/** Clients may never set this key (task binding is the proxy's and the upstream's business). */
export const RELATED_TASK_KEY = 'io.modelcontextprotocol/related-task';

const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;

/** The comparison form of a `_meta` key. */
export function normalizeMetaKey(key: string): string {
  return key.normalize('NFKC').replace(IGNORABLE, '').toLowerCase();
}

/** Result of sanitizeClientMeta: the cleaned message, or a refusal. */
export type MetaOutcome =
  { kind: 'ok'; message: JsonRpcMessage; stripped: string[] } | { kind: 'reject'; reason: string };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Checks the `_meta` of a client message (`params._meta` of requests and notifications,
 * `result._meta` of responses). Returns the message with reserved keys removed (the same object
 * when nothing was removed), or a rejection when the client tried to set the related-task key.
 * @example sanitizeClientMeta({ jsonrpc: '2.0', id: 1, method: 'ping', params: { _meta: { 'io.dojo-guard/principal': 'admin' } } })
 */
export function sanitizeClientMeta(message: JsonRpcMessage): MetaOutcome {
  let out = message;
  const stripped: string[] = [];
  for (const holder of ['params', 'result'] as const) {
    const container = out[holder];
    if (!isPlainObject(container) || !Object.prototype.hasOwnProperty.call(container, '_meta')) {
      continue;
    }
    const meta = container._meta;
    if (!isPlainObject(meta)) continue; // not ours to judge: the upstream validates the shape
    const kept: Record<string, unknown> = {};
    let removed = false;
    for (const [key, value] of Object.entries(meta)) {
      const norm = normalizeMetaKey(key);
      if (norm === RELATED_TASK_KEY) {
        return { kind: 'reject', reason: `client set ${holder}._meta ${RELATED_TASK_KEY}` };
      }
      if (norm.startsWith(PROXY_META_PREFIX) || norm === PROXY_META_PREFIX.slice(0, -1)) {
        stripped.push(key.slice(0, 128));
        removed = true;
        continue;
      }
      kept[key] = value;
    }
    if (removed) out = { ...out, [holder]: { ...container, _meta: kept } };
  }
  return { kind: 'ok', message: out, stripped };
}

/**
 * Session binding and per-session correlation (mcp-protocol.md traps 18, 21, 22, 24).
 *
 * The binding (session id → principal) lives in the shared StateStore so every replica enforces
 * it. The correlation table (request id → the context policy decided on) is per process and per
 * session, kept for the session's lifetime rather than the POST's: a response can arrive on the
 * GET stream or on a resumed stream. It is bounded so a chatty session cannot grow it forever.
 */
import { LRUCache } from 'lru-cache';
import type { JsonRpcId, Principal } from '../guards/guard.js';
import type { StateStore } from '../state/store.js';
import { idKey } from './jsonrpc.js';
import type { Decision } from './pipeline.js';

/** What the proxy remembers about a client request it forwarded. */
export interface PendingRequest {
  /** The decision (context, verdicts, single audit record) of the forwarded request. */
  decision: Decision;
}

/** Result of checking a presented session id against the binding. */
export type SessionCheck =
  { ok: true } | { ok: false; code: 'session_not_found' | 'state_unavailable' | 'invalid_request' };

const MAX_CORRELATIONS_PER_SESSION = 2_000;

/** Valid `Mcp-Session-Id`: visible ASCII 0x21–0x7E, no `,` (two joined headers, trap 10). */
export function isValidSessionId(v: string): boolean {
  return v.length > 0 && v.length <= 256 && /^[\x21-\x2b\x2d-\x7e]+$/.test(v);
}

export class SessionTable {
  /**
   * Session id → (request id → pending request). The inner table is a plain insertion-ordered
   * Map bounded by hand, not an LRUCache: an LRUCache preallocates arrays for its `max` (about
   * 40 KB at 2,000 entries) for every session, idle ones included (issue 8, 1,000 idle sessions).
   */
  private readonly correlations: LRUCache<string, Map<string, PendingRequest>>;

  constructor(
    private readonly store: () => StateStore,
    private readonly ttlMs: () => number,
  ) {
    this.correlations = new LRUCache({ max: 10_000, ttl: 24 * 3600_000 });
  }

  /** Checks that `sessionId` is bound to `principal` (404 for unknown or foreign sessions). */
  async check(sessionId: string, principal: Principal): Promise<SessionCheck> {
    if (!isValidSessionId(sessionId)) return { ok: false, code: 'invalid_request' };
    let binding;
    try {
      binding = await this.store().getSession(sessionId);
    } catch {
      return { ok: false, code: 'state_unavailable' };
    }
    // A foreign session is answered exactly like an unknown one: no oracle for session ids.
    if (!binding || binding.principalId !== principal.id) {
      return { ok: false, code: 'session_not_found' };
    }
    this.store()
      .touchSession(sessionId, this.ttlMs())
      .catch(() => undefined);
    return { ok: true };
  }

  /** Binds a freshly issued session id to the principal whose initialize created it. */
  async bind(sessionId: string, principal: Principal, protocolVersion?: string): Promise<void> {
    await this.store().bindSession(
      sessionId,
      { principalId: principal.id, role: principal.role, protocolVersion, createdAt: Date.now() },
      this.ttlMs(),
    );
  }

  /** Drops the binding and the correlation table (DELETE, or upstream 404). */
  async drop(sessionId: string): Promise<void> {
    this.correlations.delete(sessionId);
    await this.store()
      .deleteSession(sessionId)
      .catch(() => undefined);
  }

  /** Remembers a forwarded request so its response can be correlated on any stream. */
  remember(sessionId: string, id: JsonRpcId, pending: PendingRequest): void {
    let table = this.correlations.get(sessionId);
    if (!table) {
      table = new Map();
      this.correlations.set(sessionId, table);
    }
    const key = idKey(id);
    table.delete(key); // a re-used id moves to the newest position
    table.set(key, pending);
    // Oldest first (Map keeps insertion order): drop the oldest beyond the bound.
    if (table.size > MAX_CORRELATIONS_PER_SESSION) table.delete(table.keys().next().value!);
  }

  /** Finds the request a response answers. */
  lookup(sessionId: string, id: JsonRpcId): PendingRequest | undefined {
    return this.correlations.get(sessionId)?.get(idKey(id));
  }
}

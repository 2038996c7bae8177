/**
 * Session binding and per-session correlation.
 *
 * The binding (session id → principal) lives in the shared StateStore so every replica enforces
 * it. The correlation table (request id → the context policy decided on) is per process and per
 * session, kept until the response is seen rather than for the POST's lifetime: a response can
 * arrive on the GET stream or on a resumed stream. Once answered, a request moves to a short
 * "answered" list, so a response the upstream replays on a resumed stream is guarded again; older
 * ones are forgotten (a session that runs for days must not keep every decision it ever made).
 * A response that matches neither is refused by the caller (fail closed, `uncorrelated_response`).
 */
import type { LRUCache } from 'lru-cache';
import { growingLru } from '../shared/lru.js';
import type { JsonRpcId } from '../core/jsonrpc.js';
import type { Principal } from '../core/principal.js';
import type { StateStore } from '../core/store.js';
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
/** Answered requests kept per session for replays on resumed streams (newest first to go last). */
const MAX_ANSWERED_PER_SESSION = 8;

/** One session's correlation state: requests awaiting their response, and the last answered. */
interface Correlations {
  pending: Map<string, PendingRequest>;
  answered?: Map<string, PendingRequest>;
}

/** Valid `Mcp-Session-Id`: visible ASCII 0x21–0x7E, no `,` (two joined headers). */
export function isValidSessionId(v: string): boolean {
  return v.length > 0 && v.length <= 256 && /^[\x21-\x2b\x2d-\x7e]+$/.test(v);
}

export class SessionTable {
  /**
   * Session id → correlation state. The inner tables are plain insertion-ordered Maps bounded by
   * hand, not LRUCaches: an LRUCache preallocates arrays for its `max` (about 40 KB at 2,000
   * entries) for every session, idle ones included (1,000 idle sessions).
   */
  private readonly correlations: LRUCache<string, Correlations>;
  /**
   * Sessions whose client declared form elicitation at initialize (src/proxy/elicitation.ts).
   * Per process, like the correlations: the client's answer must come back to the replica that
   * holds the waiting call anyway. Unknown here (another replica initialized it, or a restart):
   * the client is not asked in band, the out-of-band path applies.
   */
  private readonly elicitable = growingLru<string, true>(10_000, { ttl: 24 * 3600_000 });

  constructor(
    private readonly store: () => StateStore,
    private readonly ttlMs: () => number,
  ) {
    this.correlations = growingLru(10_000, { ttl: 24 * 3600_000 });
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

  /** Remembers whether the client of a new session declared form elicitation. */
  noteElicitation(sessionId: string, declared: boolean): void {
    if (declared) this.elicitable.set(sessionId, true);
    else this.elicitable.delete(sessionId);
  }

  /** True when the session's client declared form elicitation at initialize (on this replica). */
  canElicit(sessionId: string): boolean {
    return this.elicitable.get(sessionId) === true;
  }

  /** Drops the binding and the correlation table (DELETE, or upstream 404). */
  async drop(sessionId: string): Promise<void> {
    this.correlations.delete(sessionId);
    this.elicitable.delete(sessionId);
    await this.store()
      .deleteSession(sessionId)
      .catch(() => undefined);
  }

  /** Remembers a forwarded request so its response can be correlated on any stream. */
  remember(sessionId: string, id: JsonRpcId, pending: PendingRequest): void {
    let c = this.correlations.get(sessionId);
    if (!c) {
      c = { pending: new Map() };
      this.correlations.set(sessionId, c);
    }
    const key = idKey(id);
    c.answered?.delete(key); // a re-used id now names the new request
    pushBounded(c.pending, key, pending, MAX_CORRELATIONS_PER_SESSION);
  }

  /**
   * True while a request with this id is forwarded and not yet finished in this session. A second
   * request reusing the id would make its answer ambiguous (the upstream and the correlation
   * table key by id), so post.ts refuses it (`duplicate_request_id`) instead of forwarding it.
   */
  inFlight(sessionId: string, id: JsonRpcId): boolean {
    const entry = this.correlations.get(sessionId)?.pending.get(idKey(id));
    return entry !== undefined && !entry.decision.concluded;
  }

  /** Finds the request a response answers (awaiting its response, or recently answered). */
  lookup(sessionId: string, id: JsonRpcId): PendingRequest | undefined {
    const c = this.correlations.get(sessionId);
    if (!c) return undefined;
    const key = idKey(id);
    return c.pending.get(key) ?? c.answered?.get(key);
  }

  /**
   * Marks the request `id` answered once its response went through the response chain: it
   * leaves the pending table and joins the short answered list. Only when the table still holds
   * this very decision (a re-used id may already name a newer request).
   */
  settle(sessionId: string, id: JsonRpcId, decision: Decision): void {
    const c = this.correlations.get(sessionId);
    const key = idKey(id);
    const entry = c?.pending.get(key);
    if (!c || entry?.decision !== decision) return;
    c.pending.delete(key);
    pushBounded((c.answered ??= new Map()), key, entry, MAX_ANSWERED_PER_SESSION);
  }
}

/** Sets `key` as the newest entry of `table`, dropping the oldest beyond `max`. */
function pushBounded<V>(table: Map<string, V>, key: string, value: V, max: number): void {
  table.delete(key); // a re-used key moves to the newest position
  table.set(key, value);
  // Oldest first (Map keeps insertion order).
  if (table.size > max) table.delete(table.keys().next().value!);
}

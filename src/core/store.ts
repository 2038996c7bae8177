/**
 * Shared state of the guard. Two implementations: in-memory (one process, default) and
 * Redis (several replicas). Everything a replica must share lives behind this interface.
 * Every method may reject when the backing store is down: callers fail closed.
 */
import type { RateLimiterAbstract } from 'rate-limiter-flexible';

export interface SessionBinding {
  principalId: string;
  role: string;
  /** Negotiated protocol version from the initialize result, when known. */
  protocolVersion?: string;
  createdAt: number;
}

/** What a rate-limit bucket needs from the store (rate-limiter-flexible options, in seconds). */
export interface LimiterSpec {
  /** Namespace of the bucket inside the store, e.g. `rl:mutations-per-principal`. */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  /** Lock the key for this long once it goes over `points` (0 = no block). */
  blockSeconds?: number;
}

/** Health transitions of the store (`healthy` false = outage begins, true = recovered). */
export type HealthListener = (healthy: boolean, reason: string) => void;

export interface StateStore {
  readonly kind: 'memory' | 'redis';
  /** True while the store answers; false during an outage (for /readyz and fail-closed paths). */
  healthy(): boolean;
  /**
   * Subscribe to outage / recovery transitions (one call per transition, never repeated for the
   * same state). Returns an unsubscribe function. See src/state/health-events.ts for auditing.
   */
  onHealthChange(listener: HealthListener): () => void;

  bindSession(sessionId: string, binding: SessionBinding, ttlMs: number): Promise<void>;
  getSession(sessionId: string): Promise<SessionBinding | undefined>;
  /** Refresh the TTL of a live session. */
  touchSession(sessionId: string, ttlMs: number): Promise<void>;
  deleteSession(sessionId: string): Promise<void>;

  /**
   * Record finding ids seen in tool results under a read-set key (a session id, or a principal
   * key for `audit.findings.scope: principal`; bounded). `ttlMs` overrides the store's read TTL
   * for this set; the TTL restarts with every addition.
   */
  addReadFindings(
    sessionId: string,
    principalId: string,
    ids: readonly number[],
    ttlMs?: number,
  ): Promise<void>;
  /** Finding ids read under this key (most recent first, bounded). */
  getReadFindings(sessionId: string): Promise<number[]>;

  /**
   * A rate-limiter-flexible limiter whose counters live in this store (shared by all replicas on
   * Redis). Its `consume`/`get`/`reward` reject with an `Error` (not a `RateLimiterRes`) when the
   * store is down: callers must fail closed. Same spec → same counters across policy reloads.
   */
  createLimiter(spec: LimiterSpec): RateLimiterAbstract;

  close(): Promise<void>;
}

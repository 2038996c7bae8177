import type { LRUCache } from 'lru-cache';
import { growingLru } from '../shared/lru.js';
import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimiterSpec, SessionBinding, StateStore } from '../core/store.js';
import { stateStoreHealthy } from './metrics.js';

/** Options shared by both stores: bounds on what one session may make us hold. */
export interface StoreLimits {
  maxSessions?: number;
  /** Most recent finding ids kept per session (older ones are dropped first). */
  maxReadIdsPerSession?: number;
  /** Lifetime of a session's read set after its last write. */
  readTtlMs?: number;
}

/** Stable identity of a limiter spec, so a policy reload with the same limit keeps its counters. */
export function limiterSpecKey(spec: LimiterSpec): string {
  return JSON.stringify([
    spec.keyPrefix,
    spec.points,
    spec.durationSeconds,
    spec.blockSeconds ?? 0,
  ]);
}

/**
 * In-process state for a single replica. Bounded: old sessions and read sets are evicted.
 * Always healthy (it cannot be unreachable), so it never emits health transitions.
 * @example const store = new MemoryStore({ maxReadIdsPerSession: 1000 });
 */
export class MemoryStore implements StateStore {
  readonly kind = 'memory' as const;
  private readonly sessions: LRUCache<string, SessionBinding>;
  private readonly reads: LRUCache<string, number[]>;
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  /** Shared documents by `kind` then id (approvals); bounded, expired entries dropped. */
  private readonly docs = growingLru<string, { kind: string; text: string }>(100_000, { ttl: 1 });

  constructor(private readonly opts: StoreLimits = {}) {
    stateStoreHealthy.set(1);
    this.sessions = growingLru(opts.maxSessions ?? 100_000, { ttl: 24 * 3600_000 });
    this.reads = growingLru(opts.maxSessions ?? 100_000, { ttl: opts.readTtlMs ?? 8 * 3600_000 });
  }

  healthy(): boolean {
    return true;
  }

  onHealthChange(): () => void {
    return () => {};
  }

  async bindSession(sessionId: string, binding: SessionBinding, ttlMs: number): Promise<void> {
    this.sessions.set(sessionId, { ...binding }, { ttl: ttlMs });
  }

  async getSession(sessionId: string): Promise<SessionBinding | undefined> {
    const b = this.sessions.get(sessionId);
    return b ? { ...b } : undefined;
  }

  async touchSession(sessionId: string, ttlMs: number): Promise<void> {
    const b = this.sessions.get(sessionId);
    if (b) this.sessions.set(sessionId, b, { ttl: ttlMs });
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
    this.reads.delete(sessionId);
  }

  async addReadFindings(
    sessionId: string,
    _principalId: string,
    ids: readonly number[],
    ttlMs?: number,
  ): Promise<void> {
    const max = this.opts.maxReadIdsPerSession ?? 10_000;
    const prev = this.reads.get(sessionId) ?? [];
    // Most recent first, unique, bounded (LRU within the session).
    const merged = [...new Set([...[...ids].reverse(), ...prev])].slice(0, max);
    this.reads.set(sessionId, merged, ttlMs === undefined ? undefined : { ttl: ttlMs });
  }

  async getReadFindings(sessionId: string): Promise<number[]> {
    return [...(this.reads.get(sessionId) ?? [])];
  }

  createLimiter(spec: LimiterSpec): RateLimiterAbstract {
    const id = limiterSpecKey(spec);
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterMemory({
        keyPrefix: spec.keyPrefix,
        points: spec.points,
        duration: spec.durationSeconds,
        blockDuration: spec.blockSeconds ?? 0,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async getDoc(kind: string, id: string): Promise<string | undefined> {
    return this.docs.get(docKey(kind, id))?.text;
  }

  async casDoc(
    kind: string,
    id: string,
    expected: string | undefined,
    next: string | undefined,
    ttlMs: number,
  ): Promise<boolean> {
    const key = docKey(kind, id);
    // Synchronous from read to write: nothing else runs in between in this process.
    if (this.docs.get(key)?.text !== expected) return false;
    if (next === undefined) this.docs.delete(key);
    else this.docs.set(key, { kind, text: next }, { ttl: ttlMs });
    return true;
  }

  async listDocs(kind: string): Promise<string[]> {
    const out: { text: string; left: number }[] = [];
    for (const [key, doc] of this.docs.entries()) {
      if (doc.kind === kind) out.push({ text: doc.text, left: this.docs.getRemainingTTL(key) });
    }
    return out.sort((a, b) => a.left - b.left).map((d) => d.text);
  }

  async close(): Promise<void> {}
}

function docKey(kind: string, id: string): string {
  return `${kind}\u0000${id}`;
}

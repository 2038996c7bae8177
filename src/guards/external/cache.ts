/**
 * Per-replica cache of external decisions, keyed by the SHA-256 of the input document (so only
 * the identical question, principal and arguments included, reuses an answer). Bounded in count
 * (least recently used first, src/shared/lru.ts) and in time; only allow/deny answers are kept,
 * never a failure.
 */
import type { LRUCache } from 'lru-cache';
import { growingLru } from '../../shared/lru.js';
import type { Answer } from './ask.js';

type Kept = Extract<Answer, { kind: 'allow' | 'deny' }>;

export class DecisionCache {
  private readonly entries: LRUCache<string, Kept> | undefined;

  constructor(ttlMs: number, max: number, now: () => number) {
    // ttl 0 means "no cache" here (to lru-cache it would mean "never expires").
    this.entries =
      ttlMs > 0
        ? growingLru<string, Kept>(max, { ttl: ttlMs, ttlResolution: 0, perf: { now } })
        : undefined;
  }

  get(key: string): Kept | undefined {
    return this.entries?.get(key);
  }

  set(key: string, answer: Answer): void {
    if (answer.kind === 'unavailable') return;
    this.entries?.set(key, answer);
  }
}

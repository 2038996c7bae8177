/**
 * Per-replica cache of external decisions, keyed by the SHA-256 of the input document (so only
 * the identical question, principal and arguments included, reuses an answer). Bounded in count
 * (oldest first) and in time; only allow/deny answers are kept, never a failure.
 */
import type { Answer } from './ask.js';

type Kept = Extract<Answer, { kind: 'allow' | 'deny' }>;

export class DecisionCache {
  private readonly entries = new Map<string, { answer: Kept; at: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  get(key: string): Kept | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (this.now() - e.at >= this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e.answer;
  }

  set(key: string, answer: Answer): void {
    if (this.ttlMs === 0 || answer.kind === 'unavailable') return;
    this.entries.delete(key);
    this.entries.set(key, { answer, at: this.now() });
    while (this.entries.size > this.max) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}

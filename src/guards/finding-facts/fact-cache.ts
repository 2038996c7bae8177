/**
 * Short-lived cache of looked-up facts. Keyed by principal and finding, so one principal's
 * lookup never answers another's decision; bounded in count (oldest first) and time; a mutation
 * of a finding drops every principal's entry for it.
 */
import type { FindingFacts } from './facts.js';

interface Entry {
  facts: FindingFacts | null; // null: the finding does not exist
  at: number;
}

export class FactCache {
  private readonly entries = new Map<string, Entry>();
  /** finding id → keys holding it (for invalidation). */
  private readonly byFinding = new Map<number, Set<string>>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
    private readonly now: () => number,
  ) {}

  private static key(principal: string, id: number): string {
    return `${id}\u0000${principal}`;
  }

  get(principal: string, id: number): Entry | undefined {
    if (this.ttlMs === 0) return undefined;
    const k = FactCache.key(principal, id);
    const e = this.entries.get(k);
    if (!e) return undefined;
    if (this.now() - e.at >= this.ttlMs) {
      this.drop(k, id);
      return undefined;
    }
    return e;
  }

  set(principal: string, id: number, facts: FindingFacts | null): void {
    if (this.ttlMs === 0) return;
    const k = FactCache.key(principal, id);
    this.entries.delete(k);
    this.entries.set(k, { facts, at: this.now() });
    let keys = this.byFinding.get(id);
    if (!keys) this.byFinding.set(id, (keys = new Set()));
    keys.add(k);
    while (this.entries.size > this.max) {
      const oldest = this.entries.keys().next().value as string;
      this.drop(oldest, Number(oldest.slice(0, oldest.indexOf('\u0000'))));
    }
  }

  /** Forgets finding `id` for every principal (it is being changed). */
  invalidate(id: number): void {
    for (const k of this.byFinding.get(id) ?? []) this.entries.delete(k);
    this.byFinding.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }

  private drop(k: string, id: number): void {
    this.entries.delete(k);
    const keys = this.byFinding.get(id);
    keys?.delete(k);
    if (keys?.size === 0) this.byFinding.delete(id);
  }
}

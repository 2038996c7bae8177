/**
 * Fact lookups with their bounds: a per-principal cache (fact-cache.ts), one lookup in flight per
 * principal and finding, a timeout, and an audit record (`finding_lookup`) for every lookup that
 * reached the upstream. Failures are returned, never thrown: the caller decides (mutations fail
 * closed, reads go on).
 */
import type { AuditRecorder } from '../../core/recorder.js';
import { FactCache } from './fact-cache.js';
import { lookupResultOf, type FindingFacts, type LookupResult } from './facts.js';
import type { FactSource } from './source.js';

export interface LookupOptions {
  timeoutMs: number;
  cacheTtlMs: number;
  cacheMaxEntries: number;
}

export class FactLookup {
  private readonly cache: FactCache;
  private readonly inflight = new Map<string, Promise<LookupResult>>();
  /** test id → product id (and type), learned from lookups: a test never changes product. */
  private readonly testProducts = new Map<number, { product: number; type?: number }>();
  private readonly engagementProducts = new Map<number, { product: number; type?: number }>();

  constructor(
    private readonly source: FactSource,
    private readonly opts: LookupOptions,
    private readonly recorder: AuditRecorder,
    private readonly now: () => number,
  ) {
    this.cache = new FactCache(opts.cacheTtlMs, opts.cacheMaxEntries, now);
  }

  /**
   * Facts of finding `id` for a decision about `principal`.
   * @example const r = await lookup.facts('agent-1', 42); if (r.kind === 'found') r.facts.severity
   */
  async facts(principal: string, id: number): Promise<LookupResult> {
    const hit = this.cache.get(principal, id);
    if (hit) return hit.facts ? { kind: 'found', facts: hit.facts } : { kind: 'absent' };
    const key = `${id}\u0000${principal}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.fetch(principal, id).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    return p;
  }

  /** Drops cached facts of `id` for everyone (the finding is being changed). */
  invalidate(id: number): void {
    this.cache.invalidate(id);
  }

  /** Product of a test, when a lookup taught it. */
  productOfTest(test: number): { product: number; type?: number } | undefined {
    return this.testProducts.get(test);
  }

  /** Product of an engagement, when a lookup taught it. */
  productOfEngagement(engagement: number): { product: number; type?: number } | undefined {
    return this.engagementProducts.get(engagement);
  }

  private learn(f: FindingFacts): void {
    if (f.product === undefined) return;
    const p = { product: f.product, type: f.product_type };
    for (const [map, key] of [
      [this.testProducts, f.test],
      [this.engagementProducts, f.engagement],
    ] as const) {
      if (key === undefined) continue;
      if (map.size >= this.opts.cacheMaxEntries) map.clear();
      map.set(key, p);
    }
  }

  private async fetch(principal: string, id: number): Promise<LookupResult> {
    const t0 = this.now();
    let r: LookupResult;
    try {
      r = lookupResultOf(await this.source(id, AbortSignal.timeout(this.opts.timeoutMs)), id);
    } catch (err) {
      const timeout = err instanceof Error && err.name === 'TimeoutError';
      r = {
        kind: 'unavailable',
        reason: timeout ? 'lookup timed out' : 'upstream unreachable or answered badly',
      };
    }
    if (r.kind === 'found') {
      this.cache.set(principal, id, r.facts);
      this.learn(r.facts);
    } else if (r.kind === 'absent') this.cache.set(principal, id, null);
    this.recorder.recordEvent({
      type: 'finding_lookup',
      severity: r.kind === 'unavailable' ? 'warning' : 'info',
      detail: {
        findingId: id,
        principal,
        outcome: r.kind,
        ms: this.now() - t0,
        ...(r.kind === 'unavailable' && { reason: r.reason }),
      },
    });
    return r;
  }
}

/**
 * Buckets on top of rate-limiter-flexible, and the all-or-nothing take across several of them.
 *
 * Semantics (documented in the schema): every bucket that applies to a call must admit it; a call
 * denied by any bucket consumes nothing anywhere (points taken from the others, and the over-limit
 * increment in the denying one, are given back with `reward`). Exception: a bucket with
 * `block_seconds` keeps its over-limit state, because that state is the block.
 *
 * Windows are fixed (rate-limiter-flexible: a window starts at a key's first consume). A burst is a
 * second limiter consulted only when the main one is exhausted (BurstyRateLimiter semantics,
 * composed here so we know which limiter to refund).
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { StateStore } from '../../core/store.js';

/** Static description of one bucket family (one limit, one blast-radius rule, ...). */
export interface BucketSpec {
  /** Rule id for audit (`ruleId`) and the counter namespace. */
  id: string;
  /** `approval_required`: an approvals rule's count trigger (src/guards/approval/triggers.ts). */
  code: 'rate_limited' | 'blast_radius_exceeded' | 'approval_required';
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
  burst?: { points: number; durationSeconds: number };
}

interface LimiterPair {
  /** Counters in the state store (shared by replicas on Redis). */
  shared: RateLimiterAbstract;
  /** Per-replica twin, used for reads only while the store is down. */
  local: RateLimiterAbstract;
}

function pair(store: StateStore, keyPrefix: string, points: number, dur: number, block = 0) {
  const spec = { keyPrefix, points, durationSeconds: dur, blockSeconds: block };
  return {
    shared: store.createLimiter(spec),
    local: new RateLimiterMemory({ keyPrefix, points, duration: dur, blockDuration: block }),
  } satisfies LimiterPair;
}

/** One compiled bucket family. `key` selects the bucket inside the family. */
export class Bucket {
  private readonly main: LimiterPair;
  private readonly burst: LimiterPair | undefined;

  constructor(
    readonly spec: BucketSpec,
    store: StateStore,
    namespace: string,
  ) {
    this.main = pair(
      store,
      `${namespace}:${spec.id}`,
      spec.points,
      spec.durationSeconds,
      spec.blockSeconds,
    );
    this.burst = spec.burst
      ? pair(store, `${namespace}:${spec.id}:burst`, spec.burst.points, spec.burst.durationSeconds)
      : undefined;
  }

  /**
   * Takes `points` from this bucket. Resolves with a taken receipt or a denial; rejects (Error)
   * when the store fails, so the caller can fail closed.
   */
  async take(key: string, points: number, local: boolean): Promise<TakeResult> {
    const which = local ? 'local' : 'shared';
    const main = this.main[which];
    try {
      await main.consume(key, points);
      return { ok: true, refund: () => main.reward(key, points) };
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      // The denied consume incremented the counter; give it back unless it is the block itself.
      if (!this.spec.blockSeconds) await main.reward(key, points);
      const burst = this.burst?.[which];
      if (!burst || this.spec.blockSeconds) return { ok: false, retryAfterMs: err.msBeforeNext };
      try {
        await burst.consume(key, points);
        return { ok: true, refund: () => burst.reward(key, points) };
      } catch (bErr) {
        if (!(bErr instanceof RateLimiterRes)) throw bErr;
        await burst.reward(key, points);
        return { ok: false, retryAfterMs: Math.min(err.msBeforeNext, bErr.msBeforeNext) };
      }
    }
  }
}

export type TakeResult =
  { ok: true; refund: () => Promise<unknown> } | { ok: false; retryAfterMs: number };

/** One bucket to take from for a call. */
export interface Charge {
  bucket: Bucket;
  key: string;
  points: number;
}

export type ChargeOutcome =
  | { ok: true; usedLocalFallback: boolean }
  | { ok: false; kind: 'denied'; denied: Charge; firedIds: string[]; retryAfterMs: number }
  | { ok: false; kind: 'store_failed'; error: string };

/**
 * Takes from every charge or from none. `fallback`: `none` → a store failure is reported as
 * `store_failed` (mutations fail closed); `local` → failed charges are retried on per-replica
 * counters (reads during an outage); `local_only` → skip the store (already known to be down).
 */
export async function chargeAll(
  charges: readonly Charge[],
  fallback: 'none' | 'local' | 'local_only',
): Promise<ChargeOutcome> {
  const allowLocalFallback = fallback !== 'none';
  const settled = await Promise.allSettled(
    charges.map((c) => c.bucket.take(c.key, c.points, fallback === 'local_only')),
  );
  let usedLocalFallback = false;
  const results: (TakeResult | undefined)[] = [];
  let storeError: string | undefined;
  for (const [i, s] of settled.entries()) {
    if (s.status === 'fulfilled') results.push(s.value);
    else if (allowLocalFallback) {
      usedLocalFallback = true;
      const c = charges[i]!;
      results.push(await c.bucket.take(c.key, c.points, true));
    } else {
      results.push(undefined);
      storeError ??= s.reason instanceof Error ? s.reason.message : String(s.reason);
    }
  }
  const denials = results.flatMap((r, i) => (r && !r.ok ? [{ i, r }] : []));
  if (storeError === undefined && denials.length === 0) return { ok: true, usedLocalFallback };
  // Give back what was taken. A refund that fails (store down) is lost: the window ends anyway.
  await Promise.allSettled(results.map((r) => (r?.ok ? r.refund() : undefined)));
  if (storeError !== undefined) return { ok: false, kind: 'store_failed', error: storeError };
  const first = denials[0]!;
  return {
    ok: false,
    kind: 'denied',
    denied: charges[first.i]!,
    firedIds: denials.map((d) => charges[d.i]!.bucket.spec.id),
    retryAfterMs: Math.max(...denials.map((d) => (d.r.ok ? 0 : d.r.retryAfterMs))),
  };
}

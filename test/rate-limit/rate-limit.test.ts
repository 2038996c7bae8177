/**
 * Rate-limit guard on the in-memory store with a controlled clock (vi fake timers drive Date and
 * setTimeout, which is all rate-limiter-flexible's memory limiter uses).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimitGuard } from '../../src/guards/rate-limit/rate-limit.js';
import type { Guard, Verdict } from '../../src/core/guard.js';
import { MemoryStore } from '../../src/state/memory.js';
import { ANON, callCtx, deps, policy, principal } from './ctx.js';

const T0 = new Date('2026-01-01T00:00:00Z');
const alice = principal('alice');
const bob = principal('bob');

function guardFor(rateLimits: unknown, store = new MemoryStore()) {
  const d = deps(store);
  const g = createRateLimitGuard(policy(rateLimits).rate_limits, d) as Guard;
  const call = (p = alice, tool = 'close_finding', args: Record<string, unknown> = {}) =>
    Promise.resolve(g.onRequest!(callCtx(store, p, tool, args)));
  return { g, d, store, call };
}

async function admitted(n: number, f: () => Promise<Verdict>): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i++) if ((await f()).kind === 'continue') ok++;
  return ok;
}

function denial(v: Verdict) {
  if (v.kind !== 'deny') throw new Error(`expected deny, got ${v.kind}`);
  return v;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(T0);
});
afterEach(() => vi.useRealTimers());

describe('rate-limit guard: windows', () => {
  const perPrincipal = { limits: [{ id: 'p3', points: 3, duration_seconds: 60 }] };

  it('admits exactly N calls per window and denies the next with rate_limited', async () => {
    const { call } = guardFor(perPrincipal);
    expect(await admitted(3, () => call())).toBe(3);
    const v = denial(await call());
    expect(v.code).toBe('rate_limited');
    expect(v.ruleId).toBe('p3');
    expect(v.data?.retryAfterMs).toBe(60_000);
  });

  it('reopens exactly at the window boundary, not a millisecond before', async () => {
    const { call } = guardFor(perPrincipal);
    await admitted(3, () => call());
    vi.advanceTimersByTime(59_999);
    const v = denial(await call());
    expect(v.data?.retryAfterMs).toBe(1);
    vi.advanceTimersByTime(1);
    expect((await call()).kind).toBe('continue');
  });

  it('keeps principals in separate buckets', async () => {
    const { call } = guardFor(perPrincipal);
    await admitted(3, () => call(alice));
    expect((await call(alice)).kind).toBe('deny');
    expect(await admitted(3, () => call(bob))).toBe(3);
  });

  it('denied calls consume nothing: a denial storm of retries does not extend the window', async () => {
    const { call, store } = guardFor(perPrincipal);
    await admitted(3, () => call());
    for (let i = 0; i < 10; i++) expect((await call()).kind).toBe('deny');
    const limiter = store.createLimiter({
      keyPrefix: 'rl:p3',
      points: 3,
      durationSeconds: 60,
      blockSeconds: 0,
    });
    expect((await limiter.get('alice'))?.consumedPoints).toBe(3);
  });

  it('block_seconds keeps the bucket closed past the window end', async () => {
    const { call } = guardFor({
      limits: [{ id: 'b', points: 2, duration_seconds: 10, block_seconds: 120 }],
    });
    await admitted(2, () => call());
    expect(denial(await call()).data?.retryAfterMs).toBe(120_000);
    vi.advanceTimersByTime(60_000);
    expect((await call()).kind).toBe('deny');
    vi.advanceTimersByTime(60_000);
    expect((await call()).kind).toBe('continue');
  });

  it('only counts tools/call: other methods and notifications pass', async () => {
    const { g, store } = guardFor({ limits: [{ id: 'one', points: 1, duration_seconds: 60 }] });
    for (let i = 0; i < 5; i++) {
      const v = await g.onRequest!(callCtx(store, alice, undefined, {}, 'tools/list'));
      expect(v.kind).toBe('continue');
    }
  });
});

describe('rate-limit guard: burst', () => {
  const bursty = {
    limits: [
      { id: 'b', points: 2, duration_seconds: 10, burst: { points: 3, duration_seconds: 60 } },
    ],
  };

  it('admits points + burst at once, then only points per window until the burst refills', async () => {
    const { call } = guardFor(bursty);
    expect(await admitted(10, () => call())).toBe(5);
    vi.advanceTimersByTime(10_000);
    expect(await admitted(10, () => call())).toBe(2);
    vi.advanceTimersByTime(10_000);
    expect(await admitted(10, () => call())).toBe(2);
    vi.advanceTimersByTime(40_000); // burst window (60 s) over
    expect(await admitted(10, () => call())).toBe(5);
  });

  it('reports the earlier of main-window end and burst refill as retryAfterMs', async () => {
    const { call } = guardFor(bursty);
    await admitted(5, () => call());
    vi.advanceTimersByTime(4_000);
    expect(denial(await call()).data?.retryAfterMs).toBe(6_000);
  });
});

describe('rate-limit guard: several limits', () => {
  const two = {
    limits: [
      { id: 'all-calls', points: 5, duration_seconds: 60 },
      {
        id: 'fp-closes',
        match: {
          tools: ['close_finding'],
          arguments: [{ path: 'reason', equals: 'false_positive' }],
        },
        points: 2,
        duration_seconds: 60,
      },
    ],
  };

  it('applies every matching limit; the denying one is the ruleId', async () => {
    const { call } = guardFor(two);
    const fp = { finding_id: 1, reason: 'false_positive' };
    expect(await admitted(2, () => call(alice, 'close_finding', fp))).toBe(2);
    const v = denial(await call(alice, 'close_finding', fp));
    expect(v.ruleId).toBe('fp-closes');
  });

  it('a call denied by a later limit takes nothing from the earlier one', async () => {
    const { call } = guardFor(two);
    const fp = { reason: 'false_positive' };
    await admitted(2, () => call(alice, 'close_finding', fp));
    for (let i = 0; i < 10; i++) await call(alice, 'close_finding', fp); // all denied by fp-closes
    // all-calls spent 2 of 5: three more other calls pass, the fourth fails on all-calls.
    expect(await admitted(3, () => call(alice, 'get_finding'))).toBe(3);
    expect(denial(await call(alice, 'get_finding')).ruleId).toBe('all-calls');
  });

  it('matches arguments through case, Unicode compatibility forms, format chars, arrays and key spelling', async () => {
    const { call } = guardFor({
      limits: [
        {
          id: 'fp',
          match: { tools: ['close_*'], arguments: [{ path: 'reason', equals: 'false_positive' }] },
          points: 1,
          duration_seconds: 60,
        },
      ],
    });
    const variants: [string, Record<string, unknown>][] = [
      ['close_finding', { reason: 'FALSE_POSITIVE' }],
      ['CLOSE_FINDING', { reason: 'false_positive' }],
      ['close_finding', { Reason: ' false_positive ' }],
      ['close_finding', { reason: 'false\u200b_positive' }],
      ['close_finding', { reason: 'ｆａｌｓｅ_ｐｏｓｉｔｉｖｅ' }],
      ['close_findings', { reason: ['verified', 'false_positive'] }],
      ['ｃｌｏｓｅ_finding', { REASON: 'False_Positive' }],
    ];
    for (const [i, [tool, args]] of variants.entries()) {
      const p = principal(`u${i}`);
      expect((await call(p, tool, args)).kind, `first ${tool} ${JSON.stringify(args)}`).toBe(
        'continue',
      );
      expect((await call(p, tool, args)).kind, `second ${tool} ${JSON.stringify(args)}`).toBe(
        'deny',
      );
    }
    // Not a false-positive close: not limited.
    expect(
      await admitted(3, () => call(principal('z'), 'close_finding', { reason: 'mitigated' })),
    ).toBe(3);
  });

  it('keys by role, tool, class and global as configured', async () => {
    const { call } = guardFor({
      limits: [
        { id: 'role', key: 'role', match: { roles: ['triager'] }, points: 3, duration_seconds: 60 },
        {
          id: 'muts',
          key: 'global',
          match: { classes: ['mutating'] },
          points: 4,
          duration_seconds: 60,
        },
      ],
    });
    const carol = principal('carol', 'admin');
    expect(await admitted(3, () => call(alice, 'get_finding'))).toBe(3);
    expect(denial(await call(bob, 'get_finding')).ruleId).toBe('role'); // same role bucket
    expect(await admitted(4, () => call(carol, 'update_finding'))).toBe(4);
    expect(denial(await call(carol, 'close_finding')).ruleId).toBe('muts'); // global bucket
    expect((await call(carol, 'get_finding')).kind).toBe('continue'); // reads not in 'muts'
  });
});

describe('rate-limit guard: anonymous', () => {
  it('all anonymous callers share one small bucket; authenticated callers are unaffected', async () => {
    const { call } = guardFor({ anonymous: { points: 3, duration_seconds: 60 } });
    const anon2 = { ...ANON, id: 'anonymous-2' };
    expect(await admitted(2, () => call(ANON, 'get_finding'))).toBe(2);
    expect((await call(anon2, 'get_finding')).kind).toBe('continue');
    const v = denial(await call(anon2, 'get_finding'));
    expect(v.ruleId).toBe('anonymous');
    expect(await admitted(5, () => call(alice, 'get_finding'))).toBe(5);
  });
});

describe('rate-limit guard: concurrency, keys and config', () => {
  it('admits exactly N of many concurrent calls (JSON-RPC batch elements are separate calls)', async () => {
    const { call } = guardFor({ limits: [{ id: 'n7', points: 7, duration_seconds: 60 }] });
    const vs = await Promise.all(Array.from({ length: 40 }, () => call()));
    expect(vs.filter((v) => v.kind === 'continue')).toHaveLength(7);
  });

  it('bucket keys are injective: crafted principal ids and tool names do not share buckets', async () => {
    const { call } = guardFor({
      limits: [{ id: 'pt', key: 'principal_tool', points: 1, duration_seconds: 60 }],
    });
    expect((await call(principal('a/b'), 'c')).kind).toBe('continue');
    expect((await call(principal('a'), 'b/c')).kind).toBe('continue');
    expect((await call(principal('a%2Fb'), 'c')).kind).toBe('continue');
    expect((await call(principal('a/b'), 'c')).kind).toBe('deny');
    const long = 'x'.repeat(5000);
    expect((await call(principal(long), 'c')).kind).toBe('continue');
    expect((await call(principal(long + 'y'), 'c')).kind).toBe('continue');
    expect((await call(principal(long), 'c')).kind).toBe('deny');
  });

  it('rejects duplicate ids, unknown keys and ambiguous argument conditions at load', () => {
    const d = deps(new MemoryStore());
    const dup = {
      limits: [{ id: 'x', points: 1, duration_seconds: 1 }],
      blast_radius: [{ id: 'x', max_findings: 1, duration_seconds: 1 }],
    };
    expect(() => createRateLimitGuard(policy(dup).rate_limits, d)).toThrow(/duplicate id/);
    expect(() =>
      policy({ limits: [{ id: 'x', points: 1, duration_seconds: 1, burts: {} }] }),
    ).toThrow();
    expect(() =>
      policy({
        limits: [
          {
            id: 'x',
            points: 1,
            duration_seconds: 1,
            match: { arguments: [{ path: 'a', equals: 1, present: true }] },
          },
        ],
      }),
    ).toThrow(/exactly one/);
    expect(() => policy({ limits: [{ id: 'x', points: 0, duration_seconds: 1 }] })).toThrow();
    // Secure default: an absent section still limits mutations (60 per principal per minute).
    const dflt = policy(undefined);
    expect(dflt.rate_limits.limits).toEqual([
      expect.objectContaining({ id: 'mutations-per-principal', points: 60, duration_seconds: 60 }),
    ]);
    expect(createRateLimitGuard(dflt.rate_limits, d)?.name).toBe('rate-limit');
    expect(policy({ limits: [] }).rate_limits.limits).toEqual([]);
  });

  it('shadow mode still computes the verdict (the pipeline decides not to apply it)', async () => {
    const { g, call } = guardFor({
      mode: 'shadow',
      limits: [{ id: 'one', points: 1, duration_seconds: 60 }],
    });
    expect(g.mode).toBe('shadow');
    await call();
    expect((await call()).kind).toBe('deny');
  });
});

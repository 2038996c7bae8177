/**
 * The rate-limit guard on the real Redis with two store clients standing in for two replicas:
 * limits, lockouts and blast-radius quotas hold across both, under concurrency.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../../src/state/redis.js';
import { createRateLimitGuard } from '../../src/guards/rate-limit/rate-limit.js';
import type { Guard } from '../../src/core/guard.js';
import { REDIS_URL, SKIP_REDIS, cleanupPrefix, uniquePrefix } from '../state/redis-env.js';
import { callCtx, deps, policy, principal } from './ctx.js';

const prefix = uniquePrefix('rl');
const alice = principal('alice');

describe.skipIf(SKIP_REDIS)('rate-limit guard on Redis, two replicas', () => {
  let a: RedisStore;
  let b: RedisStore;
  beforeAll(async () => {
    a = await RedisStore.connect({ url: REDIS_URL, redis: {}, keyPrefix: prefix });
    b = await RedisStore.connect({ url: REDIS_URL, redis: {}, keyPrefix: prefix });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (!SKIP_REDIS) await cleanupPrefix(prefix);
  });

  const replicas = (rateLimits: unknown) => {
    const ga = createRateLimitGuard(policy(rateLimits).rate_limits, deps(a)) as Guard;
    const gb = createRateLimitGuard(policy(rateLimits).rate_limits, deps(b)) as Guard;
    return [
      { g: ga, s: a },
      { g: gb, s: b },
    ];
  };

  it('a limit of N admits exactly N concurrent calls spread over both replicas', async () => {
    const rs = replicas({
      limits: [
        { id: 'n20', points: 20, duration_seconds: 60 },
        { id: 'wide', key: 'global', points: 1000, duration_seconds: 60 },
      ],
    });
    const verdicts = await Promise.all(
      Array.from({ length: 60 }, (_, i) => {
        const r = rs[i % 2]!;
        return r.g.onRequest!(callCtx(r.s, alice, 'close_finding', { finding_id: i }));
      }),
    );
    expect(verdicts.filter((v) => v.kind === 'continue')).toHaveLength(20);
    const denied = verdicts.filter((v) => v.kind === 'deny');
    expect(
      denied.every((v) => v.kind === 'deny' && v.code === 'rate_limited' && v.ruleId === 'n20'),
    ).toBe(true);
    // Denied calls gave back what they took from the wide limit: exactly 20 consumed there.
    const wide = a.createLimiter({
      keyPrefix: 'rl:wide',
      points: 1000,
      durationSeconds: 60,
      blockSeconds: 0,
    });
    expect((await wide.get('*'))?.consumedPoints).toBe(20);
  });

  it('denials on one replica lock the principal out on the other, with one critical event', async () => {
    const storm = { denial_storm: { threshold: 5, window_seconds: 60, lockout_seconds: 60 } };
    const ra = createRateLimitGuard(policy(storm).rate_limits, deps(a));
    const dB = deps(b);
    const rb = createRateLimitGuard(policy(storm).rate_limits, dB);
    const dA = deps(a);
    const ra2 = createRateLimitGuard(policy(storm).rate_limits, dA);
    const mallory = principal('mallory');
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        (i % 2 ? ra2 : rb)!.onDenied!(callCtx(a, mallory, 'x'), 'injection_detected'),
      ),
    );
    const v = await ra!.onRequest!(callCtx(a, mallory, 'get_finding'));
    expect(v).toMatchObject({ kind: 'deny', code: 'principal_locked' });
    const events = [...dA.recorder.events, ...dB.recorder.events].filter(
      (e) => e.type === 'denial_storm',
    );
    expect(events).toHaveLength(1);
  });

  it('blast radius is shared: findings touched via either replica add up', async () => {
    const rs = replicas({ blast_radius: [{ id: 'br', max_findings: 5, duration_seconds: 60 }] });
    const p = principal('bulk-bot');
    const call = (i: number, ids: number[]) =>
      rs[i]!.g.onRequest!(callCtx(rs[i]!.s, p, 'close_findings', { finding_ids: ids }));
    expect((await call(0, [1, 2, 3])).kind).toBe('continue');
    expect(await call(1, [4, 5, 6])).toMatchObject({ kind: 'deny', code: 'blast_radius_exceeded' });
    expect((await call(1, [4, 5])).kind).toBe('continue');
    expect(await call(0, [6])).toMatchObject({ kind: 'deny', code: 'blast_radius_exceeded' });
  });
});

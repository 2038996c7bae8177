/**
 * Redis outages against a private redis-server (never the shared one): killed, frozen (SIGSTOP:
 * TCP up, no answers) and down at startup. healthy() must turn false quickly, operations must
 * reject quickly, mutations must be denied while reads continue, the transitions must be audited,
 * and recovery must need no help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from 'prom-client';
import { RedisStore } from '../../src/state/redis.js';
import { auditStateHealth } from '../../src/state/health-events.js';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { createRateLimitGuard } from '../../src/guards/rate-limit/rate-limit.js';
import type { Guard } from '../../src/core/guard.js';
import { SKIP_REDIS, waitFor } from './redis-env.js';
import { SpareRedis } from './spare-redis.js';
import { callCtx, deps, policy, principal } from '../rate-limit/ctx.js';

const alice = principal('alice');

describe.skipIf(SKIP_REDIS)('RedisStore outage and recovery', () => {
  let redis: SpareRedis;
  const stores: RedisStore[] = [];
  const connect = async (url: string) => {
    const s = await RedisStore.connect({
      url,
      redis: { commandTimeout: 300, connectTimeout: 500 },
      keyPrefix: 'outage:',
      probeIntervalMs: 200,
    });
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    redis = await SpareRedis.create();
  });
  afterAll(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await redis?.stop();
  });

  it('killed server: unhealthy fast, ops reject fast, mutations denied, reads served, recovery audited', async () => {
    const store = await connect(redis.url);
    const recorder = new MemoryRecorder();
    auditStateHealth(store, recorder);
    const d = deps(store, recorder);
    const g = createRateLimitGuard(
      policy({ limits: [{ id: 'calls', points: 100, duration_seconds: 60 }] }).rate_limits,
      d,
    ) as Guard;
    const run = (tool: string) =>
      Promise.resolve(g.onRequest!(callCtx(store, alice, tool, { finding_id: 1 })));
    expect(store.healthy()).toBe(true);
    expect((await run('close_finding')).kind).toBe('continue');

    await store.bindSession('known', { principalId: 'alice', role: 'r', createdAt: 1 }, 60_000);
    await redis.stop();
    const downMs = await waitFor(() => !store.healthy(), 3_000, 'unhealthy');
    // Sessions this replica served keep their binding for reads; unknown ones fail closed.
    expect(await store.getSession('known')).toMatchObject({ principalId: 'alice' });
    expect(downMs).toBeLessThan(2_500);
    let t = Date.now();
    await expect(store.getSession('x')).rejects.toThrow();
    await expect(store.addReadFindings('x', 'alice', [1])).rejects.toThrow();
    const rejectMs = Date.now() - t;
    expect(rejectMs).toBeLessThan(1_500);

    t = Date.now();
    const mut = await run('close_finding');
    expect(mut).toMatchObject({ kind: 'deny', code: 'state_unavailable' });
    expect((await run('get_finding')).kind).toBe('continue');
    expect(Date.now() - t).toBeLessThan(1_500);
    expect(recorder.events.map((e) => e.type)).toEqual(['state_unavailable']);
    expect(recorder.events[0]!.severity).toBe('critical');
    expect(await register.getSingleMetricAsString('dojo_guard_state_store_healthy')).toMatch(
      /^dojo_guard_state_store_healthy 0$/m,
    );

    await redis.start();
    const upMs = await waitFor(() => store.healthy(), 10_000, 'recovery');
    if (process.env.PRINT_FIGURES) {
      process.stderr.write(
        `FIGURES killToUnhealthyMs=${downMs} twoOpsRejectMs=${rejectMs} restartToHealthyMs=${upMs}\n`,
      );
    }
    expect((await run('close_finding')).kind).toBe('continue');
    await store.bindSession('after', { principalId: 'a', role: 'r', createdAt: 1 }, 10_000);
    expect(await store.getSession('after')).toMatchObject({ principalId: 'a' });
    expect(recorder.events.map((e) => e.type)).toEqual(['state_unavailable', 'state_recovered']);
    expect(await register.getSingleMetricAsString('dojo_guard_state_store_healthy')).toMatch(
      /^dojo_guard_state_store_healthy 1$/m,
    );
  });

  it('frozen server (connected but silent): commands time out and the probe marks it unhealthy', async () => {
    const store = await connect(redis.url);
    await waitFor(() => store.healthy(), 5_000, 'healthy');
    redis.freeze();
    try {
      const t = Date.now();
      await expect(store.getReadFindings('x')).rejects.toThrow();
      expect(Date.now() - t).toBeLessThan(1_500);
      await waitFor(() => !store.healthy(), 3_000, 'unhealthy while frozen');
    } finally {
      redis.thaw();
    }
    await waitFor(() => store.healthy(), 5_000, 'healthy after thaw');
    expect(await store.getReadFindings('x')).toEqual([]);
  });

  it('policy reads_when_unavailable: deny refuses reads too while the store is down', async () => {
    const store = await connect(redis.url);
    await waitFor(() => store.healthy(), 5_000, 'healthy');
    const p = policy({ limits: [] }, { reads_when_unavailable: 'deny' });
    const g = createRateLimitGuard(
      p.rate_limits,
      deps(store),
      p.state?.reads_when_unavailable,
    ) as Guard;
    await redis.stop();
    await waitFor(() => !store.healthy(), 3_000, 'unhealthy');
    const v = await g.onRequest!(callCtx(store, alice, 'get_finding'));
    expect(v).toMatchObject({ kind: 'deny', code: 'state_unavailable' });
    await redis.start();
    await waitFor(() => store.healthy(), 10_000, 'recovery');
    expect((await g.onRequest!(callCtx(store, alice, 'get_finding'))).kind).toBe('continue');
  });

  it('down at startup: connect returns an unhealthy store quickly, which heals when Redis appears', async () => {
    await redis.stop();
    const t = Date.now();
    const store = await connect(redis.url);
    expect(Date.now() - t).toBeLessThan(3_000);
    expect(store.healthy()).toBe(false);
    const recorder = new MemoryRecorder();
    auditStateHealth(store, recorder);
    expect(recorder.events.map((e) => e.type)).toEqual(['state_unavailable']);
    await redis.start();
    await waitFor(() => store.healthy(), 10_000, 'late connect');
    expect(recorder.events.map((e) => e.type)).toEqual(['state_unavailable', 'state_recovered']);
  });
});

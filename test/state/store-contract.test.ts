/**
 * One contract, two implementations: MemoryStore and RedisStore (real Redis at REDIS_URL) must
 * behave the same for sessions, read sets and limiters. Redis-only: two store instances (two
 * replicas) see each other's state.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/state/memory.js';
import { RedisStore, touchSlackMs } from '../../src/state/redis.js';
import type { StateStore } from '../../src/core/store.js';
import { REDIS_URL, SKIP_REDIS, cleanupPrefix, uniquePrefix, waitFor } from './redis-env.js';

const prefix = uniquePrefix('contract');
const opened: StateStore[] = [];

async function redisStore(opts: { maxReadIdsPerSession?: number } = {}): Promise<RedisStore> {
  const s = await RedisStore.connect({ url: REDIS_URL, redis: {}, keyPrefix: prefix, ...opts });
  opened.push(s);
  return s;
}

afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  if (!SKIP_REDIS) await cleanupPrefix(prefix);
});

const impls: [string, boolean, (o?: { maxReadIdsPerSession?: number }) => Promise<StateStore>][] = [
  ['MemoryStore', false, async (o) => new MemoryStore(o)],
  ['RedisStore', SKIP_REDIS, redisStore],
];

describe.skipIf(SKIP_REDIS)('RedisStore session touch', () => {
  const binding = { principalId: 'alice', role: 'triager', createdAt: 1700000000000 };
  const pttl = (s: RedisStore, id: string): Promise<number> =>
    s.client.pttl(`${prefix}session:${id}`);

  it('skips the PEXPIRE while the TTL is within the slack, refreshes it once it is not', async () => {
    const s = await redisStore();
    const ttl = 60_000;
    await s.bindSession('touch-fresh', binding, ttl);
    await new Promise((r) => setTimeout(r, 30));
    await s.getSession('touch-fresh');
    await s.touchSession('touch-fresh', ttl);
    // Not refreshed: the TTL kept running since the bind (a PEXPIRE would have reset it).
    expect(await pttl(s, 'touch-fresh')).toBeLessThanOrEqual(ttl - 30);

    // Remaining TTL below full TTL minus the slack: the touch must refresh.
    await s.bindSession('touch-stale', binding, ttl - touchSlackMs(ttl) - 1_000);
    await s.getSession('touch-stale');
    await s.touchSession('touch-stale', ttl);
    expect(await pttl(s, 'touch-stale')).toBeGreaterThan(ttl - 1_000);

    // Another replica refreshed it: this one reads the fresh TTL and skips again.
    const other = await redisStore();
    await other.getSession('touch-stale');
    await new Promise((r) => setTimeout(r, 30));
    await other.touchSession('touch-stale', ttl);
    expect(await pttl(other, 'touch-stale')).toBeLessThanOrEqual(ttl - 30);
  });
});

for (const [name, skip, make] of impls) {
  describe.skipIf(skip)(`${name} contract`, () => {
    const binding = {
      principalId: 'alice',
      role: 'triager',
      protocolVersion: '2025-06-18',
      createdAt: 1700000000000,
    };

    it('is healthy once created', async () => {
      const s = await make();
      expect(s.healthy()).toBe(true);
    });

    it('binds, reads, touches and deletes a session', async () => {
      const s = await make();
      expect(await s.getSession('nope')).toBeUndefined();
      await s.bindSession('sess-a', binding, 60_000);
      expect(await s.getSession('sess-a')).toEqual(binding);
      await s.touchSession('sess-a', 60_000);
      expect(await s.getSession('sess-a')).toEqual(binding);
      await s.deleteSession('sess-a');
      expect(await s.getSession('sess-a')).toBeUndefined();
    });

    it('expires a session after its TTL and touch extends it', async () => {
      const s = await make();
      await s.bindSession('sess-ttl', binding, 200);
      await s.bindSession('sess-touched', binding, 200);
      await s.touchSession('sess-touched', 60_000);
      await waitFor(
        async () => (await s.getSession('sess-ttl')) === undefined,
        3_000,
        'session expiry',
      );
      expect(await s.getSession('sess-touched')).toEqual(binding);
    });

    it('keeps read findings most recent first, unique and bounded', async () => {
      const s = await make({ maxReadIdsPerSession: 5 });
      await s.addReadFindings('sess-r', 'alice', [1, 2, 3]);
      await new Promise((r) => setTimeout(r, 5));
      await s.addReadFindings('sess-r', 'alice', [2, 4]);
      expect(await s.getReadFindings('sess-r')).toEqual([4, 2, 3, 1]);
      await new Promise((r) => setTimeout(r, 5));
      await s.addReadFindings('sess-r', 'alice', [10, 11, 12]);
      expect(await s.getReadFindings('sess-r')).toEqual([12, 11, 10, 4, 2]);
      expect(await s.getReadFindings('other')).toEqual([]);
      await s.deleteSession('sess-r');
      expect(await s.getReadFindings('sess-r')).toEqual([]);
    });

    it('returns the same limiter for the same spec and counts in the store', async () => {
      const s = await make();
      const spec = { keyPrefix: 'rl:contract', points: 2, durationSeconds: 60 };
      expect(s.createLimiter(spec)).toBe(s.createLimiter({ ...spec }));
      const l = s.createLimiter(spec);
      await l.consume('k');
      await l.consume('k');
      await expect(l.consume('k')).rejects.toMatchObject({ consumedPoints: 3 });
    });
  });
}

describe.skipIf(SKIP_REDIS)('RedisStore across replicas', () => {
  it('a session, its read set and its counters written by one replica are seen by another', async () => {
    const a = await redisStore();
    const b = await redisStore();
    await a.bindSession('shared', { principalId: 'bob', role: 'admin', createdAt: 1 }, 60_000);
    await a.addReadFindings('shared', 'bob', [42, 43]);
    expect(await b.getSession('shared')).toEqual({
      principalId: 'bob',
      role: 'admin',
      createdAt: 1,
    });
    expect(await b.getReadFindings('shared')).toEqual([43, 42]);
    const spec = { keyPrefix: 'rl:x', points: 3, durationSeconds: 60 };
    await a.createLimiter(spec).consume('k', 2);
    await expect(b.createLimiter(spec).consume('k', 2)).rejects.toMatchObject({
      consumedPoints: 4,
    });
  });

  it('treats a tampered session value as no session (fail closed)', async () => {
    const a = await redisStore();
    await a.client.set(`${prefix}session:forged`, JSON.stringify({ role: 'admin' }));
    expect(await a.getSession('forged')).toBeUndefined();
    await a.client.set(`${prefix}session:garbage`, '{not json');
    expect(await a.getSession('garbage')).toBeUndefined();
  });
});

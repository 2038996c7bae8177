/** createStateStore: backend selection, config errors that never leak the URL or password. */
import { afterAll, describe, expect, it } from 'vitest';
import { createStateStore } from '../../src/state/index.js';
import { StatePolicySchema } from '../../src/state/schema.js';
import { redisOptionsFromPolicy } from '../../src/state/redis-options.js';
import type { StateStore } from '../../src/core/store.js';
import { REDIS_URL, SKIP_REDIS, uniquePrefix } from './redis-env.js';

const opened: StateStore[] = [];
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
});

const section = (v: unknown) => StatePolicySchema.parse(v);

describe('createStateStore', () => {
  it('defaults to memory when the section is absent or the URL is empty', async () => {
    expect((await createStateStore(undefined)).kind).toBe('memory');
    expect((await createStateStore(section({ redis: { url: '' } }))).kind).toBe('memory');
    expect((await createStateStore(section({ redis: { url: '  ' } }))).kind).toBe('memory');
    const forced = section({ backend: 'memory', redis: { url: REDIS_URL } });
    expect((await createStateStore(forced)).kind).toBe('memory');
  });

  it('refuses backend redis without a URL (the operator asked for shared state)', async () => {
    await expect(createStateStore(section({ backend: 'redis' }))).rejects.toThrow(/url is empty/);
    await expect(
      createStateStore(section({ backend: 'redis', redis: { url: '' } })),
    ).rejects.toThrow(/url is empty/);
  });

  it.skipIf(SKIP_REDIS)('selects Redis when the URL is set', async () => {
    const s = await createStateStore(
      section({ redis: { url: REDIS_URL, key_prefix: uniquePrefix('create').slice(0, 60) } }),
    );
    opened.push(s);
    expect(s.kind).toBe('redis');
    expect(s.healthy()).toBe(true);
  });

  it('rejects bad URLs and unreadable TLS files without echoing the URL or password', () => {
    const secret = 'S3cr3t-redis-pass';
    const attempts = [
      { url: `http://user:${secret}@redis:6379` },
      { url: `not a url ${secret}` },
      { url: `rediss://:${secret}@redis:6380`, tls: { ca_file: '/nonexistent/ca.pem' } },
    ];
    for (const a of attempts) {
      let msg = '';
      try {
        redisOptionsFromPolicy(section({ redis: a }).redis!);
      } catch (err) {
        msg = (err as Error).message;
      }
      expect(msg).not.toBe('');
      expect(msg).not.toContain(secret);
    }
  });

  it('turns TLS on for rediss:// and passes credentials from the policy', () => {
    const o = redisOptionsFromPolicy(
      section({ redis: { url: 'rediss://redis.internal:6380', username: 'guard', password: 'pw' } })
        .redis!,
    );
    expect(o.tls).toMatchObject({ rejectUnauthorized: true });
    expect(o).toMatchObject({ username: 'guard', password: 'pw', commandTimeout: 500 });
    const plain = redisOptionsFromPolicy(
      section({ redis: { url: 'redis://r:6379', password: '' } }).redis!,
    );
    expect(plain.tls).toBeUndefined();
    expect(plain.password).toBeUndefined();
  });

  it('rejects unknown keys and unsafe key prefixes', () => {
    expect(StatePolicySchema.safeParse({ redis: { url: 'redis://x', tsl: {} } }).success).toBe(
      false,
    );
    expect(StatePolicySchema.safeParse({ backend: 'etcd' }).success).toBe(false);
    expect(
      StatePolicySchema.safeParse({ redis: { url: 'redis://x', key_prefix: 'a b*' } }).success,
    ).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { growingLru } from '../../src/shared/lru.js';

describe('growingLru', () => {
  it('holds at most `limit` entries, evicting the least recently used', () => {
    const c = growingLru<string, number>(3);
    for (const k of ['a', 'b', 'c']) c.set(k, 1);
    c.get('a'); // a becomes most recent: b is next out
    c.set('d', 1);
    expect(c.size).toBe(3);
    expect([...c.keys()].sort()).toEqual(['a', 'c', 'd']);
    for (let i = 0; i < 1000; i++) c.set(`k${i}`, i);
    expect(c.size).toBe(3);
  });

  it('keeps per-entry TTLs', async () => {
    const c = growingLru<string, number>(10, { ttl: 1 });
    c.set('short', 1, { ttl: 5 });
    c.set('long', 2, { ttl: 60_000 });
    await new Promise((r) => setTimeout(r, 20));
    expect(c.get('short')).toBeUndefined();
    expect(c.get('long')).toBe(2);
  });

  it('does not preallocate storage for its bound', () => {
    // 10 caches of a million entries would preallocate ~400 MB with lru-cache's `max`.
    const before = process.memoryUsage().heapUsed;
    const caches = Array.from({ length: 10 }, () => growingLru<string, number>(1_000_000));
    expect(caches.length).toBe(10);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(20 * 1024 * 1024);
  });
});

import { LRUCache } from 'lru-cache';

/**
 * An LRU cache bounded to `limit` entries whose storage grows with use.
 *
 * lru-cache preallocates its arrays for `max` (keys, values, links, and with a TTL two more
 * number arrays): a 100,000-entry cache holds ~4 MB before its first entry, and the proxy keeps
 * several. Counting entries through `maxSize` (size 1 each) bounds the same number of entries
 * without the preallocation, so an idle guard's memory is what it holds
 * (`npm run bench -- --idle-only`).
 * @example const seen = growingLru<string, number>(10_000, { ttl: 60_000 });
 */
export function growingLru<K extends NonNullable<unknown>, V extends NonNullable<unknown>>(
  limit: number,
  opts: Omit<LRUCache.Options<K, V, unknown>, 'max' | 'maxSize' | 'sizeCalculation'> = {},
): LRUCache<K, V> {
  return new LRUCache<K, V>({ ...opts, maxSize: limit, sizeCalculation: () => 1 });
}

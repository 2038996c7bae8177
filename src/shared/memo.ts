/**
 * A small memo keyed by exact text (a JSON serialisation), for work that an upstream repeats on
 * every call, such as judging and rewriting the same tools/list. Keys are compared as strings,
 * so there is no digest to compute and no collision to reason about; memory stays bounded by
 * `maxEntries` × `maxKeyChars` (longer keys are simply not memoised).
 */
export class TextMemo<V> {
  private readonly map = new Map<string, V>();

  constructor(
    private readonly maxEntries = 8,
    private readonly maxKeyChars = 512 * 1024,
  ) {}

  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Most recently used last: eviction takes the first.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: string, value: V): void {
    if (key.length > this.maxKeyChars) return;
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.maxEntries) this.map.delete(this.map.keys().next().value as string);
  }
}

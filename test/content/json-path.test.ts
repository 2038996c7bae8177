import { describe, expect, it } from 'vitest';
import { buildTrie, parsePath, transformAtPaths } from '../../src/guards/content/json-path.js';

const upper = (v: unknown): unknown => (typeof v === 'string' ? v.toUpperCase() : v);

describe('parsePath', () => {
  it('splits keys, [] / [*] elements and * wildcards', () => {
    expect(parsePath('results[].notes[*].entry')).toEqual([
      { kind: 'key', key: 'results' },
      { kind: 'element' },
      { kind: 'key', key: 'notes' },
      { kind: 'element' },
      { kind: 'key', key: 'entry' },
    ]);
    expect(parsePath('*.title')).toEqual([{ kind: 'any' }, { kind: 'key', key: 'title' }]);
    expect(parsePath('matrix[][]')).toEqual([
      { kind: 'key', key: 'matrix' },
      { kind: 'element' },
      { kind: 'element' },
    ]);
  });

  it('rejects empty segments and indexed brackets', () => {
    expect(() => parsePath('a..b')).toThrow(/empty segment/);
    expect(() => parsePath('a[0].b')).toThrow(/brackets/);
    expect(() => parsePath('a[')).toThrow(/brackets/);
  });
});

describe('transformAtPaths', () => {
  it('transforms only the named fields, through arrays and wildcards', () => {
    const doc = { results: [{ title: 'a', id: 'x' }, { title: 'b' }], meta: { title: 'keep' } };
    const out = transformAtPaths(doc, buildTrie(['results[].title']), upper);
    expect(out).toEqual({
      results: [{ title: 'A', id: 'x' }, { title: 'B' }],
      meta: { title: 'keep' },
    });
    const any = transformAtPaths({ a: { t: 'x' }, b: { t: 'y' } }, buildTrie(['*.t']), upper);
    expect(any).toEqual({ a: { t: 'X' }, b: { t: 'Y' } });
  });

  it('returns the same reference when nothing matched, and never mutates its input', () => {
    const doc = { results: [{ id: 1 }], title: null };
    const frozen = Object.freeze(doc);
    expect(transformAtPaths(frozen, buildTrie(['results[].title', 'title']), upper)).toBe(doc);
    const doc2 = { results: [{ title: 'a' }, { id: 2 }] };
    const out = transformAtPaths(doc2, buildTrie(['results[].title']), upper) as typeof doc2;
    expect(doc2.results[0]!.title).toBe('a');
    expect(out.results[1]).toBe(doc2.results[1]); // unchanged element keeps its identity
  });

  it('applies a transform once when an exact path and a wildcard both name a field', () => {
    let calls = 0;
    const count = (v: unknown): unknown => (calls++, `[${String(v)}]`);
    const out = transformAtPaths({ title: 't', other: 'o' }, buildTrie(['title', '*']), count);
    expect(out).toEqual({ title: '[t]', other: '[o]' });
    expect(calls).toBe(2);
  });

  it('keeps a JSON key named __proto__ as a plain own property', () => {
    const doc = JSON.parse('{"__proto__": {"title": "x"}, "a": 1}') as Record<string, unknown>;
    const out = transformAtPaths(doc, buildTrie(['*.title']), upper) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ title: 'X' });
  });

  it('ignores paths that meet the wrong type (array where an object is expected and back)', () => {
    const doc = { results: { title: 'obj' }, items: ['s'] };
    expect(transformAtPaths(doc, buildTrie(['results[].title', 'items.title']), upper)).toBe(doc);
  });
});

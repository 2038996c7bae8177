import { describe, expect, it } from 'vitest';
import { buildTrie, cowSet, isEmptyTrie, parsePath } from '../../src/guards/content/json-path.js';

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

describe('buildTrie', () => {
  it('shares prefixes and records labels on terminal nodes', () => {
    const t = buildTrie(['results[].title', { path: 'results[].notes[].entry', label: 'ex:n' }]);
    const item = t.keys.get('results')!.element!;
    expect(item.keys.get('title')!.terminal).toBe(true);
    expect(item.keys.get('title')!.labels).toBeUndefined();
    const entry = item.keys.get('notes')!.element!.keys.get('entry')!;
    expect(entry).toMatchObject({ terminal: true, labels: ['ex:n'] });
    expect(isEmptyTrie(buildTrie([]))).toBe(true);
  });
});

describe('cowSet', () => {
  it('copies on the first write only and keeps a key named __proto__ a plain own property', () => {
    const obj: Record<string, unknown> = JSON.parse('{"__proto__": {"x": 1}, "a": 1}');
    const out = cowSet(obj, undefined, '__proto__', 'p');
    expect(out).not.toBe(obj);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);
    expect(cowSet(obj, out, 'a', 2)).toBe(out);
    expect(obj['a']).toBe(1);
  });
});

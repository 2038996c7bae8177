/**
 * JSON paths of untrusted fields, pre-split at factory time into a trie (STYLE.md §4, OPA mask
 * `escapedParts`), and a copy-on-write transform that walks only those paths. A result that has no
 * configured field is returned as the same reference, so callers can skip re-serialising it.
 */

/** A path segment: an exact key, `*` (any key or element) or `[]` (any array element). */
export type PathSegment = { kind: 'key'; key: string } | { kind: 'any' } | { kind: 'element' };

/** A trie node; `terminal` means the value here is a field to transform. */
export interface PathTrie {
  terminal: boolean;
  keys: Map<string, PathTrie>;
  any?: PathTrie;
  element?: PathTrie;
}

/**
 * Splits `results[].title`, `notes[*].entry`, `*.description` or `items[0]`-free paths into segments.
 * Throws on an empty segment or a bracket that is not `[]`/`[*]` (factories call this at startup).
 * @example parsePath('results[].tags') // [{key:'results'},{element},{key:'tags'}]
 */
export function parsePath(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\*?\])*)$/.exec(part);
    if (!m) throw new Error(`invalid JSON path ${JSON.stringify(path)}: bad brackets`);
    const [, name, brackets] = m as unknown as [string, string, string];
    if (name === '' && brackets === '') {
      throw new Error(`invalid JSON path ${JSON.stringify(path)}: empty segment`);
    }
    if (name === '*') segments.push({ kind: 'any' });
    else if (name !== '') segments.push({ kind: 'key', key: name });
    const count = brackets.split(']').length - 1;
    for (let i = 0; i < count; i++) segments.push({ kind: 'element' });
  }
  return segments;
}

function emptyTrie(): PathTrie {
  return { terminal: false, keys: new Map() };
}

/**
 * Builds one trie from many paths, so a shared prefix (`results[]`) is walked once per value.
 * @example buildTrie(['results[].title', 'results[].description'])
 */
export function buildTrie(paths: Iterable<string>): PathTrie {
  const root = emptyTrie();
  for (const path of paths) {
    let node = root;
    for (const seg of parsePath(path)) {
      if (seg.kind === 'key') {
        let next = node.keys.get(seg.key);
        if (!next) node.keys.set(seg.key, (next = emptyTrie()));
        node = next;
      } else if (seg.kind === 'any') node = node.any ??= emptyTrie();
      else node = node.element ??= emptyTrie();
    }
    node.terminal = true;
  }
  return root;
}

/** True when the trie names no field at all (nothing to do). */
export function isEmptyTrie(trie: PathTrie): boolean {
  return !trie.terminal && trie.keys.size === 0 && !trie.any && !trie.element;
}

/** Transform for one field; return the same value to mean "unchanged". */
export type FieldTransform = (value: unknown) => unknown;

const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Copy-on-write field write shared by the content walkers: `out` is the shallow copy of `obj`
 * made on the first write (pass `undefined` before it exists); returns it with `k` set.
 * @example out = cowSet(obj, out, 'title', wrapped)
 */
export function cowSet(
  obj: Record<string, unknown>,
  out: Record<string, unknown> | undefined,
  k: string,
  v: unknown,
): Record<string, unknown> {
  const o = out ?? { ...obj };
  // `k` is always an own data property of the copy (from the spread), so assignment just
  // overwrites it; it is also much cheaper than defineProperty on a 50-field finding (issue 8).
  // `__proto__` keeps defineProperty all the same, so no reader has to reason about [[Set]].
  if (k !== '__proto__') o[k] = v;
  else
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  return o;
}

/**
 * Applies `fn` to every value the trie names, copy-on-write: unchanged subtrees keep their identity
 * and the root is returned as-is when nothing changed. A terminal node is not descended further
 * (the field is transformed as a whole, e.g. `tags` wraps the whole list).
 * @example transformAtPaths({title:'x'}, buildTrie(['title']), (v) => String(v).toUpperCase())
 */
export function transformAtPaths(value: unknown, trie: PathTrie, fn: FieldTransform): unknown {
  if (trie.terminal) return value === null || value === undefined ? value : fn(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const child = trie.element ?? trie.any;
    if (!child) return value;
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const next = transformAtPaths(value[i], child, fn);
      if (next !== value[i]) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [key, child] of trie.keys) {
    if (!hasOwn(obj, key)) continue;
    const cur = out && hasOwn(out, key) ? out[key] : obj[key];
    const next = transformAtPaths(cur, child, fn);
    if (next !== cur) out = cowSet(obj, out, key, next);
  }
  if (trie.any) {
    for (const key of Object.keys(obj)) {
      // An exact terminal already transformed this field as a whole; do not apply fn twice.
      if (trie.keys.get(key)?.terminal) continue;
      const cur = out ? out[key] : obj[key];
      const next = transformAtPaths(cur, trie.any, fn);
      if (next !== cur) out = cowSet(obj, out, key, next);
    }
  }
  return out ?? value;
}

/**
 * JSON paths of the policy's wrap exemptions, pre-split at factory time into a trie (STYLE.md §4,
 * OPA mask `escapedParts`), and the copy-on-write field write shared by the content walkers.
 */

/** A path segment: an exact key, `*` (any key or element) or `[]` (any array element). */
export type PathSegment = { kind: 'key'; key: string } | { kind: 'any' } | { kind: 'element' };

/** A trie node; `terminal` means a path ends here, `labels` say which ones (e.g. exemption ids). */
export interface PathTrie {
  terminal: boolean;
  labels?: string[];
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
 * A path given as `{ path, label }` records its label on its terminal node.
 * @example buildTrie(['results[].title', { path: 'notes[].entry', label: 'ex1' }])
 */
export function buildTrie(paths: Iterable<string | { path: string; label: string }>): PathTrie {
  const root = emptyTrie();
  for (const entry of paths) {
    const path = typeof entry === 'string' ? entry : entry.path;
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
    if (typeof entry !== 'string') (node.labels ??= []).push(entry.label);
  }
  return root;
}

/** True when the trie names no field at all (nothing to do). */
export function isEmptyTrie(trie: PathTrie): boolean {
  return !trie.terminal && trie.keys.size === 0 && !trie.any && !trie.element;
}

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
  // overwrites it; it is also much cheaper than defineProperty on a 50-field finding.
  // `__proto__` keeps defineProperty all the same, so no reader has to reason about [[Set]].
  if (k !== '__proto__') o[k] = v;
  else
    Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });
  return o;
}

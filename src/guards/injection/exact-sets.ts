/**
 * The literal condition of the combined gate (gate.ts), from the parsed and simplified pattern,
 * in the shape of re2js's prefilter tree (which `GateBuilder.need` reads; the gate used that tree
 * before).
 *
 * re2js's tree keeps each literal piece apart: `in(?:active|fo)` (how re2js factors the
 * alternation `inactive|info`) is `in` AND (`active` OR `fo`), and pieces under three characters
 * carry no information for the gate, so a whole list of words could vanish from a rule's
 * condition (`agent.state_change_request` lost its STATE words this way); it also stops at
 * re2js's own scan budget (Prefilter.MAX_SCANS: an AND keeps its first 32 scans). As RE2's own C++
 * prefilter does, this one computes for each node the exact set of strings it matches while that
 * set is small (a concatenation is the cross product, an alternation the union, a small character
 * class its characters, `x?` adds the empty string) and turns a set into an OR of its strings only
 * where it must (a star, a large class, a set grown past MAX_EXACT): `inactive` OR `info`.
 *
 * Soundness: every string of a node's exact set is a whole match of the node, so any match of
 * the pattern contains one string of each set the formula keeps; anything not understood
 * (case folding, `.`, `*`, lookbehind, a large class) is `true`. Checked with the rest of the gate
 * by test/injection/gate.test.ts.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RE2Set } from 're2js';

/** re2js Regexp.Op values (re2js build/index.js `Regexp.Op`, createEnum order). */
const OP = {
  NO_MATCH: 0,
  EMPTY_MATCH: 1,
  LITERAL: 2,
  CHAR_CLASS: 3,
  BEGIN_LINE: 6,
  END_LINE: 7,
  BEGIN_TEXT: 8,
  END_TEXT: 9,
  WORD_BOUNDARY: 10,
  NO_WORD_BOUNDARY: 11,
  CAPTURE: 12,
  PLUS: 14,
  QUEST: 15,
  REPEAT: 16,
  CONCAT: 17,
  ALTERNATE: 18,
} as const;
/** re2js RE2Flags.FOLD_CASE. */
const FOLD_CASE = 1;

/** Largest exact set kept (RE2's prefilter uses 16). */
const MAX_EXACT = 16;
/** A character class of at most this many characters is an exact set. */
const MAX_CLASS = 4;

interface RegexpNode {
  op: number;
  flags: number;
  runes: ArrayLike<number>;
  subs: RegexpNode[];
  min: number;
}

/** re2js prefilter tree node shapes (EXACT 1, AND 2, OR 3; anything else: unknown). */
type Tree = { type: 1; str: string } | { type: 2 | 3; subs: Tree[] } | { type: 0 };
const UNKNOWN: Tree = { type: 0 };

/** A node's exact set of matched strings, or the condition its matches satisfy. */
type Info = { exact: Set<string> } | { tree: Tree };

function toTree(info: Info): Tree {
  if ('tree' in info) return info.tree;
  const strs = [...info.exact];
  // The empty string (or an empty set) says nothing; short strings are dropped later (gate.ts).
  if (strs.length === 0 || strs.some((s) => s.length === 0)) return UNKNOWN;
  if (strs.length === 1) return { type: 1, str: strs[0]! };
  return { type: 3, subs: strs.map((str) => ({ type: 1, str })) };
}

function and(a: Tree, b: Tree): Tree {
  if (a.type === 0) return b;
  if (b.type === 0) return a;
  const subs = [...(a.type === 2 ? a.subs : [a]), ...(b.type === 2 ? b.subs : [b])];
  return { type: 2, subs };
}

function cross(a: Set<string>, b: Set<string>): Set<string> {
  const out = new Set<string>();
  for (const x of a) for (const y of b) out.add(x + y);
  return out;
}

function info(re: RegexpNode): Info {
  switch (re.op) {
    case OP.EMPTY_MATCH:
    case OP.BEGIN_LINE:
    case OP.END_LINE:
    case OP.BEGIN_TEXT:
    case OP.END_TEXT:
    case OP.WORD_BOUNDARY:
    case OP.NO_WORD_BOUNDARY:
      return { exact: new Set(['']) };
    case OP.LITERAL: {
      if ((re.flags & FOLD_CASE) !== 0) return { tree: UNKNOWN };
      return { exact: new Set([String.fromCodePoint(...Array.from(re.runes))]) };
    }
    case OP.CHAR_CLASS: {
      const out = new Set<string>();
      for (let i = 0; i + 1 < re.runes.length; i += 2) {
        const lo = re.runes[i]!;
        const hi = re.runes[i + 1]!;
        if (hi - lo + 1 + out.size > MAX_CLASS) return { tree: UNKNOWN };
        for (let c = lo; c <= hi; c++) out.add(String.fromCodePoint(c));
      }
      // A one-character class under (?i) may be matched case-folded: not exact.
      if (out.size === 0 || (out.size === 1 && (re.flags & FOLD_CASE) !== 0))
        return { tree: UNKNOWN };
      return { exact: out };
    }
    case OP.CAPTURE:
      return info(re.subs[0]!);
    case OP.PLUS:
      // x+ contains a match of x.
      return { tree: toTree(info(re.subs[0]!)) };
    case OP.REPEAT:
      return re.min >= 1 ? { tree: toTree(info(re.subs[0]!)) } : { tree: UNKNOWN };
    case OP.QUEST: {
      const sub = info(re.subs[0]!);
      if ('exact' in sub && sub.exact.size < MAX_EXACT)
        return { exact: new Set(['', ...sub.exact]) };
      return { tree: UNKNOWN };
    }
    case OP.CONCAT: {
      // The conditions of the parts already closed, and the exact set of the run since then.
      // `closed`: some part is no longer described by `run` (even when its condition is unknown).
      let done: Tree = UNKNOWN;
      let closed = false;
      let run = new Set(['']);
      for (const sub of re.subs) {
        const i = info(sub);
        if ('exact' in i && run.size * i.exact.size <= MAX_EXACT) {
          run = cross(run, i.exact);
          continue;
        }
        closed = true;
        done = and(done, toTree({ exact: run }));
        if ('exact' in i) run = i.exact;
        else {
          done = and(done, i.tree);
          run = new Set(['']);
        }
      }
      if (!closed) return { exact: run };
      return { tree: and(done, toTree({ exact: run })) };
    }
    case OP.ALTERNATE: {
      const subs = re.subs.map(info);
      const union = new Set<string>();
      let exact = true;
      for (const s of subs) {
        if (!('exact' in s)) exact = false;
        else for (const x of s.exact) union.add(x);
      }
      if (exact && union.size <= MAX_EXACT) return { exact: union };
      const trees = subs.map(toTree);
      if (trees.some((t) => t.type === 0)) return { tree: UNKNOWN };
      return { tree: { type: 3, subs: trees } };
    }
    default:
      // NO_MATCH, `.`, `*`, lookbehind: nothing known.
      return { tree: UNKNOWN };
  }
}

/**
 * The exact-set condition of a pattern (compiled with RE2JS.compile's flags), as a re2js-shaped
 * prefilter tree; unknown is `{ type: 0 }`. A built-in pattern's tree comes from the table written
 * at build time (`BUILT_TREES`); any other pattern is parsed, and an invalid one throws.
 * @example exactSetTree('in(?:active|fo)') // { type: 3, subs: [{ type: 1, str: 'inactive' }, { type: 1, str: 'info' }] }
 */
export function exactSetTree(pattern: string): unknown {
  return builtTrees().get(patternKey(pattern)) ?? parsedTree(pattern);
}

/** exactSetTree by parsing, never from the table (what the build writes into it). */
export function parsedTree(pattern: string): unknown {
  // RE2Set.add parses and simplifies a pattern exactly as RE2JS.compile does (RE2Flags.PERL),
  // and keeps the tree, which RE2JS.compile does not.
  const set = new RE2Set();
  set.add(pattern);
  const re = (set as unknown as { regexps: RegexpNode[] }).regexps[0]!;
  return toTree(info(re));
}

/**
 * The trees of the built-in patterns, written beside this module by `npm run build`
 * (exact-trees-build.ts): parsing the ~700 patterns was a sixth of a proxy's start (re2js's parser,
 * ~0.5 s). The table holds the key of the code that wrote it (`tableKey`: this module's own source
 * and re2js's version); written by other code, or absent (tests run the sources), it is not used
 * and every pattern is parsed.
 */
export const BUILT_TREES = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'exact-trees.json',
);

export interface TreeTable {
  key: string;
  trees: Record<string, unknown>;
}

let table: Map<string, unknown> | undefined;

function builtTrees(): Map<string, unknown> {
  if (table) return table;
  table = new Map();
  try {
    const read = JSON.parse(readFileSync(BUILT_TREES, 'utf8')) as TreeTable;
    if (read.key === tableKey()) table = new Map(Object.entries(read.trees));
  } catch {
    // no table (the sources run, or a build without it): every pattern is parsed
  }
  return table;
}

/** A pattern's key in the table. */
export function patternKey(pattern: string): string {
  return createHash('sha256').update(pattern).digest('base64url');
}

/** The key of this code: its own source text and the re2js version that parses. */
export function tableKey(): string {
  const require = createRequire(import.meta.url);
  const re2js = path.join(path.dirname(require.resolve('re2js')), '..', 'package.json');
  const version = (JSON.parse(readFileSync(re2js, 'utf8')) as { version: string }).version;
  return createHash('sha256')
    .update(readFileSync(fileURLToPath(import.meta.url)))
    .update(`\0re2js ${version}`)
    .digest('base64url');
}

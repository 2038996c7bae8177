/**
 * The combined gate of a rule group: for every rule, a necessary condition of a match — an
 * AND/OR formula over literals every match contains — derived at compile time from the rule's
 * own parsed and simplified pattern (exact-sets.ts, in the shape of re2js's prefilter tree), so a
 * new or edited rule is gated without anyone declaring anything. One Aho-Corasick pass over the view
 * (fused into the anchor trie's pass, anchors.ts) marks the literals present; a candidate rule
 * whose formula is false cannot match and its DFA never runs.
 *
 * Soundness: the tree only ever drops parts of a pattern (a dropped conjunct, an optional or
 * unknown node, a non-ASCII or case-folded literal becomes `true`), which weakens the condition and
 * never hides a match. test/injection/gate.test.ts checks every rule on every corpus text with
 * and without the gate.
 */
import type { RE2JS } from 're2js';
import { isAscii } from './normalise.js';

/**
 * A necessary condition: true, a literal (index into the group's literal list), AND, or OR. An
 * AND or OR keeps its literal operands apart in `lits` (read in one loop: most operands are
 * literals, and the gate evaluates ~150 k formulas of ~36 nodes per corpus pass) and its other
 * operands in `all` or `any`.
 */
export type Need =
  | true
  | number
  | { readonly all: readonly Need[]; readonly lits: Int32Array }
  | { readonly any: readonly Need[]; readonly lits: Int32Array };

/** re2js Prefilter node types (re2js build/index.js `Prefilter.Type`). */
const EXACT = 1;
const AND = 2;
const OR = 3;

/** Shortest and longest literal kept (see `need`). */
const MIN_LITERAL = 3;
const MAX_LITERAL = 8;

interface RawNode {
  type?: unknown;
  str?: unknown;
  subs?: unknown;
}

/**
 * Takes re2js's prefilter tree off a compiled program and returns it. re2js would otherwise run
 * it (up to 32 `indexOf`/Aho-Corasick scans of the input) before every DFA run; the group's one
 * literal pass does that job for all rules at once. Returns undefined if re2js has none.
 */
export function takePrefilter(re: RE2JS): unknown {
  const inner = (re as unknown as { re2Input?: { prefilter?: unknown } }).re2Input;
  if (!inner || !('prefilter' in inner)) return undefined;
  const tree = inner.prefilter;
  inner.prefilter = null;
  return tree;
}

/** Collects the literals of a group's formulas (deduplicated) while converting them. */
export class GateBuilder {
  readonly literals: string[] = [];
  private readonly index = new Map<string, number>();

  /** Index of an ASCII literal in the group's literal list (added on first use). */
  literal(s: string): number {
    let k = this.index.get(s);
    if (k === undefined) {
      k = this.literals.length;
      this.literals.push(s);
      this.index.set(s, k);
    }
    return k;
  }

  /**
   * The formula of a re2js prefilter tree, with every literal passed through `enc` (the ROT13 of
   * the literal for a rule tried on the ROT13 of the view: `x` occurs in rot13(v) iff rot13(x)
   * occurs in v). Anything not understood is `true`.
   */
  need(tree: unknown, enc: (s: string) => string = (s) => s): Need {
    if (typeof tree !== 'object' || tree === null) return true;
    const node = tree as RawNode;
    if (node.type === EXACT) {
      // Literals shorter than MIN_LITERAL (`e` of `ignor(e|ing)`, a space) occur in nearly every
      // text: marking them would cost more than they save.
      if (typeof node.str !== 'string' || node.str.length < MIN_LITERAL) return true;
      // A prefix of a literal every match contains is one too; short prefixes keep the shared
      // automaton small (phrase lists share their first letters) at little loss of selectivity.
      const lit = enc(node.str.slice(0, MAX_LITERAL));
      // The literal pass reads ASCII only (non-ASCII units reset it): such literals are unknown.
      return isAscii(lit) ? this.literal(lit) : true;
    }
    if ((node.type !== AND && node.type !== OR) || !Array.isArray(node.subs)) return true;
    const subs = node.subs.map((s) => this.need(s, enc));
    if (node.type === AND) {
      const known = subs.filter((s) => s !== true);
      if (known.length === 0) return true;
      return known.length === 1
        ? known[0]!
        : { all: otherOperands(known), lits: literalOperands(known) };
    }
    if (subs.length === 0 || subs.includes(true)) return true;
    return subs.length === 1 ? subs[0]! : { any: otherOperands(subs), lits: literalOperands(subs) };
  }
}

/** The literal operands of an AND or OR. */
const literalOperands = (subs: readonly Need[]): Int32Array =>
  Int32Array.from(subs.filter((s): s is number => typeof s === 'number'));
/** Its other operands. */
const otherOperands = (subs: readonly Need[]): Need[] => subs.filter((s) => typeof s !== 'number');

/**
 * True if the formula holds, given the literal pass's marks: literal k occurred iff
 * seen[k] === stamp (LiteralMatcher.seen, the stamp of its last pass).
 */
export function holds(need: Need, seen: Uint32Array, stamp: number): boolean {
  if (need === true) return true;
  if (typeof need === 'number') return seen[need] === stamp;
  const lits = need.lits;
  if ('all' in need) {
    for (let i = 0; i < lits.length; i++) if (seen[lits[i]!] !== stamp) return false;
    for (const n of need.all) if (!holds(n, seen, stamp)) return false;
    return true;
  }
  for (let i = 0; i < lits.length; i++) if (seen[lits[i]!] === stamp) return true;
  for (const n of need.any) if (holds(n, seen, stamp)) return true;
  return false;
}

/**
 * A group's formulas flattened into one Int32Array, for `holdsAt`: `holds` walks objects of two
 * shapes through recursive calls and `in` tests, ~30 ns per literal read over the ~200 k formulas
 * of a corpus pass. A node is a run of integers: kind (0 AND, 1 OR), the literal count and the
 * literals, the count of other operands and their nodes' offsets. Same formula, same order of
 * reads: `holdsAt(code, add(need), …)` is `holds(need, …)`.
 */
export class FlatNeeds {
  private readonly out: number[] = [];

  /** Offset of the formula's node, or -1 for `true`. */
  add(need: Need): number {
    if (need === true) return -1;
    if (typeof need === 'number') return this.node(0, [need], []);
    const and = 'all' in need;
    const subs: number[] = [];
    for (const n of and ? need.all : need.any) {
      const p = this.add(n);
      if (p >= 0) subs.push(p);
      else if (!and) return -1; // an OR with a true operand
    }
    return this.node(and ? 0 : 1, Array.from(need.lits), subs);
  }

  private node(kind: number, lits: readonly number[], subs: readonly number[]): number {
    const p = this.out.length;
    this.out.push(kind, lits.length, ...lits, subs.length, ...subs);
    return p;
  }

  /** The flat code (offsets returned by `add` index into it). */
  code(): Int32Array {
    return Int32Array.from(this.out);
  }
}

/** `holds` of the formula at offset p of a FlatNeeds code (p ≥ 0). */
export function holdsAt(code: Int32Array, p: number, seen: Uint32Array, stamp: number): boolean {
  let i = p + 2;
  const lits = i + code[p + 1]!;
  if (code[p] === 0) {
    for (; i < lits; i++) if (seen[code[i]!] !== stamp) return false;
    const end = i + 1 + code[i]!;
    for (i++; i < end; i++) if (!holdsAt(code, code[i]!, seen, stamp)) return false;
    return true;
  }
  for (; i < lits; i++) if (seen[code[i]!] === stamp) return true;
  const end = i + 1 + code[i]!;
  for (i++; i < end; i++) if (holdsAt(code, code[i]!, seen, stamp)) return true;
  return false;
}

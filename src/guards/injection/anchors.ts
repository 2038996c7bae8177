/**
 * The anchor vocabulary of the rule prefilter as a trie over `[a-z0-9]`. One pass over a view
 * finds every whole ASCII word that is an anchor, with its offsets, without allocating a string
 * per word (profiling showed a Map of all words cost more than normalisation itself).
 */

import { WORD_UNIT, ensure, finish } from './normalise.js';

const ALPHABET = 36;

/** ASCII code → trie letter index (-1: not a letter/digit). */
const INDEX = new Int8Array(128).fill(-1);
for (let c = 97; c <= 122; c++) INDEX[c] = c - 97;
for (let c = 65; c <= 90; c++) INDEX[c] = c - 65;
for (let c = 48; c <= 57; c++) INDEX[c] = c - 48 + 26;

function indexOf(c: number): number {
  return c < 128 ? INDEX[c]! : -1;
}

/**
 * Trie nodes: 0 is a dead node whose row is all 0 (off the trie, it stays there: no test per
 * step), 1 the root. Node ids fit 16 bits for the built-in vocabularies (~19 k nodes), which
 * halves the table read at every letter.
 */
const DEAD = 0;
const ROOT = 1;

/** The answer when no anchor occurs (never mutated by callers). */
const NONE: Map<string, number[]> = new Map();

export class AnchorTrie {
  /** Child of node k by letter index c: next[k × ALPHABET + c] (DEAD: none). */
  readonly next: Uint16Array | Uint32Array;
  /** The anchor (index into `words`) ending at each node, -1 if none (DEAD and ROOT included). */
  readonly term: Int32Array;
  /** Anchors found by the last pass (`scanTerms` or `scanPair`). */
  nFound = 0;
  private nodes = ROOT + 1;
  readonly words: string[] = [];
  /** Per anchor (index into `words`): its offsets in the last `scanTerms` pass, if it occurred. */
  readonly offsets: number[][] = [];
  /** The anchors of the last `scanTerms` pass, in order of first occurrence. */
  readonly foundTerms: Int32Array;
  /** Anchor t occurred in the last pass iff seen[t] === stamp. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  /** @param words anchors (lower-case ASCII letters/digits; others are ignored) */
  constructor(words: Iterable<string>) {
    const list = [...new Set(words)].filter((w) => /^[a-z0-9]+$/.test(w));
    const max = ROOT + 1 + list.reduce((n, w) => n + w.length, 0);
    this.next = max <= 0x10000 ? new Uint16Array(max * ALPHABET) : new Uint32Array(max * ALPHABET);
    this.term = new Int32Array(max).fill(-1);
    for (const w of list) {
      let node = ROOT;
      for (let i = 0; i < w.length; i++) {
        const k = node * ALPHABET + indexOf(w.charCodeAt(i));
        if (this.next[k] === DEAD) this.next[k] = this.nodes++;
        node = this.next[k]!;
      }
      this.term[node] = this.words.length;
      this.words.push(w);
    }
    this.foundTerms = new Int32Array(this.words.length);
    this.seen = new Uint32Array(this.words.length);
  }

  /** Starts a pass: forgets the last one's anchors. Returns the pass's stamp. */
  beginPass(): number {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    this.nFound = 0;
    return ++this.stamp;
  }

  /** Records anchor t at offset `start` in the pass stamped `now`. */
  found(t: number, start: number, now: number): void {
    if (this.seen[t] === now) this.offsets[t]!.push(start);
    else {
      this.seen[t] = now;
      this.offsets[t] = [start];
      this.foundTerms[this.nFound++] = t;
    }
  }

  /**
   * Anchors occurring in `view` as whole ASCII letter/digit runs → their start offsets.
   * @example new AnchorTrie(['ignore']).scan('x ignore-ignore').get('ignore') // [2, 9]
   */
  scan(view: string, lits?: LiteralMatcher): Map<string, number[]> {
    const n = this.scanTerms(view, lits);
    if (n === 0) return NONE;
    const out = new Map<string, number[]>();
    for (let j = 0; j < n; j++) {
      const t = this.foundTerms[j]!;
      out.set(this.words[t]!, this.offsets[t]!);
    }
    return out;
  }

  /**
   * `scan` without the Map: returns how many distinct anchors occurred; anchor `foundTerms[j]`
   * (an index into `words`, j below that count, in order of first occurrence) occurred at
   * `offsets[foundTerms[j]]` (a fresh ascending list per pass, so callers may keep it).
   */
  scanTerms(view: string, lits?: LiteralMatcher): number {
    // Fields in locals: this loop is one of the hottest in the filter.
    const next = this.next;
    // The literal automaton (if given) runs in the same pass: one read of the view, not two. It
    // marks the literals it sees (LiteralMatcher.occurred, until its next pass).
    const delta = lits?.delta;
    const cls = lits?.cls;
    const stamp = lits !== undefined ? lits.begin() : 0;
    let ls = 0;
    const term = this.term;
    const n = view.length;
    const offsets = this.offsets;
    const found = this.foundTerms;
    let nFound = 0;
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    const now = ++this.stamp;
    const seen = this.seen;
    let node = DEAD;
    let start = -1;
    for (let i = 0; i <= n; i++) {
      const code = i < n ? view.charCodeAt(i) : 0;
      if (delta !== undefined && i < n) {
        const v = delta[ls + (code < 128 ? cls![code]! : 0)]!;
        if (v >= 0) ls = v;
        else ls = lits!.report(~v, stamp);
      }
      const idx = code < 128 ? INDEX[code]! : -1;
      if (idx >= 0) {
        if (start < 0) {
          start = i;
          node = ROOT;
        }
        node = next[node * ALPHABET + idx]!;
        continue;
      }
      const t = term[node]!;
      if (t >= 0) {
        if (seen[t] === now) offsets[t]!.push(start);
        else {
          seen[t] = now;
          offsets[t] = [start];
          found[nFound++] = t;
        }
      }
      start = -1;
      node = DEAD;
    }
    return nFound;
  }
}

/** A trie and the literal automaton run in its pass: one rule group's prefilter (compile.ts). */
export interface TermPass {
  readonly trie: AnchorTrie;
  readonly literals: LiteralMatcher | undefined;
}

/** What `scanPair` found: anchor counts as `scanTerms` returns them, and the words view. */
export interface PairResult {
  readonly nText: number;
  readonly nWords: number;
  readonly words: string;
}

/**
 * `a.trie.scanTerms(view, a.literals)` and `b.trie.scanTerms(wordsView(view), b.literals)` in one
 * walk over `view`, building the words view on the way (same string as normalise.ts `wordsView`).
 * Each automaton step is a dependent table read; two independent ones interleaved overlap their
 * latencies, where two passes pay them one after the other (measured: about half the time of two
 * passes). test/injection/speed-parity.test.ts compares it with the two passes.
 */
export function scanPair(a: TermPass, view: string, b: TermPass): PairResult {
  const ta = a.trie;
  const tb = b.trie;
  const la = a.literals ?? NO_LITERALS;
  const lb = b.literals ?? NO_LITERALS;
  const nextA = ta.next;
  const termA = ta.term;
  const nextB = tb.next;
  const termB = tb.term;
  const deltaA = la.delta;
  const clsA = la.cls;
  const deltaB = lb.delta;
  const clsB = lb.cls;
  const stampA = la.begin();
  const stampB = lb.begin();
  const nowA = ta.beginPass();
  const nowB = tb.beginPass();
  const out = ensure(view.length);
  let sa = 0; // literal automaton states (row offsets)
  let sb = 0;
  let nodeA = DEAD; // trie nodes, DEAD outside a run or off the trie
  let nodeB = DEAD;
  let startA = -1; // start of the current letter/digit run
  let startB = -1;
  let n = 0; // length of the words view so far
  let gap = false;
  let spacesOnly = true;
  const len = view.length;
  for (let i = 0; i < len; i++) {
    const code = view.charCodeAt(i);
    // The view, for group a (AnchorTrie.scanTerms).
    let v = deltaA[sa + (code < 128 ? clsA[code]! : 0)]!;
    sa = v >= 0 ? v : la.report(~v, stampA);
    const idx = code < 128 ? INDEX[code]! : -1;
    if (idx >= 0) {
      if (startA < 0) {
        startA = i;
        nodeA = ROOT;
      }
      nodeA = nextA[nodeA * ALPHABET + idx]!;
    } else {
      if (termA[nodeA]! >= 0) ta.found(termA[nodeA]!, startA, nowA);
      startA = -1;
      nodeA = DEAD;
    }
    // Its words view, for group b: a word unit, after one space if non-word units preceded it.
    if (WORD_UNIT[code] !== 1) {
      gap = true;
      if (code !== 32) spacesOnly = false;
      continue;
    }
    if (gap && n > 0) {
      out[n] = 32;
      v = deltaB[sb + clsB[32]!]!;
      sb = v >= 0 ? v : lb.report(~v, stampB);
      if (termB[nodeB]! >= 0) tb.found(termB[nodeB]!, startB, nowB);
      startB = -1;
      nodeB = DEAD;
      n++;
    }
    gap = false;
    out[n] = code;
    v = deltaB[sb + (code < 128 ? clsB[code]! : 0)]!;
    sb = v >= 0 ? v : lb.report(~v, stampB);
    if (idx >= 0) {
      if (startB < 0) {
        startB = n;
        nodeB = ROOT;
      }
      nodeB = nextB[nodeB * ALPHABET + idx]!;
    } else {
      if (termB[nodeB]! >= 0) tb.found(termB[nodeB]!, startB, nowB);
      startB = -1;
      nodeB = DEAD;
    }
    n++;
    // The rest of an ASCII word in a loop of its own: there both chains only step (no run starts
    // or ends, no gap), and the general step's tests cost more than the steps (the corpus's
    // canonical texts replayed: ~0.8× the time of this pass). The unit that ends the word takes
    // the general step.
    if (idx < 0) continue;
    for (i++; i < len; i++) {
      const c = view.charCodeAt(i);
      if (c >= 128) break;
      const x = INDEX[c]!;
      if (x < 0) break;
      v = deltaA[sa + clsA[c]!]!;
      sa = v >= 0 ? v : la.report(~v, stampA);
      v = deltaB[sb + clsB[c]!]!;
      sb = v >= 0 ? v : lb.report(~v, stampB);
      nodeA = nextA[nodeA * ALPHABET + x]!;
      nodeB = nextB[nodeB * ALPHABET + x]!;
      out[n++] = c;
    }
    i--;
  }
  if (termA[nodeA]! >= 0) ta.found(termA[nodeA]!, startA, nowA);
  if (termB[nodeB]! >= 0) tb.found(termB[nodeB]!, startB, nowB);
  // Only single spaces between words (nothing replaced or dropped): the view is the input.
  const words = spacesOnly && n === len ? view : finish(out, n);
  return { nText: ta.nFound, nWords: tb.nFound, words };
}

/** RE2's `\s` but the space: tab, line feed, form feed, carriage return. */
const WHITE_SPACE = [9, 10, 12, 13];

/**
 * Aho-Corasick automaton over ASCII literals (the `literals` prefilter and the gate's literals,
 * gate.ts): one pass marks which literals occur anywhere in a view. Input characters that occur
 * in no literal (non-ASCII included) share one column and lead back to the root.
 */
export class LiteralMatcher {
  /** ASCII code → column of `delta` (0: a character no literal contains). */
  readonly cls: Uint8Array;
  /** Columns per state. */
  readonly width: number;
  /**
   * Transition table, indexed by a state's row offset (state × width) plus a column; holds the
   * next state's row offset or, when that state reports literals, the bitwise complement of its
   * index among the reporting states (read by AnchorTrie.scan's fused pass; see `report`).
   */
  readonly delta: Int32Array;
  /** Per reporting state: its row offset, and its literals outFlat[outStart[r] .. outStart[r+1]). */
  private readonly reportRow: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outFlat: Int32Array;
  readonly literals: readonly string[];
  /** Literal k occurred in the last marking pass iff seen[k] === stamp (no clearing per view). */
  readonly seen: Uint32Array;
  /** The literals marked in the last pass: found[0 .. nFound). */
  readonly found: Int32Array;
  nFound = 0;
  /** Reporting state r already reported in this pass iff reported[r] === stamp. */
  private readonly reported: Uint32Array;
  private stamp = 0;

  constructor(literals: readonly string[]) {
    this.literals = literals;
    this.seen = new Uint32Array(literals.length);
    this.found = new Int32Array(literals.length);
    const cls = new Uint8Array(128);
    let width = 1;
    for (const lit of literals)
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i) & 0x7f;
        if (cls[c] === 0) cls[c] = width++;
      }
    // Rules join a phrase's words with `\s`: a literal's space stands for any white space
    // ("risk⏎accepted" holds the literal "risk accepted"). Aliasing only widens the prefilter.
    if (cls[32] !== 0) for (const ws of WHITE_SPACE) cls[ws] = cls[32]!;
    this.cls = cls;
    this.width = width;
    // The trie, straight into the transition table (-1: no edge yet), then completed breadth-first
    // with the failure links. A Map per state was most of a proxy's start spent here (~28k states).
    let next = new Int32Array(64 * width).fill(-1);
    const out: Array<number[] | undefined> = [undefined];
    let n = 1;
    literals.forEach((lit, idx) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const at = s * width + cls[lit.charCodeAt(i) & 0x7f]!;
        let t = next[at]!;
        if (t < 0) {
          t = n++;
          if (n * width > next.length) {
            const grown = new Int32Array(next.length * 2).fill(-1);
            grown.set(next);
            next = grown;
          }
          next[at] = t;
          out.push(undefined);
        }
        s = t;
      }
      (out[s] ??= []).push(idx);
    });
    const fail = new Int32Array(n);
    const queue = new Int32Array(n);
    let tail = 0;
    for (let c = 0; c < width; c++) {
      const t = next[c]!;
      if (t < 0) next[c] = 0;
      else queue[tail++] = t; // fail[t] = 0, the root
    }
    for (let q = 0; q < tail; q++) {
      const s = queue[q]!;
      const f = fail[s]!;
      const inherited = out[f];
      if (inherited !== undefined) (out[s] ??= []).push(...inherited);
      // Row f is complete: f is shallower than s, so it left the queue first.
      for (let c = 0, row = s * width, frow = f * width; c < width; c++) {
        const t = next[row + c]!;
        if (t >= 0) {
          fail[t] = next[frow + c]!;
          queue[tail++] = t;
        } else next[row + c] = next[frow + c]!;
      }
    }
    // Reporting states are numbered apart, so a report needs no division of a row offset.
    const reportOf = new Int32Array(n).fill(-1);
    const rows: number[] = [];
    const starts: number[] = [0];
    const flat: number[] = [];
    for (let t = 0; t < n; t++) {
      const lits = out[t];
      if (lits !== undefined) {
        reportOf[t] = rows.length;
        rows.push(t * width);
        flat.push(...lits);
        starts.push(flat.length);
      }
    }
    const delta = new Int32Array(n * width);
    for (let i = 0; i < delta.length; i++) {
      const t = next[i]!;
      delta[i] = reportOf[t]! >= 0 ? ~reportOf[t]! : t * width;
    }
    this.delta = delta;
    this.reportRow = Int32Array.from(rows);
    this.outStart = Int32Array.from(starts);
    this.outFlat = Int32Array.from(flat);
    this.reported = new Uint32Array(rows.length);
  }

  /**
   * Marks the literals of reporting state r (once per pass) and returns its row offset, where
   * the automaton goes on.
   */
  report(r: number, stamp: number): number {
    if (this.reported[r] !== stamp) {
      this.reported[r] = stamp;
      const flat = this.outFlat;
      for (let j = this.outStart[r]!, end = this.outStart[r + 1]!; j < end; j++) {
        const k = flat[j]!;
        if (this.seen[k] !== stamp) {
          this.seen[k] = stamp;
          this.found[this.nFound++] = k;
        }
      }
    }
    return this.reportRow[r]!;
  }

  /** Starts a marking pass: forgets what the previous one saw. Returns the pass's stamp. */
  begin(): number {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.reported.fill(0);
      this.stamp = 0;
    }
    this.nFound = 0;
    return ++this.stamp;
  }

  /** The stamp of the last marking pass (literal k occurred in it iff seen[k] === stampOf()). */
  stampOf(): number {
    return this.stamp;
  }

  /** Did literal k occur in the view of the last marking pass (`mark` or AnchorTrie.scan)? */
  occurred(k: number): boolean {
    return this.seen[k] === this.stamp;
  }

  /** A marking pass over `view` (what AnchorTrie.scan does beside its anchor search). */
  mark(view: string): void {
    const stamp = this.begin();
    const { delta, cls } = this;
    let s = 0;
    for (let i = 0; i < view.length; i++) {
      const c = view.charCodeAt(i);
      const v = delta[s + (c < 128 ? cls[c]! : 0)]!;
      if (v >= 0) s = v;
      else s = this.report(~v, stamp);
    }
  }

  /** Indices (into `literals`) of the literals occurring in `view`. */
  scan(view: string): Set<number> {
    this.mark(view);
    const found = new Set<number>();
    for (let k = 0; k < this.literals.length; k++) if (this.occurred(k)) found.add(k);
    return found;
  }

  /**
   * True if any literal occurs in the sequence of `view`'s units for which `keep` is 1, with
   * units above 0x7f that are kept resetting the automaton: the same answer as `scan` on the view
   * reduced to those units, without building it (e.g. the squashed view).
   */
  anyInKept(view: string, keep: Uint8Array): boolean {
    if (this.keptOf !== keep) this.keepTables(keep);
    const delta = this.keptDelta;
    const cls = this.keptCls;
    let s = 0;
    for (let i = 0; i < view.length; i++) {
      const v = delta[s + cls[view.charCodeAt(i)]!]!;
      if (v < 0) return true;
      s = v;
    }
    return false;
  }

  /**
   * `anyInKept`'s tables for `keep`: per UTF-16 unit its column (a unit not kept takes an extra
   * last column whose transitions stay in their state, a kept non-ASCII unit column 0, as in
   * `mark`), and `delta` widened by that column, -1 where a literal is reported. A skipped unit
   * was a branch per unit, mispredicted at every space and punctuation mark.
   */
  private keepTables(keep: Uint8Array): void {
    const width = this.width;
    const wide = width + 1;
    const states = this.delta.length / width;
    const delta = new Int32Array(states * wide);
    for (let s = 0; s < states; s++) {
      for (let c = 0; c < width; c++) {
        const v = this.delta[s * width + c]!;
        delta[s * wide + c] = v < 0 ? -1 : (v / width) * wide;
      }
      delta[s * wide + width] = s * wide;
    }
    const cls = new Uint8Array(0x10000);
    for (let u = 0; u < 0x10000; u++) cls[u] = keep[u] !== 1 ? width : u < 128 ? this.cls[u]! : 0;
    this.keptDelta = delta;
    this.keptCls = cls;
    this.keptOf = keep;
  }
  private keptOf: Uint8Array | undefined;
  private keptDelta = new Int32Array(0);
  private keptCls = new Uint8Array(0);
}

/** The literal automaton of a pass given none: no literal, so it never reports. */
const NO_LITERALS = new LiteralMatcher([]);

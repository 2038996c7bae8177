/**
 * The anchor vocabulary of the rule prefilter as a trie over `[a-z0-9]`. One pass over a view
 * finds every whole ASCII word that is an anchor, with its offsets, without allocating a string
 * per word (profiling showed a Map of all words cost more than normalisation itself).
 */

const ALPHABET = 36;

/** ASCII code → trie letter index (-1: not a letter/digit). */
const INDEX = new Int8Array(128).fill(-1);
for (let c = 97; c <= 122; c++) INDEX[c] = c - 97;
for (let c = 65; c <= 90; c++) INDEX[c] = c - 65;
for (let c = 48; c <= 57; c++) INDEX[c] = c - 48 + 26;

function indexOf(c: number): number {
  return c < 128 ? INDEX[c]! : -1;
}

/** The answer when no anchor occurs (never mutated by callers). */
const NONE: Map<string, number[]> = new Map();

export class AnchorTrie {
  private next: Int32Array;
  private term: Int32Array;
  private nodes = 1;
  readonly words: string[] = [];

  /** @param words anchors (lower-case ASCII letters/digits; others are ignored) */
  constructor(words: Iterable<string>) {
    const list = [...new Set(words)].filter((w) => /^[a-z0-9]+$/.test(w));
    const max = 1 + list.reduce((n, w) => n + w.length, 0);
    this.next = new Int32Array(max * ALPHABET).fill(-1);
    this.term = new Int32Array(max).fill(-1);
    for (const w of list) {
      let node = 0;
      for (let i = 0; i < w.length; i++) {
        const k = node * ALPHABET + indexOf(w.charCodeAt(i));
        if (this.next[k] === -1) this.next[k] = this.nodes++;
        node = this.next[k]!;
      }
      this.term[node] = this.words.length;
      this.words.push(w);
    }
  }

  /**
   * Anchors occurring in `view` as whole ASCII letter/digit runs → their start offsets.
   * @example new AnchorTrie(['ignore']).scan('x ignore-ignore').get('ignore') // [2, 9]
   */
  scan(view: string, lits?: LiteralMatcher, found?: Set<number>): Map<string, number[]> {
    // Fields in locals: this loop is one of the hottest in the filter.
    const next = this.next;
    // The literal automaton (if given) runs in the same pass: one read of the view, not two.
    const delta = lits?.delta;
    const hasOut = lits?.hasOut;
    let ls = 0;
    const term = this.term;
    const n = view.length;
    let out: Map<string, number[]> | undefined;
    let node = -1;
    let start = -1;
    for (let i = 0; i <= n; i++) {
      const code = i < n ? view.charCodeAt(i) : 0;
      if (delta !== undefined && i < n) {
        ls = code < 128 ? delta[(ls << 7) | code]! : 0;
        if (hasOut![ls] === 1) for (const k of lits!.out[ls]!) found!.add(k);
      }
      const idx = code < 128 ? INDEX[code]! : -1;
      if (idx >= 0) {
        if (start < 0) {
          start = i;
          node = 0;
        }
        if (node >= 0) node = next[node * ALPHABET + idx]!;
        continue;
      }
      if (node > 0) {
        const t = term[node]!;
        if (t >= 0) {
          const w = this.words[t]!;
          out ??= new Map();
          const list = out.get(w);
          if (list) list.push(start);
          else out.set(w, [start]);
        }
      }
      start = -1;
      node = -1;
    }
    return out ?? NONE;
  }
}

/**
 * Aho-Corasick automaton over ASCII literals (the `literals` prefilter): one pass reports which
 * literals occur anywhere in a view. Non-ASCII input characters reset to the root (literals are
 * ASCII).
 */
export class LiteralMatcher {
  /** Transition table, 128 columns per state (read by AnchorTrie.scan's fused pass). */
  readonly delta: Int32Array;
  /** Literal indices reported in each state. */
  readonly out: number[][];
  /** 1 for states that report at least one literal. */
  readonly hasOut: Uint8Array;
  readonly literals: readonly string[];

  constructor(literals: readonly string[]) {
    this.literals = literals;
    const gotoT: Array<Map<number, number>> = [new Map()];
    const out: number[][] = [[]];
    literals.forEach((lit, idx) => {
      let s = 0;
      for (let i = 0; i < lit.length; i++) {
        const c = lit.charCodeAt(i) & 0x7f;
        let t = gotoT[s]!.get(c);
        if (t === undefined) {
          t = gotoT.length;
          gotoT.push(new Map());
          out.push([]);
          gotoT[s]!.set(c, t);
        }
        s = t;
      }
      out[s]!.push(idx);
    });
    const n = gotoT.length;
    const delta = new Int32Array(n * 128);
    const fail = new Int32Array(n);
    const queue: number[] = [];
    for (let c = 0; c < 128; c++) {
      const t = gotoT[0]!.get(c);
      delta[c] = t ?? 0;
      if (t !== undefined) queue.push(t);
    }
    while (queue.length > 0) {
      const s = queue.shift()!;
      out[s]!.push(...out[fail[s]!]!);
      for (let c = 0; c < 128; c++) {
        const t = gotoT[s]!.get(c);
        if (t !== undefined) {
          fail[t] = delta[fail[s]! * 128 + c]!;
          delta[s * 128 + c] = t;
          queue.push(t);
        } else delta[s * 128 + c] = delta[fail[s]! * 128 + c]!;
      }
    }
    this.delta = delta;
    this.out = out;
    this.hasOut = Uint8Array.from(out, (o) => (o.length > 0 ? 1 : 0));
  }

  /** Indices (into `literals`) of the literals occurring in `view`. */
  scan(view: string): Set<number> {
    const found = new Set<number>();
    let s = 0;
    const delta = this.delta;
    const hasOut = this.hasOut;
    for (let i = 0; i < view.length; i++) {
      const c = view.charCodeAt(i);
      s = c < 128 ? delta[(s << 7) | c]! : 0;
      if (hasOut[s] === 1) for (const k of this.out[s]!) found.add(k);
    }
    return found;
  }

  /**
   * True if any literal occurs in the sequence of `view`'s units for which `keep` is 1, with
   * units above 0x7f that are kept resetting the automaton: the same answer as `scan` on the view
   * reduced to those units, without building it (e.g. the squashed view).
   */
  anyInKept(view: string, keep: Uint8Array): boolean {
    let s = 0;
    const delta = this.delta;
    const hasOut = this.hasOut;
    for (let i = 0; i < view.length; i++) {
      const c = view.charCodeAt(i);
      if (keep[c] !== 1) continue;
      s = c < 128 ? delta[(s << 7) | c]! : 0;
      if (hasOut[s] === 1) return true;
    }
    return false;
  }
}

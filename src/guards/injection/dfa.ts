/**
 * A flat transition table in front of re2js's lazy DFA, for `test` (does the rule match anywhere?)
 * on a whole view or a window of it.
 *
 * re2js keeps its DFA as objects: each state holds a JS array of next-state objects, and each
 * step reads the input through a method call that also decodes surrogate pairs. Here the states
 * re2js builds are numbered as they are reached, and their transitions copied into one
 * Int32Array (state × character class), so a step is two typed-array reads. re2js still does all
 * the work of building a state (its own `step`): the table only remembers the answers, so the
 * language matched is re2js's by construction. A program re2js would not run on its DFA (a
 * literal it finds with indexOf, a one-pass program, lookbehind), a DFA whose memory budget runs
 * out, and a table that grows past MAX_ENTRIES fall back to re2js's own `test`.
 * test/injection/dfa.test.ts compares the two on every rule and every view of the corpus.
 */
import type { RE2JS } from 're2js';

/** What the scanner needs of a compiled rule: does it match `s[lo, hi)` (taken as a whole text)? */
export interface Tester {
  test(s: string, lo?: number, hi?: number): boolean;
}

/** re2js internals read here (re2js build/index.js: RE2, DFA, DFAState). */
interface DfaState {
  readonly isMatch: boolean;
}
interface Re2Dfa {
  readonly failed: boolean;
  /** Bytes re2js may still charge for new states, and what it starts over with after clearing. */
  memBudget: number;
  stateBudget: number;
  readonly numClasses: number;
  readonly latin1Class: Int32Array;
  runeClass(rune: number): number;
  start(input: { context(pos: number): number }, pos: number): DfaState | null;
  step(state: DfaState, cls: number, rune: number, anchor: number): DfaState | null;
}
interface Re2Inner {
  readonly prefixComplete: boolean;
  readonly prefilter: unknown;
  readonly onepass: unknown;
  readonly prog: { readonly numLb: number };
  readonly dfa: Re2Dfa;
}

/** Slots of a tester's rune class cache (`classOf`; 4 KB, made on the first rune above Latin-1). */
const RUNE_SLOTS = 512;

/** re2js RE2Flags.UNANCHORED, DFA END_TEXT, Utils.EMPTY_BEGIN_TEXT | EMPTY_BEGIN_LINE. */
const UNANCHORED = 0;
const END_TEXT = -1;
const AT_TEXT_START = { context: (): number => 4 | 1 };

/** Largest table kept per rule (Int32 entries, 8 MB, as re2js's own DFA budget); past it the table starts over. */
const MAX_ENTRIES = 1 << 21;

/**
 * re2js's DFA memory per rule. Its default (8 MB) is charged ~8 bytes per character class per
 * state plus the state's NFA instruction list, several times what a row of the table here costs:
 * a rule with many classes (the multilingual agent clauses, 183) used it up at ~3k states, and
 * re2js then cleared its DFA and the table was relearned on every pass over the corpus (~12k
 * re2js steps, ~15 % of the scan's CPU). Four times the default lets MAX_ENTRIES bind first; a
 * rule that needs few states uses no more memory than before.
 */
const RE2_DFA_BUDGET = 4 * 8388608;

/** True if re2js's `test` of this program runs its lazy DFA (RE2.executeEngine, ncap 0). */
function runsOnDfa(inner: Re2Inner): boolean {
  return (
    !inner.prefixComplete &&
    (inner.prefilter === null || inner.prefilter === undefined) &&
    (inner.onepass === null || inner.onepass === undefined) &&
    inner.prog.numLb === 0 &&
    !inner.dfa.failed
  );
}

export class DfaTester implements Tester {
  /**
   * Tables started over in this process. A rule whose states outgrow MAX_ENTRIES on ordinary text
   * is relearned through re2js on every pass (a rule that did cost the scan 2.6× its CPU);
   * test/injection/dfa-budget.test.ts holds this at 0 over the corpus.
   */
  static restarts = 0;
  private dfa: Re2Dfa | undefined;
  private width = 0;
  private latin1: Int32Array = new Int32Array(0);
  /** State id → re2js state; next[id × width + class] = the next state's `code`, -1 not yet known. */
  private states: DfaState[] = [];
  private ids = new Map<DfaState, number>();
  private next = new Int32Array(0);
  /**
   * State id → its code in `next`: its row offset (id × width), or, for a matching state,
   * `-2 - id`. A step is then one table read and a sign test, with no multiplication and no
   * separate match read.
   */
  private codes: number[] = [];
  /** Row offset of the start state, -1 before the first run. */
  private startRow = -1;
  private program: RE2JS | undefined;
  /** Makes the program on the first test (then undefined). */
  private make: (() => RE2JS) | undefined;

  /**
   * @param re the program, or a function making it: most rules of a set are never tried in a
   *   process's life (their prefilters never admit a view), and re2js's compilation of all of them
   *   was a third of a proxy's start (compile.ts compileProgram)
   * @param maxEntries table size at which it starts over (smaller only in tests)
   */
  constructor(
    re: RE2JS | (() => RE2JS),
    private readonly maxEntries = MAX_ENTRIES,
  ) {
    if (typeof re === 'function') this.make = re;
    else this.use(re);
  }

  private prepare(): void {
    const make = this.make!;
    this.make = undefined;
    this.use(make());
  }

  private use(re: RE2JS): void {
    this.program = re;
    const inner = (re as unknown as { re2Input: Re2Inner }).re2Input;
    if (!runsOnDfa(inner)) return;
    this.dfa = inner.dfa;
    if (this.dfa.stateBudget < RE2_DFA_BUDGET) {
      this.dfa.memBudget += RE2_DFA_BUDGET - this.dfa.stateBudget;
      this.dfa.stateBudget = RE2_DFA_BUDGET;
    }
    // One column per character class, and the last for the end of the text.
    this.width = this.dfa.numClasses + 1;
    this.latin1 = this.dfa.latin1Class;
  }

  /** Does the rule match `s[lo, hi)`, as re2js's `test(s.slice(lo, hi))` would answer? */
  test(s: string, lo = 0, hi = s.length): boolean {
    if (this.make !== undefined) this.prepare();
    if (this.dfa === undefined) return this.slow(s, lo, hi);
    const row = this.start();
    if (row < 0) return this.restart(s, lo, hi);
    return this.from(s, lo, lo, hi, row);
  }

  /** Row offset of the start state (numbered on first use); -1 if re2js cannot give one. */
  private start(): number {
    if (this.startRow >= 0) return this.startRow;
    const start = this.dfa!.start(AT_TEXT_START, 0);
    const id = start === null ? -1 : this.idOf(start);
    if (id < 0) return -1;
    // The start state's own match flag is not read (as before any step below).
    return (this.startRow = id * this.width);
  }

  /** `test(s, lo, hi)` resumed at `i` in state `row` (the steps over s[lo, i) already taken). */
  private from(s: string, lo: number, i: number, hi: number, row: number): boolean {
    const width = this.width;
    const latin1 = this.latin1;
    let next = this.next;
    while (i < hi) {
      // Latin-1 units over known, non-matching transitions (nearly every step) in a loop of their
      // own: with no surrogate or rune-class test in it, a step costs ~30 % less (measured on the
      // corpus's DFA runs replayed). Anything else breaks out to the general step below.
      for (; i < hi; i++) {
        const u = s.charCodeAt(i);
        if (u > 0xff) break;
        const t = next[row + latin1[u]!]!;
        if (t < 0) break;
        row = t;
      }
      if (i >= hi) break;
      // A rune as re2js's UTF-16 input reads it: a surrogate pair is one rune, a lone one itself.
      let r = s.charCodeAt(i);
      if (r >= 0xd800 && r <= 0xdbff && i + 1 < hi) {
        const r2 = s.charCodeAt(i + 1);
        if (r2 >= 0xdc00 && r2 <= 0xdfff) {
          r = (r - 0xd800) * 1024 + (r2 - 0xdc00) + 0x10000;
          i++;
        }
      }
      const cls = r <= 0xff ? latin1[r]! : this.classOf(r);
      let t = next[row + cls]!;
      if (t < 0) {
        if (t === -1) {
          t = this.learn(row, cls, r);
          if (t === -1) return this.restart(s, lo, hi);
          next = this.next;
        }
        if (t < 0) return true;
      }
      row = t;
      i++;
    }
    let t = next[row + width - 1]!;
    if (t === -1) {
      t = this.learn(row, width - 1, END_TEXT);
      if (t === -1) return this.restart(s, lo, hi);
    }
    return t < 0;
  }

  /**
   * `a.test(s)` and `b.test(s)` in one walk (bit 1: a matched, bit 2: b matched): each step is
   * a dependent table read, and two independent ones interleaved overlap their latencies. Where
   * either needs more than a known, non-matching transition (a state to learn, a match, a
   * surrogate), each finishes alone from where it stands, so the answers are `test`'s.
   */
  static testPair(a: DfaTester, b: DfaTester, s: string): number {
    if (a.make !== undefined) a.prepare();
    if (b.make !== undefined) b.prepare();
    const hi = s.length;
    const ra0 = a.dfa === undefined ? -1 : a.start();
    const rb0 = b.dfa === undefined ? -1 : b.start();
    if (ra0 < 0 || rb0 < 0) return (a.test(s) ? 1 : 0) | (b.test(s) ? 2 : 0);
    let ra = ra0;
    let rb = rb0;
    const na = a.next;
    const nb = b.next;
    const la = a.latin1;
    const lb = b.latin1;
    let i = 0;
    for (; i < hi; i++) {
      const r = s.charCodeAt(i);
      if (r > 0xff) break;
      const ta = na[ra + la[r]!]!;
      const tb = nb[rb + lb[r]!]!;
      if ((ta | tb) < 0) break;
      ra = ta;
      rb = tb;
    }
    return (a.from(s, 0, i, hi, ra) ? 1 : 0) | (b.from(s, 0, i, hi, rb) ? 2 : 0);
  }

  /**
   * re2js's class of a rune above Latin-1 (`runeClass`, a binary search over its class bounds with
   * a mispredicted branch per level: ~15 % of the DFA runs' time), through a direct-mapped cache
   * of the runes seen (a slot holds the rune and its class, so a hit is exact).
   */
  private classOf(r: number): number {
    const t = (this.runes ??= new Int32Array(2 * RUNE_SLOTS).fill(-1));
    const k = (r & (RUNE_SLOTS - 1)) << 1;
    if (t[k] === r) return t[k + 1]!;
    const c = this.dfa!.runeClass(r);
    t[k] = r;
    t[k + 1] = c;
    return c;
  }
  private runes: Int32Array | undefined;

  /** The transition re2js computes for (state, class), recorded as its code; -1 if it cannot. */
  private learn(row: number, cls: number, rune: number): number {
    const to = this.dfa!.step(this.states[row / this.width]!, cls, rune, UNANCHORED);
    if (to === null) return -1;
    const t = this.idOf(to);
    if (t < 0) return -1;
    const code = this.codes[t]!;
    this.next[row + cls] = code;
    return code;
  }

  /** The id of a re2js state (numbered on first sight); -1 when the table is full. */
  private idOf(state: DfaState): number {
    let id = this.ids.get(state);
    if (id !== undefined) return id;
    id = this.states.length;
    const need = (id + 1) * this.width;
    if (need > this.maxEntries) return -1;
    if (need > this.next.length) {
      const size = Math.min(this.maxEntries, Math.max(need, this.next.length * 2, 64 * this.width));
      const next = new Int32Array(size - (size % this.width)).fill(-1);
      next.set(this.next);
      this.next = next;
    }
    this.states.push(state);
    this.ids.set(state, id);
    this.codes.push(state.isMatch ? -2 - id : id * this.width);
    return id;
  }

  /** Forgets the table (full, or re2js ran out of DFA memory) and lets re2js answer. */
  private restart(s: string, lo: number, hi: number): boolean {
    DfaTester.restarts++;
    this.states = [];
    this.ids = new Map();
    this.next = new Int32Array(0);
    this.codes = [];
    this.startRow = -1;
    return this.slow(s, lo, hi);
  }

  private slow(s: string, lo: number, hi: number): boolean {
    return this.program!.test(lo === 0 && hi === s.length ? s : s.slice(lo, hi));
  }
}

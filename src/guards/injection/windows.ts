/**
 * Anchor windows for words-view rules: an anchored rule runs only on the text within WINDOW_WORDS
 * words of its anchors (built-in anchored rules never span more), merged where they overlap, so
 * the text scanned is at most the view however many anchors it holds.
 */
import { wordStarts } from './normalise.js';
import type { Tester } from './dfa.js';

/** Words each side of an anchor that a windowed rule may span. */
const WINDOW_WORDS = 24;

/** Up to this many offsets per anchor, windows are found by walking from each anchor. */
const FEW = 16;

type Range = [number, number];

/**
 * The windows of one words view: merged [lo, hi) character ranges of WINDOW_WORDS words around
 * anchor offsets. Each anchor's offset list is shared by every rule of that anchor, so its ranges
 * are computed once per view (memoised by list identity) with a binary search over the word starts
 * that only moves forward: near-linear in the view even when every word is an anchor and many rules share them.
 */
export class Windows {
  private starts: Int32Array | undefined;
  private readonly memo = new Map<number[], Range[]>();
  /** The view has at most WINDOW_WORDS + 1 words (computed on first use). */
  private short: boolean | undefined;

  constructor(private readonly view: string) {}

  /** True if every window is the whole view (`test` then tests the whole target). */
  whole(): boolean {
    return (this.short ??= fewWords(this.view));
  }

  /** True if `re` matches `target` (the view or its ROT13) inside the windows of `lists`. */
  test(lists: number[][], re: Tester, target: string): boolean {
    // Every window of a view of at most WINDOW_WORDS + 1 words is the whole view (most texts).
    if ((this.short ??= fewWords(this.view))) return re.test(target);
    let ranges = this.of(lists[0]!);
    if (
      lists.length > 1 &&
      !(ranges.length === 1 && ranges[0]![1] - ranges[0]![0] === target.length)
    )
      ranges = merge(lists.map((l) => this.of(l)));
    for (const [lo, hi] of ranges) {
      if (re.test(target, lo, hi)) return true;
    }
    return false;
  }

  private of(at: number[]): Range[] {
    let out = this.memo.get(at);
    if (out) return out;
    out = at.length <= FEW ? this.local(at) : this.indexed(at);
    this.memo.set(at, out);
    return out;
  }

  /**
   * Few anchors (the usual case): walk WINDOW_WORDS spaces each way from each anchor, instead of
   * indexing every word of a possibly long view.
   */
  private local(at: number[]): Range[] {
    const view = this.view;
    const out: Range[] = [];
    for (const pos of at) {
      let from = lastSpace(view, pos - 1) + 1;
      for (let k = 0; k < WINDOW_WORDS && from > 0; k++) from = lastSpace(view, from - 2) + 1;
      let to = view.length;
      let q = pos;
      for (let k = 0; k <= WINDOW_WORDS; k++) {
        const sp = nextSpace(view, q);
        if (sp < 0) break;
        q = sp + 1;
        if (k === WINDOW_WORDS) to = sp;
      }
      // A window spanning the whole view (the usual short text) absorbs all the others.
      if (from === 0 && to === view.length) return [[0, to]];
      out.push([from, to]);
    }
    return out.length === 1 ? out : merge([out]);
  }

  /** Many anchors: one index of word starts, searched forward only (offsets ascend). */
  private indexed(at: number[]): Range[] {
    const starts = (this.starts ??= wordStarts(this.view));
    const end = this.view.length;
    const out: Range[] = [];
    let w = 0; // index of the word containing the current offset (offsets ascend)
    let prev = -1;
    for (const pos of at) {
      if (pos < prev) return this.local(at); // defensive: unsorted input
      prev = pos;
      // binary search in [w, last]: the index of the word containing `pos`
      let hi = starts.length - 1;
      while (w < hi) {
        const mid = (w + hi + 1) >> 1;
        if (starts[mid]! <= pos) w = mid;
        else hi = mid - 1;
      }
      const from = starts[Math.max(0, w - WINDOW_WORDS)]!;
      const toWord = w + WINDOW_WORDS + 1;
      const to = toWord < starts.length ? starts[toWord]! - 1 : end;
      const last = out[out.length - 1];
      if (last && from <= last[1]) last[1] = Math.max(last[1], to);
      else out.push([from, to]);
    }
    return out;
  }
}

/** True if `view` has at most WINDOW_WORDS spaces (native indexOf, stops at the limit). */
function fewWords(view: string): boolean {
  let sp = -1;
  for (let k = 0; k <= WINDOW_WORDS; k++) {
    sp = view.indexOf(' ', sp + 1);
    if (sp < 0) return true;
  }
  return false;
}

/**
 * `view.lastIndexOf(' ', i)` (i clamped to the view, as there) and `view.indexOf(' ', i)` (i ≥ 0):
 * loops over the units, since V8 runs `lastIndexOf` in its runtime, a call per word walked (the
 * larger part of finding windows).
 */
function lastSpace(view: string, i: number): number {
  for (let j = Math.min(Math.max(i, 0), view.length - 1); j >= 0; j--)
    if (view.charCodeAt(j) === 32) return j;
  return -1;
}
function nextSpace(view: string, i: number): number {
  for (let j = i; j < view.length; j++) if (view.charCodeAt(j) === 32) return j;
  return -1;
}

/** Ranges to merge up to which an insertion sort is used (no comparator calls). */
const FEW_RANGES = 32;

/**
 * Union of several sorted range lists, merged where they overlap. The union does not depend on
 * the order of ranges with equal starts, so any sort by start gives the same ranges.
 */
function merge(lists: Range[][]): Range[] {
  // A loop, not lists.flat(): V8's generic flat cost ~3/4 of this function (profiled).
  const all: Range[] = [];
  for (const list of lists) for (const r of list) all.push(r);
  if (all.length > FEW_RANGES) all.sort((a, b) => a[0] - b[0]);
  else
    for (let i = 1; i < all.length; i++) {
      const r = all[i]!;
      let j = i - 1;
      for (; j >= 0 && all[j]![0] > r[0]; j--) all[j + 1] = all[j]!;
      all[j + 1] = r;
    }
  const out: Range[] = [];
  for (const [lo, hi] of all) {
    const last = out[out.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

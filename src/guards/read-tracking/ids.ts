/**
 * Finding ids for the read-tracking and tripwire guards, from two sources that never mix:
 * - targets of a call come from its arguments. Attackers choose argument spelling, so names are
 *   compared normalized (case, `_`/`-`, NFKC) and ids are parsed the way a Python backend would
 *   (`int("４２") == 42`); anything id-like that does not parse is reported, so a required check
 *   fails closed instead of skipping it;
 * - ids *read* come only from the finding objects present in a result, located by their shape
 *   (`isFindingObject`), never from the arguments of the call that produced the result.
 */
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { factKey, viewOf, type FactKey, type ResponseView } from '../../core/response-view.js';

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

/**
 * Id-argument names normalized once (normalizeArgName), for a guard to build at creation: the
 * names come from the policy, and the tripwire looks at every tools/call.
 */
export function idArgumentNames(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map(normalizeArgName));
}

/**
 * Target ids of a mutating call: every value under an id-argument name, at any depth ≤ 4.
 * `idArgNames`: the names as written, or already normalized by idArgumentNames.
 */
export function extractTargetFindingIds(
  args: Record<string, unknown>,
  idArgNames: readonly string[] | ReadonlySet<string>,
): { ids: number[]; unparsable: boolean } {
  const names =
    idArgNames instanceof Set ? idArgNames : idArgumentNames(idArgNames as readonly string[]);
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

/**
 * The shape of a DefectDojo finding as every finding serializer renders it (API.md §2.1): a
 * positive integer `id`, string `title` and `severity`, the string `numerical_severity` ("S0".."S4")
 * and the owning `test` (an id, or an object with one when expanded). No other DefectDojo object
 * carries all five: tests have `title` but no `severity`; finding groups have `test` but no
 * `severity`; stub findings and templates lack `numerical_severity`; notes, products,
 * engagements and users share only `id`. A trimmed finding that misses one of them is not
 * counted, which can only cause a later `not_read_before_mutation` (fail closed), never an allow.
 */
export function isFindingObject(o: Record<string, unknown>): boolean {
  if (typeof o.title !== 'string' || typeof o.severity !== 'string') return false;
  if (typeof o.numerical_severity !== 'string' || !isRowId(o.id)) return false;
  const t = o.test;
  return isRowId(t) || (t !== null && typeof t === 'object' && isRowId((t as { id?: unknown }).id));
}

/** A database id as DefectDojo serializes it: a JSON number, integer, ≥ 1 (never a string). */
function isRowId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

/**
 * Finding ids a tools/call result shows the client: the ids of the finding objects present in it
 * (see `isFindingObject`), wherever they sit in `structuredContent` or in a text block that is
 * JSON (a page's `results[]`, a get-by-id `result`, a bare object or list, nested wrappers).
 * Never the call's arguments: an upstream ignores, strips or misreads arguments it does not know
 * (`get_findings {"ids": "261"}` returns some other page), so only what came back counts. Error
 * results show nothing. At most `max` ids, in the order found.
 * @example extractReadFindingIds({ jsonrpc: '2.0', id: 1, result: { structuredContent: page } }, 1000)
 */
export function extractReadFindingIds(
  message: JsonRpcMessage,
  max: number,
  view?: ResponseView,
): number[] {
  return idsOf(message, max, 'strict', view);
}

/** Keys of which any one, beside an integer `id`, makes an object finding-like to an alarm. */
const FINDING_LIKE_KEYS = [
  'title',
  'severity',
  'test',
  'test_id',
  'verified',
  'numerical_severity',
];

/**
 * Ids of finding-*like* objects in a result, for alarms (the tripwire): an id (number or digit
 * string) plus any
 * one finding field, so a decoy in a trimmed or unusual rendering still trips. Looser than
 * `extractReadFindingIds` on purpose: a false match here raises an alarm, while there it would
 * grant a mutation.
 */
export function extractFindingLikeIds(
  message: JsonRpcMessage,
  max: number,
  view?: ResponseView,
): number[] {
  return idsOf(message, max, 'loose', view);
}

type Shape = 'strict' | 'loose';

const SHAPES: Record<Shape, (o: Record<string, unknown>) => boolean> = {
  strict: isFindingObject,
  loose: (o) => parseFindingId(o.id) !== undefined && FINDING_LIKE_KEYS.some((k) => k in o),
};

/** The ids of the upstream message, by shape, memoised on its view (all of them; callers cap). */
const VIEW_IDS: Record<Shape, FactKey<number[]>> = {
  strict: factKey('read-tracking.findingIds'),
  loose: factKey('read-tracking.findingLikeIds'),
};

function idsOf(
  message: JsonRpcMessage,
  max: number,
  shape: Shape,
  given: ResponseView | undefined,
): number[] {
  const result = message.result;
  if (!result || typeof result !== 'object') return [];
  const r = result as Record<string, unknown>;
  if (r.isError === true) return [];
  const view = viewOf(message, given);
  const ids =
    view.message === message
      ? view.fact(VIEW_IDS[shape], () => resultFindingIds(r, shape, view))
      : resultFindingIds(r, shape, view);
  return ids.length > max ? ids.slice(0, max) : ids;
}

/** Most ids one result is searched for (the tripwire walks results whole). */
const MAX_RESULT_IDS = 1_000_000;

/** Largest text block parsed for findings. */
const MAX_TEXT = 8 * 1024 * 1024;

/** Nesting searched for findings: a page is 3 deep; wrappers of wrappers stay well inside. */
const MAX_DEPTH = 8;

/** Distinct finding ids of a result, in the order found (structuredContent, then text blocks). */
function resultFindingIds(r: Record<string, unknown>, shape: Shape, view: ResponseView): number[] {
  const matches = SHAPES[shape];
  const ids = new Set<number>();
  const walk = (o: unknown, depth: number): void => {
    if (ids.size >= MAX_RESULT_IDS || depth > MAX_DEPTH || o === null || typeof o !== 'object')
      return;
    if (Array.isArray(o)) return o.forEach((x) => walk(x, depth + 1));
    const obj = o as Record<string, unknown>;
    if (matches(obj)) {
      ids.add(parseFindingId(obj.id)!);
      // A finding's own members (notes, expanded test) hold no finding that was shown as one;
      // an alarm still looks inside, so a decoy is found wherever it appears.
      if (shape === 'strict') return;
    }
    for (const v of Object.values(obj)) if (v && typeof v === 'object') walk(v, depth + 1);
  };
  const sc = r.structuredContent;
  walk(sc, 0);
  if (Array.isArray(r.content)) {
    for (const c of r.content as unknown[]) {
      const text = (c as { type?: unknown; text?: unknown } | null)?.text;
      if (typeof text !== 'string') continue;
      // The SDK mirrors structuredContent into a text block: byte-identical JSON holds exactly
      // the ids just walked, so it is not parsed again (the comparison's JSON is cached on the
      // view and reused by the content guards, as is the parse of any other JSON block).
      if (sc && typeof sc === 'object' && view.mirrors(text, sc)) continue;
      walk(view.parsedText(text, MAX_TEXT), 0); // not JSON: undefined, nothing to extract
    }
  }
  return [...ids];
}

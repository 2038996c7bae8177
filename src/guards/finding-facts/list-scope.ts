/**
 * Row-level scoping of list results and the "missing" answer for out-of-scope gets. A row is kept
 * only when its product is known to be in scope: from its `related_fields`, or from the test →
 * product map lookups build (a few lookups of one finding per unknown test, bounded); a row whose
 * product stays unknown is dropped (fail closed). `count` is lowered by the rows dropped, so a
 * page stays self-consistent; with the scope injected as an upstream filter nothing is dropped and
 * paging is exact (README "Product scoping").
 */
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import type { ResponseView } from '../../core/response-view.js';
import { mirrorBlock } from '../content/compact-json.js';
import { resultPayload } from './facts.js';
import { inScope, type ProductScope } from './scope.js';

/** Exactly what the bundled server answers for a finding that does not exist (src/dojo/). */
export function notFoundResult(): Record<string, unknown> {
  const error = {
    code: 'dojo_not_found',
    message: 'DefectDojo has no finding with that id, or this token cannot see it',
  };
  return { content: [{ type: 'text', text: JSON.stringify({ error }) }], isError: true };
}

export interface RowProducts {
  productOfTest: (test: number) => { product: number; type?: number } | undefined;
  productOfEngagement: (engagement: number) => { product: number; type?: number } | undefined;
  /** Looks up one finding (teaching its test's product). */
  learnTest: (findingId: number) => Promise<void>;
  maxLookups: number;
}

type Row = Record<string, unknown>;

const obj = (v: unknown): Row | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Row) : undefined;

/** The list tools whose rows are scoped, and what their rows are (other reads pass untouched). */
export const SCOPED_LISTS: Readonly<Record<string, 'finding' | 'product' | 'engagement' | 'test'>> =
  Object.freeze({
    get_findings: 'finding',
    get_products: 'product',
    get_engagements: 'engagement',
    get_tests: 'test',
  });

function rowProduct(
  row: Row,
  kind: string,
  known: RowProducts,
): { product?: number; type?: number } {
  const id = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  if (kind === 'product') return { product: id(row.id), type: id(row.prod_type) };
  if (kind === 'engagement') return { product: id(row.product) };
  if (kind === 'test') {
    const e = id(row.engagement);
    return e === undefined ? {} : (known.productOfEngagement(e) ?? {});
  }
  const p = obj(obj(obj(obj(row.related_fields)?.test)?.engagement)?.product);
  if (p && typeof p.id === 'number') {
    const t = obj(p.prod_type)?.id;
    return { product: p.id, type: typeof t === 'number' ? t : undefined };
  }
  const test = typeof row.test === 'number' ? row.test : obj(row.test)?.id;
  return typeof test === 'number' ? (known.productOfTest(test) ?? {}) : {};
}

/**
 * The list result with out-of-scope rows removed, or undefined when nothing changes.
 * `empty`: the caller asked only for products outside its scope, so the answer is an empty page.
 * With structuredContent, the text block mirrors it lazily (`mirrorBlock`): the page is
 * serialised once, by whoever reads it first, through the message's `view`.
 */
export async function filterListResult(
  message: JsonRpcMessage,
  kind: string,
  scope: ProductScope,
  empty: boolean,
  known: RowProducts,
  view: ResponseView,
): Promise<{ message: JsonRpcMessage; removed: number } | undefined> {
  const result = obj(message.result);
  if (!result || result.isError === true) return undefined;
  const page = obj(resultPayload(result));
  const rows = Array.isArray(page?.results) ? (page.results as unknown[]) : undefined;
  if (!page || !rows) {
    // Not a page we understand: show nothing rather than rows we cannot place.
    return { message: { ...message, result: { content: [], isError: false } }, removed: 0 };
  }
  // Teach unknown tests first (one finding each, bounded).
  const unknown = new Map<number, number>();
  for (const r of rows) {
    const row = obj(r);
    if (kind !== 'finding' || !row || rowProduct(row, kind, known).product !== undefined) continue;
    const test = typeof row.test === 'number' ? row.test : undefined;
    if (test !== undefined && typeof row.id === 'number' && !unknown.has(test))
      unknown.set(test, row.id);
  }
  await Promise.all(
    [...unknown.values()].slice(0, known.maxLookups).map((id) => known.learnTest(id)),
  );
  const kept = empty
    ? []
    : rows.filter((r) => {
        const row = obj(r);
        if (!row) return false;
        const { product, type } = rowProduct(row, kind, known);
        return inScope(scope, product, type);
      });
  const removed = rows.length - kept.length;
  if (removed === 0 && !empty) return undefined;
  const count = empty
    ? 0
    : typeof page.count === 'number'
      ? Math.max(0, page.count - removed)
      : page.count;
  const next: Row = { ...page, results: kept, count };
  if (empty) next.next_offset = null;
  const text =
    result.structuredContent === undefined
      ? { type: 'text', text: JSON.stringify(next) }
      : mirrorBlock({ type: 'text' }, next, view);
  const out: Row = { ...result, content: [text] };
  if (result.structuredContent !== undefined) out.structuredContent = next;
  return { message: { ...message, result: out }, removed };
}

/**
 * DRF `LimitOffsetPagination` as DefectDojo configures it (API.md §1): default 25, no maximum,
 * absolute next/previous URLs whose query parameters are re-encoded sorted by name.
 */

export const PAGE_SIZE = 25;

/** Parses limit/offset with DRF's fallbacks (bad/0/negative limit -> 25, bad offset -> 0). */
export function pageParams(query: URLSearchParams): { limit: number; offset: number } {
  const parse = (v: string | null): number | null => {
    if (v === null || !/^\s*[+-]?\d+\s*$/.test(v)) return null;
    return Number.parseInt(v, 10);
  };
  const l = parse(query.get('limit'));
  const o = parse(query.get('offset'));
  return { limit: l !== null && l > 0 ? l : PAGE_SIZE, offset: o !== null && o > 0 ? o : 0 };
}

/** Python's urlencode(quote_plus) of one component. */
function quotePlus(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

/** `url` with `set` applied and `drop` removed, query parameters sorted by name (stable). */
function rewrite(
  base: string,
  query: URLSearchParams,
  set: Record<string, string>,
  drop: string[],
): string {
  const pairs: Array<[string, string]> = [];
  for (const [k, v] of query) if (!(k in set) && !drop.includes(k)) pairs.push([k, v]);
  for (const [k, v] of Object.entries(set)) pairs.push([k, v]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const qs = pairs.map(([k, v]) => `${quotePlus(k)}=${quotePlus(v)}`).join('&');
  return qs ? `${base}?${qs}` : base;
}

/**
 * The list envelope for `items` (already filtered and ordered).
 * @param base absolute URL of the list without query string
 * @param withPrefetch endpoints on PrefetchListMixin always carry `prefetch: {}`
 */
export function paginate<T>(
  items: readonly T[],
  query: URLSearchParams,
  base: string,
  render: (item: T) => unknown,
  withPrefetch: boolean,
): Record<string, unknown> {
  const { limit, offset } = pageParams(query);
  const count = items.length;
  const next =
    offset + limit < count
      ? rewrite(base, query, { limit: String(limit), offset: String(offset + limit) }, [])
      : null;
  let previous: string | null = null;
  if (offset > 0) {
    const prevOffset = offset - limit;
    previous =
      prevOffset <= 0
        ? rewrite(base, query, { limit: String(limit) }, ['offset'])
        : rewrite(base, query, { limit: String(limit), offset: String(prevOffset) }, []);
  }
  const body: Record<string, unknown> = {
    count,
    next,
    previous,
    results: items.slice(offset, offset + limit).map(render),
  };
  if (withPrefetch) body.prefetch = {};
  return body;
}

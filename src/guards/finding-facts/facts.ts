/**
 * A finding's facts as the guard decides on them, read from the upstream's get-by-id answer
 * (the finding object of API.md §2.1, with its `related_fields` test → engagement → product
 * summary when the upstream gives one).
 */
import type { JsonRpcMessage } from '../../core/jsonrpc.js';

export const SEVERITY_RANK: Readonly<Record<string, number>> = Object.freeze({
  Info: 0,
  Low: 1,
  Medium: 2,
  High: 3,
  Critical: 4,
});

export interface FindingFacts {
  readonly id: number;
  readonly severity: string;
  readonly active: boolean;
  readonly verified: boolean;
  readonly risk_accepted: boolean;
  readonly is_mitigated: boolean;
  readonly false_p: boolean;
  readonly out_of_scope: boolean;
  readonly duplicate: boolean;
  readonly under_review: boolean;
  /** Lower-cased, as DefectDojo stores them. */
  readonly tags: readonly string[];
  readonly test?: number;
  readonly engagement?: number;
  readonly product?: number;
  readonly product_type?: number;
  /** The finding object as the upstream sent it (pre-images are taken from it). */
  readonly object: Readonly<Record<string, unknown>>;
}

export type LookupResult =
  | { kind: 'found'; facts: FindingFacts }
  | { kind: 'absent' }
  | { kind: 'unavailable'; reason: string };

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
const rowId = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : undefined;

/** The JSON payload of a tools/call result: structuredContent, else the first JSON text block. */
export function resultPayload(result: Record<string, unknown>): unknown {
  if (result.structuredContent !== undefined) return result.structuredContent;
  const content = Array.isArray(result.content) ? (result.content as unknown[]) : [];
  for (const c of content) {
    const text = obj(c)?.text;
    if (typeof text !== 'string') continue;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

/** Facts from a finding object; undefined when it is not one (no id/severity/flags). */
export function factsOf(o: Record<string, unknown>): FindingFacts | undefined {
  const id = rowId(o.id);
  if (id === undefined || typeof o.severity !== 'string') return undefined;
  const flags = ['active', 'verified', 'risk_accepted'] as const;
  if (flags.some((k) => typeof o[k] !== 'boolean')) return undefined;
  const test = obj(obj(o.related_fields)?.test);
  const eng = obj(test?.engagement);
  const product = obj(eng?.product);
  const tags = Array.isArray(o.tags)
    ? (o.tags as unknown[]).filter((t): t is string => typeof t === 'string')
    : [];
  return Object.freeze({
    id,
    severity: o.severity,
    active: o.active === true,
    verified: o.verified === true,
    risk_accepted: o.risk_accepted === true,
    is_mitigated: o.is_mitigated === true,
    false_p: o.false_p === true,
    out_of_scope: o.out_of_scope === true,
    duplicate: o.duplicate === true,
    under_review: o.under_review === true,
    tags: Object.freeze(tags.map((t) => t.toLowerCase())),
    test: rowId(o.test) ?? rowId(test?.id),
    engagement: rowId(eng?.id),
    product: rowId(product?.id),
    product_type: rowId(obj(product?.prod_type)?.id),
    object: o,
  });
}

/**
 * Reads the lookup tool's JSON-RPC answer. An error result whose code says "not found" is
 * `absent`; any other error, or an answer without a finding, is `unavailable`.
 */
export function lookupResultOf(message: JsonRpcMessage, id: number): LookupResult {
  const result = obj(message.result);
  if (!result) return { kind: 'unavailable', reason: 'no result' };
  const payload = obj(resultPayload(result));
  if (result.isError === true) {
    const code = obj(payload?.error)?.code;
    return code === 'dojo_not_found' || code === 'not_found'
      ? { kind: 'absent' }
      : { kind: 'unavailable', reason: `lookup tool error ${String(code ?? '')}`.trim() };
  }
  const finding = obj(payload?.result) ?? payload;
  const facts = finding && factsOf(finding);
  if (!facts) return { kind: 'unavailable', reason: 'answer holds no finding' };
  if (facts.id !== id) return { kind: 'unavailable', reason: 'answer is about another finding' };
  return { kind: 'found', facts };
}

/**
 * One question to an external decision point over HTTP: `POST {"input": …}` to OPA's REST Data
 * API (`/v1/data/<path>`, answer `{"result": true|false|{allow, reason}}`) or to a webhook
 * (answer `{"allow": true|false, "reason"?}`). Anything else — a timeout, a non-2xx status, an
 * answer too large or of another shape, an undefined OPA document — is `unavailable`: the guard
 * denies on it (fail closed).
 */
import type { DecisionPoint } from './schema.js';

export type Answer =
  | { kind: 'allow'; reason?: string }
  | { kind: 'deny'; reason?: string }
  | { kind: 'unavailable'; reason: string; status?: number };

/** Larger answers are refused unread (a decision is a few bytes). */
const MAX_ANSWER_BYTES = 64 * 1024;
/** Reasons are free text from the engine: bounded before they reach the audit trail. */
const MAX_REASON_CHARS = 200;

/** The URL the guard POSTs to. */
export function endpointOf(point: DecisionPoint): URL {
  if (point.opa) {
    const base = point.opa.url.endsWith('/') ? point.opa.url : `${point.opa.url}/`;
    return new URL(`v1/data/${point.opa.path}`, base);
  }
  return new URL(point.webhook!.url);
}

const reasonOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v.slice(0, MAX_REASON_CHARS) : undefined;

/** Reads an allow/deny from `{allow, reason}` or a bare boolean. */
function decisionOf(v: unknown): Answer | undefined {
  if (typeof v === 'boolean') return { kind: v ? 'allow' : 'deny' };
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.allow !== 'boolean') return undefined;
  const reason = reasonOf(o.reason);
  return { kind: o.allow ? 'allow' : 'deny', ...(reason !== undefined && { reason }) };
}

/**
 * Asks `point` about `input`. Never throws.
 * @example await ask(point, { tool: 'close_finding', … }) // { kind: 'allow' }
 */
export async function ask(point: DecisionPoint, input: unknown): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(endpointOf(point), {
      method: 'POST',
      headers: { ...point.headers, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ input }),
      signal: AbortSignal.timeout(point.timeout_ms),
      redirect: 'error',
    });
  } catch (err) {
    const timeout = err instanceof Error && err.name === 'TimeoutError';
    return { kind: 'unavailable', reason: timeout ? 'timeout' : 'connection failed' };
  }
  try {
    if (res.status < 200 || res.status > 299) {
      return { kind: 'unavailable', reason: `HTTP ${res.status}`, status: res.status };
    }
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_ANSWER_BYTES) return { kind: 'unavailable', reason: 'answer too large' };
    const text = await res.text();
    if (text.length > MAX_ANSWER_BYTES) return { kind: 'unavailable', reason: 'answer too large' };
    const body = JSON.parse(text) as unknown;
    const doc =
      point.opa && body !== null && typeof body === 'object'
        ? (body as Record<string, unknown>).result
        : body;
    // OPA answers {} (no `result`) for an undefined document: not a decision.
    return decisionOf(doc) ?? { kind: 'unavailable', reason: 'answer is not a decision' };
  } catch (err) {
    const timeout = err instanceof Error && err.name === 'TimeoutError';
    return { kind: 'unavailable', reason: timeout ? 'timeout' : 'answer is not JSON' };
  } finally {
    if (!res.bodyUsed) await res.body?.cancel().catch(() => undefined);
  }
}

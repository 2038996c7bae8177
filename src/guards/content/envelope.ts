/**
 * The untrusted-content envelope `{"value": …, "_warning": "untrusted-content: …"}`: the same shape
 * as the peer server's (peer-mcp-defectdojo.md §3), so clients written for it keep working.
 */

/** Prefix every envelope warning carries; also how an existing envelope is recognised. */
export const WARNING_PREFIX = 'untrusted-content:';

/** The wrapped form of one field. */
export interface Envelope {
  value: unknown;
  _warning: string;
}

/**
 * True for a value that already is an envelope: a plain object with exactly `value` and a
 * `_warning` string starting with `untrusted-content:`. Requiring the prefix means stored data that
 * merely imitates the shape with some other text is still wrapped.
 * @example isEnvelope({ value: 'x', _warning: 'untrusted-content: data' }) // true
 */
export function isEnvelope(v: unknown): v is Envelope {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 2 || !('value' in v) || !('_warning' in v)) return false;
  const w = (v as { _warning: unknown })._warning;
  return typeof w === 'string' && w.startsWith(WARNING_PREFIX);
}

/** Normalises the policy's warning text so it always starts with the recognised prefix. */
export function warningText(policyText: string): string {
  return policyText.startsWith(WARNING_PREFIX) ? policyText : `${WARNING_PREFIX} ${policyText}`;
}

/**
 * Wraps one field value; idempotent (an envelope is returned unchanged, same reference).
 * @example wrapValue('Ignore previous…', 'untrusted-content: data') // {value:'Ignore…', _warning:…}
 */
export function wrapValue(value: unknown, warning: string): unknown {
  if (value === null || value === undefined || isEnvelope(value)) return value;
  return { value, _warning: warning };
}

/**
 * Credential-named object keys (`{"password": "…"}` is redacted whatever the value looks like) and
 * the report paths of JSON members, shared by the secret scanner and propagation.
 */
import { PLACEHOLDER } from './secret-catalog.js';

/** Object keys whose string value is a credential whatever it looks like (`{"password": "…"}`). */
const SECRET_KEY =
  /(?:^|[^a-z])(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|auth[_-]?token|credentials?)$/i;

/** Pagination cursors are named like tokens (`next_token`, `page_token`) but must pass intact. */
const CURSOR_KEY = /(?:next|page|cursor|continuation)[_-]?token$/i;

/** Kind reported for a value redacted because of its key's name. */
export const KEY_KIND = 'secret_field';

/**
 * Report path of a member: `a.b` (keys cut at 64 characters) or `a[3]`.
 * @example childPath('result', 3) // 'result[3]'
 */
export function childPath(parent: string, key: string | number | undefined): string {
  if (key === undefined) return parent;
  return typeof key === 'number' ? `${parent}[${key}]` : `${parent}.${key.slice(0, 64)}`;
}

/** Credential-named keys, memoised: a finding page repeats the same ~50 keys 100 times. */
const secretKeyMemo = new Map<string, boolean>();
const MAX_MEMO_KEYS = 4096;

function isSecretKey(key: string): boolean {
  let hit = secretKeyMemo.get(key);
  if (hit === undefined) {
    hit = SECRET_KEY.test(key) && !CURSOR_KEY.test(key);
    if (secretKeyMemo.size >= MAX_MEMO_KEYS) secretKeyMemo.clear();
    secretKeyMemo.set(key, hit);
  }
  return hit;
}

/**
 * True when `key: value` is a credential by its name (`{"password": "…"}`), placeholders excepted.
 * @example isSecretField('db_password', 'Tr0ub4dor&3') // true
 */
export function isSecretField(key: string, value: unknown): boolean {
  return typeof value === 'string' && value !== '' && isSecretKey(key) && !PLACEHOLDER.test(value);
}

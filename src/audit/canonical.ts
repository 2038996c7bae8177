/**
 * Canonical JSON (RFC 8785) and digests. Every MAC and argument digest is computed over this
 * form, so a verifier in any language can reproduce it byte for byte.
 *
 * Hand-written instead of the `canonicalize` package: it is on the per-request audit path, and it
 * folds in the `JSON.stringify` normalisation the chain used to get from a JSON round trip
 * (`toJSON`, undefined/function members dropped, NaN/Infinity → null, boxed primitives
 * unwrapped), so `canonicalJson(x) === canonicalize(JSON.parse(JSON.stringify(x)))` for every
 * value — the property test/audit/canonical.test.ts checks against the package.
 */
import { createHash } from 'node:crypto';

/**
 * RFC 8785 serialization of the JSON form of `value`. Throws on values JSON cannot represent
 * (cycles, BigInt) or a top-level value without a JSON form (undefined, a function).
 * @example canonicalJson({ b: 1, a: 2 }) // '{"a":2,"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const out = ser(value, '', []);
  if (out === undefined) throw new Error('value has no canonical JSON form');
  return out;
}

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function digestOf(value: unknown): string {
  return 'sha256:' + createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** Hex SHA-256 of raw bytes/text (used for torn-line fingerprints). */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

// Member names repeat in every record (verdict keys, top-level keys): quote each once.
const quoted = new Map<string, string>();
function quote(k: string): string {
  let q = quoted.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (quoted.size < 4096) quoted.set(k, q);
  }
  return q;
}

/**
 * One value; undefined when JSON.stringify would omit it (undefined, function, symbol). Plain
 * objects and arrays (all a record holds) take the short path; anything else goes to `other`.
 */
function ser(value: unknown, key: string, stack: object[]): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // ES Number::toString is RFC 8785's number form; -0 prints "0" as the spec wants.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('BigInt has no JSON form');
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) return serArray(value as unknown[], stack);
  if (proto !== Object.prototype && proto !== null) return other(value, key, stack);
  const obj = value as Record<string, unknown>;
  if (typeof obj.toJSON === 'function') return other(value, key, stack);
  enter(obj, stack);
  const keys = Object.keys(obj);
  // Default sort compares UTF-16 code units, which is exactly RFC 8785's member order. Records
  // built by audit/build.ts are mostly in that order already: checking is cheaper than sorting.
  if (!isSorted(keys)) keys.sort();
  let out = '{';
  for (const k of keys) {
    const v = ser(obj[k], k, stack);
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + quote(k) + ':' + v;
  }
  stack.pop();
  return out + '}';
}

function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1]! > keys[i]!) return false;
  return true;
}

function serArray(arr: readonly unknown[], stack: object[]): string {
  enter(arr, stack);
  let out = '[';
  for (let i = 0; i < arr.length; i++) {
    if (i > 0) out += ',';
    out += ser(arr[i], String(i), stack) ?? 'null';
  }
  stack.pop();
  return out + ']';
}

/** JSON.stringify's rules for the rest: toJSON, boxed primitives, foreign arrays, instances. */
function other(value: object, key: string, stack: object[]): string | undefined {
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    const v: unknown = (toJSON as (k: string) => unknown).call(value, key);
    return v !== null &&
      typeof v === 'object' &&
      typeof (v as { toJSON?: unknown }).toJSON !== 'function'
      ? ser(v, key, stack)
      : serNoToJson(v, key, stack);
  }
  return serNoToJson(value, key, stack);
}

/** A value whose toJSON (if any) has been applied already. */
function serNoToJson(value: unknown, key: string, stack: object[]): string | undefined {
  if (value === null || typeof value !== 'object') return ser(value, key, stack);
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return ser(value.valueOf(), key, stack);
  }
  if (Array.isArray(value)) return serArray(value, stack);
  enter(value, stack);
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort();
  let out = '{';
  for (const k of keys) {
    const v = ser(obj[k], k, stack);
    if (v === undefined) continue;
    out += (out.length === 1 ? '' : ',') + quote(k) + ':' + v;
  }
  stack.pop();
  return out + '}';
}

function enter(value: object, stack: object[]): void {
  if (stack.includes(value)) throw new TypeError('cyclic value has no JSON form');
  stack.push(value);
}

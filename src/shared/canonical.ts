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
import { sha256HexOf } from './sha256.js';

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

/**
 * One member of an object, serialised once for two uses: its RFC 8785 form (`canonical`) and
 * its `JSON.stringify` form (`plain`, what a line written in the body's own member order holds).
 * They are the same string unless the member holds an object whose keys are out of order, so
 * a sealed record is walked and serialised once, not once per form (chain.ts `seal`).
 * Undefined when JSON.stringify would omit the member.
 */
export function memberJson(
  value: unknown,
  key: string,
): { canonical: string; plain: string } | undefined {
  if (typeof value === 'object' && value !== null && isCanonicalShape(value, 0)) {
    const json = JSON.stringify(value);
    return { canonical: json, plain: json };
  }
  const canonical = ser(value, key, []);
  if (canonical === undefined) return undefined;
  return {
    canonical,
    plain: typeof value === 'object' && value !== null ? JSON.stringify(value) : canonical,
  };
}

/**
 * The JSON form of a string, finite or non-finite number or boolean, which is also its RFC 8785
 * form; undefined for anything else (objects, null, undefined, functions, BigInt), which
 * memberJson or canonicalJson handle. Most members of a record are scalars: no object allocated.
 */
export function scalarJson(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // ES Number::toString is RFC 8785's number form; -0 prints "0" as the spec wants.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return undefined;
  }
}

/** `JSON.stringify` of a member name, memoised (names repeat in every record). */
export const quoteKey = (k: string): string => quote(k);

/** `sha256:<hex>` of the canonical JSON of `value`. */
export function digestOf(value: unknown): string {
  return 'sha256:' + sha256HexOf(canonicalJson(value));
}

/** Hex SHA-256 of raw bytes/text (used for torn-line fingerprints). */
export const sha256Hex = sha256HexOf;

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
  const scalar = scalarJson(value);
  if (scalar !== undefined) return scalar;
  switch (typeof value) {
    case 'bigint':
      throw new TypeError('BigInt has no JSON form');
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  // A subtree already in canonical shape is serialised natively (most of a record is).
  if (isCanonicalShape(value, stack.length)) return JSON.stringify(value);
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) return serArray(value as unknown[], stack);
  if (proto !== Object.prototype && proto !== null) return other(value, key, stack);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return other(value, key, stack);
  }
  return serObject(value as Record<string, unknown>, stack);
}

/** An object's members in RFC 8785 order; undefined-valued members are dropped. */
function serObject(obj: Record<string, unknown>, stack: object[]): string {
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

/**
 * True when JSON.stringify(value) is already its RFC 8785 form: only plain objects (prototype
 * Object.prototype or null, no toJSON) whose own keys enumerate in code-unit order, plain arrays
 * and primitives other than BigInt. JSON.stringify enumerates keys exactly as Object.keys does
 * and shares RFC 8785's string and number forms, so the output is identical byte for byte.
 * Depth is bounded, so a cycle (or a very deep value) takes the checked path, which reports it.
 */
function isCanonicalShape(value: object, depth: number): boolean {
  if (depth > 64) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto === Array.prototype) {
    for (const v of value as unknown[]) if (!canonicalMember(v, depth)) return false;
    return true;
  }
  if (proto !== Object.prototype && proto !== null) return false;
  const obj = value as Record<string, unknown>;
  if (typeof obj.toJSON === 'function') return false;
  const keys = Object.keys(obj);
  if (!isSorted(keys)) return false;
  for (const k of keys) if (!canonicalMember(obj[k], depth)) return false;
  return true;
}

/**
 * A member of a canonical-shaped container: a canonical-shaped object, or any primitive but a
 * BigInt (JSON.stringify and ser both throw on it: let ser report it).
 */
function canonicalMember(v: unknown, depth: number): boolean {
  return typeof v === 'object'
    ? v === null || isCanonicalShape(v, depth + 1)
    : typeof v !== 'bigint';
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
  return serObject(value as Record<string, unknown>, stack);
}

function enter(value: object, stack: object[]): void {
  if (stack.includes(value)) throw new TypeError('cyclic value has no JSON form');
  stack.push(value);
}

/** Digest of arguments' canonical JSON ('unrepresentable' if they cannot be serialised). */
export function argumentsDigest(args: Record<string, unknown>): string {
  try {
    return digestOf(args);
  } catch {
    return 'unrepresentable';
  }
}

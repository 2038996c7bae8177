/**
 * A strict JSON parser for bytes that policy decides on.
 *
 * `JSON.parse` keeps the last of two duplicate keys while other stacks keep the first, so
 * `{"name":"safe","name":"admin"}` could be authorized as one tool and executed as another. This
 * parser rejects duplicates outright, rejects the prototype-polluting keys `__proto__`,
 * `constructor` and `prototype`, caps nesting depth, rejects numbers that would not survive
 * re-serialization (non-finite values, integers beyond 2^53), and builds prototype-free objects.
 * The proxy then forwards the re-serialization of exactly the value policy evaluated.
 *
 * Counts are capped as they are read (`maxMembers` per object, `maxElements` per array,
 * `maxValues` in the whole text): every later stage (guards, audit masking, digests, the
 * re-serialization) is linear in the number of values, so a refused body costs at most the
 * capped prefix the parser read, never the 100k keys behind it.
 */

export type StrictJsonErrorKind =
  | 'syntax'
  | 'depth'
  | 'duplicate_key'
  | 'forbidden_key'
  | 'number'
  /** An object, an array or the whole text holds more members/elements/values than allowed. */
  | 'count';

/** Why a text was refused. `message` never echoes the input (it may hold secrets). */
export class StrictJsonError extends Error {
  constructor(
    readonly kind: StrictJsonErrorKind,
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'StrictJsonError';
  }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A parsed object with a null prototype, in V8's fast mode. Keyed stores into one object go
 * dictionary-mode after a few dozen keys; a spread copy (CloneObject) is fast again, and stays
 * fast when its prototype is then set to null. `__proto__` never gets here (refused above).
 */
function buildObject(keys: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (let i = 0; i < keys.length; i++) obj[keys[i]!] = values[i];
  return Object.setPrototypeOf(keys.length > 8 ? { ...obj } : obj, null) as Record<string, unknown>;
}

/** A run of string characters that need no attention: not `"`, `\\` or a control character. */
// eslint-disable-next-line no-control-regex -- control characters are what the run must stop at
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Parses `text` strictly; throws StrictJsonError on anything ambiguous.
 * @example parseStrictJson('{"a":1}', { maxDepth: 32 }) // → { a: 1 } (null prototype)
 */
export function parseStrictJson(
  text: string,
  opts: {
    maxDepth: number;
    /** Accept lossy numbers (upstream output we forward verbatim). */ lossyNumbers?: boolean;
    /** Most members in one object (absent: no cap). */
    maxMembers?: number;
    /** Most elements in one array (absent: no cap). */
    maxElements?: number;
    /** Most values (scalars, objects and arrays) in the whole text (absent: no cap). */
    maxValues?: number;
  },
): unknown {
  let pos = 0;
  const maxMembers = opts.maxMembers ?? Infinity;
  const maxElements = opts.maxElements ?? Infinity;
  let valuesLeft = opts.maxValues ?? Infinity;

  const fail = (kind: StrictJsonErrorKind, message: string): never => {
    throw new StrictJsonError(kind, message, pos);
  };
  const skipWs = (): void => {
    // Explicit comparisons: this loop runs between every token of every body (hot path).
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      pos++;
    }
  };

  const parseString = (): string => {
    // Find the closing quote, skipping escapes; let JSON.parse decode the escapes exactly.
    const start = pos;
    // Skip the run of plain characters natively, then look at what stopped the run.
    STRING_RUN.lastIndex = pos + 1;
    STRING_RUN.test(text);
    pos = STRING_RUN.lastIndex;
    if (pos >= text.length) fail('syntax', 'unterminated string');
    const c = text.charCodeAt(pos);
    // Without escapes the raw characters are the value (what JSON.parse would return), and
    // slicing avoids a JSON.parse call per string: most strings of a body take this path.
    if (c === 0x22) return text.slice(start + 1, pos++);
    if (c !== 0x5c) fail('syntax', 'control character in string');
    // Escapes: find the closing quote (one not preceded by an odd run of backslashes) with
    // indexOf, and let JSON.parse decode and validate the whole literal (escapes and control
    // characters) natively. A string holding escaped JSON, such as a tool result's text block
    // mirroring structuredContent, has an escape every few characters.
    for (;;) {
      const q = text.indexOf('"', pos);
      if (q < 0) fail('syntax', 'unterminated string');
      let b = q - 1;
      while (text.charCodeAt(b) === 0x5c) b--;
      pos = q + 1;
      if ((q - 1 - b) % 2 === 0) break;
    }
    try {
      return JSON.parse(text.slice(start, pos)) as string;
    } catch {
      return fail('syntax', 'invalid string escape');
    }
  };

  const parseValue = (depth: number): unknown => {
    if (--valuesLeft < 0) fail('count', `more than ${opts.maxValues} values`);
    skipWs();
    const c = text.charCodeAt(pos);
    if (c === 0x7b || c === 0x5b) {
      if (depth >= opts.maxDepth) fail('depth', `nesting deeper than ${opts.maxDepth}`);
      return c === 0x7b ? parseObject(depth + 1) : parseArray(depth + 1);
    }
    if (c === 0x22) return parseString();
    if (text.startsWith('true', pos)) return ((pos += 4), true);
    if (text.startsWith('false', pos)) return ((pos += 5), false);
    if (text.startsWith('null', pos)) return ((pos += 4), null);
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(text);
    if (!m) return fail('syntax', 'unexpected token');
    pos += m[0].length;
    const n = Number(m[0]);
    if (opts.lossyNumbers) return n;
    if (!Number.isFinite(n)) fail('number', 'number out of range');
    if (Number.isInteger(n) && !Number.isSafeInteger(n) && !/[.eE]/.test(m[0])) {
      fail('number', 'integer beyond 2^53 loses precision');
    }
    return n;
  };

  const parseObject = (depth: number): Record<string, unknown> => {
    // Keys and values are collected first and the object is built in one go at the end:
    // `Object.create(null)` filled key by key is a V8 dictionary-mode object, which made every
    // later spread, walk and stringify of a 100-finding page 2-3x slower.
    const keys: string[] = [];
    const values: unknown[] = [];
    let seen: Set<string> | undefined;
    pos++;
    skipWs();
    if (text.charCodeAt(pos) === 0x7d)
      return (pos++, Object.create(null) as Record<string, unknown>);
    for (;;) {
      skipWs();
      if (text.charCodeAt(pos) !== 0x22) fail('syntax', 'expected object key');
      if (keys.length >= maxMembers) fail('count', `object with more than ${maxMembers} members`);
      const key = parseString();
      if (FORBIDDEN_KEYS.has(key)) fail('forbidden_key', 'forbidden object key');
      if (keys.length < 16) {
        if (keys.includes(key)) fail('duplicate_key', 'duplicate key');
      } else {
        seen ??= new Set(keys);
        if (seen.has(key)) fail('duplicate_key', 'duplicate key');
        seen.add(key);
      }
      keys.push(key);
      skipWs();
      if (text.charCodeAt(pos) !== 0x3a) fail('syntax', "expected ':'");
      pos++;
      values.push(parseValue(depth));
      skipWs();
      const c = text.charCodeAt(pos);
      if (c === 0x2c) {
        pos++;
        continue;
      }
      if (c === 0x7d) return (pos++, buildObject(keys, values));
      fail('syntax', "expected ',' or '}'");
    }
  };

  const parseArray = (depth: number): unknown[] => {
    const arr: unknown[] = [];
    pos++;
    skipWs();
    if (text.charCodeAt(pos) === 0x5d) return (pos++, arr);
    for (;;) {
      if (arr.length >= maxElements) fail('count', `array with more than ${maxElements} elements`);
      arr.push(parseValue(depth));
      skipWs();
      const c = text.charCodeAt(pos);
      if (c === 0x2c) {
        pos++;
        continue;
      }
      if (c === 0x5d) return (pos++, arr);
      fail('syntax', "expected ',' or ']'");
    }
  };

  // A UTF-8 BOM is not JSON (RFC 8259 §8.1: MUST NOT add, MAY ignore); we refuse it.
  const value = parseValue(0);
  skipWs();
  if (pos !== text.length) fail('syntax', 'trailing data');
  return value;
}

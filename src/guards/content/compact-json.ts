/**
 * `JSON.stringify` of a response's `structuredContent`, computed once per object. secret-redact
 * and untrusted-wrap both compare text blocks with the compact JSON of the same structuredContent
 * (the SDK mirrors it into content[0]); on a 100-finding page each stringify costs about 1 ms.
 * Safe because the response chain never mutates a message in place (guards copy on write), so an
 * object's JSON cannot change after it was cached; the WeakMap lets it go with the message.
 */
const cache = new WeakMap<object, string>();

/** The exact source text each parsed `structuredContent` object came from (upstream-json.ts). */
const source = new WeakMap<object, string>();

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Text blocks made by `mirrorBlock`: block → the structuredContent its text is the JSON of. */
const mirrorOfBlock = new WeakMap<object, object>();

/**
 * A copy of the text block `block` whose `text` is the compact JSON of `sc`, computed only when
 * something reads it (an enumerable getter: JSON.stringify and spreads see a plain string).
 * secret-redact refills a mirrored block this way; when untrusted-wrap then replaces the block
 * again, the redacted page is never serialised just to be discarded (~1 ms per 100 findings).
 */
export function mirrorBlock(block: Obj, sc: object): Obj {
  const out = withoutText(block);
  Object.defineProperty(out, 'text', {
    enumerable: true,
    configurable: true,
    get: () => compactJson(sc),
  });
  mirrorOfBlock.set(out, sc);
  return out;
}

/** The structuredContent a block made by `mirrorBlock` mirrors, without reading its text. */
export function mirroredBy(block: object): object | undefined {
  return mirrorOfBlock.get(block);
}

/** Own members of `block` except `text`, copied without reading `text` (it may be lazy). */
export function withoutText(block: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(block)) if (k !== 'text') out[k] = block[k];
  return out;
}

/**
 * Compact JSON of `value`, cached per object.
 * @example compactJson({ a: 1 }) // '{"a":1}'
 */
export function compactJson(value: object): string {
  let json = cache.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    cache.set(value, json);
  }
  return json;
}

/**
 * Records the source text `value` was parsed from (called by the upstream parser for
 * `structuredContent` objects), so that mirror checks need no stringify of the upstream's page.
 */
export function rememberSourceJson(value: object, json: string): void {
  source.set(value, json);
}

/**
 * True when `text` is JSON of exactly `value`: byte-identical to the text `value` was parsed from
 * (so parsing `text` gives the same value), or to its compact `JSON.stringify`. The first test
 * costs one string comparison; the second a (cached) stringify.
 * @example mirrorsJson('{"a":1}', { a: 1 }) // true
 */
export function mirrorsJson(text: string, value: object): boolean {
  if (!text.startsWith('{')) return false;
  return source.get(value) === text || compactJson(value) === text;
}

/**
 * Serialises a JSON-RPC message, reusing the cached JSON of `result.structuredContent` when a
 * content guard already produced it (to regenerate the mirrored text block), so a rewritten
 * 100-finding page is stringified once, not twice. `result` and `structuredContent` are
 * moved last so the cached JSON is spliced at a known place, not searched for; key order carries
 * no meaning in JSON-RPC.
 * @example stringifyMessage({ jsonrpc: '2.0', id: 1, result: { structuredContent: { a: 1 } } })
 */
export function stringifyMessage(message: object): string {
  const result = (message as Obj)['result'];
  if (!isObj(result)) return JSON.stringify(message);
  const sc = result['structuredContent'];
  const json = isObj(sc) ? cache.get(sc) : undefined;
  if (json === undefined) return JSON.stringify(message);
  const { result: _r, ...head } = message as Obj;
  const { structuredContent: _s, ...rest } = result;
  const shell = JSON.stringify({ ...head, result: { ...rest, structuredContent: 0 } });
  // `shell` ends with `"structuredContent":0}}` by construction (both keys are added last).
  return `${shell.slice(0, -3)}${json}}}`;
}

/**
 * Parses a text block that holds JSON (object or array) of at most `maxChars`, or returns
 * undefined (content guards walk such a block as a value, other text as one string).
 * @example parseJsonText('{"a":1}', 1024) // { a: 1 }
 */
export function parseJsonText(text: string, maxChars: number): unknown {
  if (text.length > maxChars) return undefined;
  const first = text.trimStart()[0];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

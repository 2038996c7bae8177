/**
 * Text blocks that mirror `structuredContent` (the SDK puts `JSON.stringify(data)` in
 * content[0]). The JSON itself is cached on the message's ResponseView
 * (src/core/response-view.ts): secret-redact, injection-results and untrusted-wrap all compare
 * text blocks with the compact JSON of the same structuredContent, and on a 100-finding page each
 * stringify costs about 1 ms.
 */
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { ResponseView, withoutKey } from '../../core/response-view.js';

type Obj = Record<string, unknown>;

/** Own, non-enumerable slot of a block made by `mirrorBlock`: the structuredContent it mirrors. */
const MIRROR_OF = Symbol('dojo-guard.mirrorOf');

/**
 * A copy of the text block `block` whose `text` is the compact JSON of `sc`, computed only when
 * something reads it (an enumerable getter: JSON.stringify and spreads see a plain string).
 * secret-redact refills a mirrored block this way; when untrusted-wrap then replaces the block
 * again, the redacted page is never serialised just to be discarded (~1 ms per 100 findings).
 */
export function mirrorBlock(block: Obj, sc: object, view: ResponseView): Obj {
  const out = withoutText(block);
  Object.defineProperty(out, 'text', {
    enumerable: true,
    configurable: true,
    get: () => view.jsonOf(sc),
  });
  Object.defineProperty(out, MIRROR_OF, { value: sc, enumerable: false });
  return out;
}

/** The structuredContent a block made by `mirrorBlock` mirrors, without reading its text. */
export function mirroredBy(block: object): object | undefined {
  return (block as { [MIRROR_OF]?: object })[MIRROR_OF];
}

/** Own members of `block` except `text`, copied without reading `text` (it may be lazy). */
export function withoutText(block: Obj): Obj {
  return withoutKey(block, 'text');
}

/**
 * True when `text` is JSON of exactly `value` (see ResponseView.mirrors); without a view, the
 * compact JSON is computed for this one comparison.
 * @example mirrorsJson('{"a":1}', { a: 1 }) // true
 */
export function mirrorsJson(text: string, value: object, view?: ResponseView): boolean {
  return (view ?? new ResponseView({})).mirrors(text, value);
}

/**
 * Compact JSON of `value`, through `view`'s cache when there is one.
 * @example compactJson({ a: 1 }) // '{"a":1}'
 */
export function compactJson(value: object, view?: ResponseView): string {
  return view ? view.jsonOf(value) : JSON.stringify(value);
}

/**
 * A JSON-RPC message serialised as the proxy sends a rewritten one (ResponseView.serialise):
 * `structuredContent` last, its JSON spliced in, from `view`'s cache when there is one.
 * @example stringifyMessage({ jsonrpc: '2.0', id: 1, result: { structuredContent: { a: 1 } } })
 */
export function stringifyMessage(message: JsonRpcMessage, view?: ResponseView): string {
  return (view ?? new ResponseView({})).serialise(message);
}

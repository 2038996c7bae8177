/**
 * One upstream message as the response phase sees it: parsed once by the proxy, with what the
 * response guards derive from it (compact JSON of its objects, parsed JSON text blocks, finding
 * ids) computed on first use and kept on this object, so no guard derives it a second time and
 * nothing outlives the message. The proxy builds one per message (src/proxy/exchange.ts), the
 * pipeline hands it to every response hook (src/proxy/pipeline.ts) and serialises the outcome
 * through it, once.
 *
 * Safe to share because the response phase never mutates a message in place: transforms copy on
 * write, so an object's JSON and a text's parse cannot change while the view lives.
 */
import type { JsonRpcMessage } from './jsonrpc.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Own, non-enumerable slot holding the exact text an object was parsed from (never copied). */
const SOURCE = Symbol('dojo-guard.sourceJson');

/**
 * Records the exact source text `value` was parsed from (the upstream parser does it for
 * `result.structuredContent`), so a text block can be recognised as its JSON by one comparison.
 * The slot is non-enumerable: JSON.stringify and spreads never see or copy it.
 */
export function rememberSourceJson(value: object, json: string): void {
  Object.defineProperty(value, SOURCE, { value: json, enumerable: false, configurable: true });
}

/** The text `value` was parsed from, if the upstream parser recorded it. */
export function sourceJsonOf(value: object): string | undefined {
  return (value as { [SOURCE]?: string })[SOURCE];
}

/**
 * Own enumerable members of `obj` except `key`, in order (values read once, getters included).
 * A loop, not object rest (`const { [key]: _, ...rest } = obj`): V8 takes a generic path for
 * rest with excluded keys, ~3.5 µs against ~1 µs for a small tool result's message and result.
 * Messages carry no `__proto__` member (the upstream parser refuses it, src/proxy/upstream-json.ts).
 */
export function withoutKey(obj: Obj, key: string): Obj {
  const out: Obj = {};
  for (const k of Object.keys(obj)) if (k !== key) out[k] = obj[k];
  return out;
}

/** A typed name for a fact memoised on a view (one per derivation, module-level constants). */
export interface FactKey<T> {
  readonly name: string;
  /** Phantom: ties the key to the type of its fact. */
  readonly _type?: T;
}

/** @example const READ_IDS = factKey<number[]>('read-tracking.ids') */
export function factKey<T>(name: string): FactKey<T> {
  return Object.freeze({ name });
}

export class ResponseView {
  private readonly json = new Map<object, string>();
  private readonly parsed = new Map<string, unknown>();
  private readonly facts = new Map<FactKey<unknown>, unknown>();

  /**
   * @param message the upstream message, as parsed (never mutated)
   * @param text its source text, forwarded unchanged when no transform rewrote the message
   */
  constructor(
    readonly message: JsonRpcMessage,
    readonly text?: string,
  ) {}

  /** `result` of the upstream message when it is an object. */
  get result(): Obj | undefined {
    const r = this.message['result'];
    return isObj(r) ? r : undefined;
  }

  /** `result.structuredContent` of the upstream message when it is an object. */
  get structuredContent(): Obj | undefined {
    const sc = this.result?.['structuredContent'];
    return isObj(sc) ? sc : undefined;
  }

  /**
   * Compact `JSON.stringify` of `value` (any object of this message or of a rewrite of it),
   * computed once per object.
   */
  jsonOf(value: object): string {
    let s = this.json.get(value);
    if (s === undefined) {
      s = JSON.stringify(value);
      this.json.set(value, s);
    }
    return s;
  }

  /**
   * True when `text` is JSON of exactly `value`: the text `value` was parsed from (one string
   * comparison), or its compact JSON (the SDK's mirror of structuredContent).
   * @example view.mirrors('{"a":1}', { a: 1 }) // true
   */
  mirrors(text: string, value: object): boolean {
    if (!text.startsWith('{')) return false;
    return sourceJsonOf(value) === text || this.jsonOf(value) === text;
  }

  /**
   * A text block that holds JSON (object or array) of at most `maxChars`, parsed once per text,
   * or undefined (plain text, too large, not JSON). The value is shared: never mutate it.
   * @example view.parsedText('{"a":1}', 1024) // { a: 1 }
   */
  parsedText(text: string, maxChars: number): unknown {
    if (text.length > maxChars) return undefined;
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') return undefined;
    if (this.parsed.has(text)) return this.parsed.get(text);
    let v: unknown;
    try {
      v = JSON.parse(text) as unknown;
    } catch {
      v = undefined;
    }
    this.parsed.set(text, v);
    return v;
  }

  /** A fact about the upstream message, derived on first use by `derive`. */
  fact<T>(key: FactKey<T>, derive: () => T): T {
    if (this.facts.has(key)) return this.facts.get(key) as T;
    const v = derive();
    this.facts.set(key, v);
    return v;
  }

  /**
   * The text to send for `message`: the upstream's own bytes when it is the upstream message
   * (so ids, numbers and key order survive), else one serialisation that splices in the JSON of
   * `result.structuredContent`, reusing it when a guard already produced it (a rewritten
   * 100-finding page whose mirrored text block was regenerated is stringified once, not twice).
   * `result` and `structuredContent` go last so the JSON lands at a known place; key order
   * carries no meaning in JSON-RPC.
   */
  serialise(message: JsonRpcMessage): string {
    if (message === this.message && this.text !== undefined) return this.text;
    const result = message['result'];
    if (!isObj(result)) return JSON.stringify(message);
    const sc = result['structuredContent'];
    if (!isObj(sc)) return JSON.stringify(message);
    const json = this.jsonOf(sc);
    const head = withoutKey(message, 'result');
    const rest = withoutKey(result, 'structuredContent');
    rest['structuredContent'] = 0;
    head['result'] = rest;
    const shell = JSON.stringify(head);
    // `shell` ends with `"structuredContent":0}}` by construction (both keys are added last).
    return `${shell.slice(0, -3)}${json}}}`;
  }
}

/**
 * The view a response hook works with: the pipeline's, or (a hook called on its own, as unit
 * tests and benches do) a fresh one of `message`.
 */
export function viewOf(message: JsonRpcMessage, view: ResponseView | undefined): ResponseView {
  return view ?? new ResponseView(message);
}

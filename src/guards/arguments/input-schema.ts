/**
 * Compiles an upstream-advertised tool `inputSchema` into a validator (ajv, JSON Schema 2020-12),
 * once per definition. The schema comes from the upstream, so it is treated as hostile input:
 *
 * - regexes (`pattern`, `patternProperties`) compile with re2js: linear time on any value; a
 *   pattern RE2 cannot express (lookaround, backreferences) makes the schema unusable;
 * - only local `$ref`s (`#…`); `$id`/`$anchor`/dynamic refs below the root are refused, so one
 *   shared ajv instance never mixes two upstream schemas;
 * - bounded size and depth; formats are not checked (no format library, and `format` is an
 *   annotation in 2020-12).
 *
 * With `closeObjects`, every object the schema describes is closed where the schema left it open
 * (`unevaluatedProperties: false` at each instance location, so properties declared by `allOf`,
 * `$ref` or `if/then` branches still count as declared). `exempt` names (arguments the proxy
 * injects itself) are dropped from the root's `required` and from the validated value.
 */
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { RE2JS } from 're2js';
import { toolDefinitionHash } from '../tool-pinning/hash.js';

type Json = Record<string, unknown>;

/** Largest advertised schema accepted (canonical JSON characters). */
export const MAX_SCHEMA_CHARS = 256 * 1024;
const MAX_DEPTH = 48;
const MAX_NODES = 20_000;

/** Why arguments were refused: a JSON Pointer into the arguments and what is wrong there. */
export interface ArgumentProblem {
  /** JSON Pointer of the offending argument (`/ids`, `/filters/0/name`), never its value. */
  path: string;
  problem: 'undeclared' | 'missing' | 'type' | 'constraint';
  /** The schema keyword that failed, or the expected type(s) for `type`. */
  detail: string;
}

export type CompiledInputSchema =
  | { ok: true; validate(args: Record<string, unknown>): ArgumentProblem | undefined }
  | { ok: false; reason: string };

export interface InputSchemaOptions {
  closeObjects: boolean;
  /** Argument names the proxy injects: not required from the client, not validated. */
  exempt: readonly string[];
}

/** ECMAScript `\s` (WhiteSpace + LineTerminator) as RE2 class members (RE2's `\s` is ASCII). */
const JS_SPACE =
  '\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}';

/**
 * Rewrites the ECMAScript escapes RE2 spells differently (`\uXXXX`, `\u{…}`, `\s`, `\S`), so
 * JSON Schema patterns keep their meaning; anything else RE2 cannot parse stays an error.
 * @example ecmaEscapesToRe2('^[^\\u0000-\\u001f]+$') // '^[^\\x{0000}-\\x{001f}]+$'
 */
export function ecmaEscapesToRe2(src: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === '\\') {
      const n = src[i + 1] ?? '';
      if (n === 'u') {
        const braced = /^\{([0-9A-Fa-f]{1,6})\}/.exec(src.slice(i + 2));
        const four = /^[0-9A-Fa-f]{4}/.exec(src.slice(i + 2));
        const hex = braced?.[1] ?? four?.[0];
        if (hex === undefined) throw new Error('invalid \\u escape');
        out += `\\x{${hex}}`;
        i += 1 + (braced ? braced[0].length : 4);
      } else if (n === 's') {
        out += inClass ? JS_SPACE : `[${JS_SPACE}]`;
        i++;
      } else if (n === 'S') {
        if (inClass) throw new Error('\\S inside a class is not supported');
        out += `[^${JS_SPACE}]`;
        i++;
      } else {
        out += c + n;
        i++;
      }
    } else {
      if (c === '[' && !inClass) inClass = true;
      else if (c === ']' && inClass) inClass = false;
      out += c;
    }
  }
  return out;
}

/** RE2 semantics for ajv's `pattern`/`patternProperties` (throws on non-RE2 syntax). */
function re2(pattern: string): { test(s: string): boolean; toString(): string } {
  const re = RE2JS.compile(ecmaEscapesToRe2(pattern));
  // ajv shares compiled patterns by `toString()`: it must be unique per pattern.
  return { test: (s: string) => re.matcher(s).find(), toString: () => `re2:${pattern}` };
}
re2.code = 're2js';

// Loaded on first use: ajv costs proxy start-up time that policies without `arguments` never need.
let shared: Promise<Ajv2020> | undefined;
function ajv(): Promise<Ajv2020> {
  shared ??= import('ajv/dist/2020.js').then(
    ({ Ajv2020 }) =>
      new Ajv2020({
        strict: false,
        allErrors: false,
        validateFormats: false,
        // Keep the client's value untouched: no defaults, coercion or removal.
        useDefaults: false,
        coerceTypes: false,
        code: { regExp: re2 },
      }),
  );
  return shared;
}

/**
 * Starts loading ajv in the background, so the first validated call does not wait for the
 * import (src/guards/arguments/argument-validation.ts calls it when the guard is on).
 */
export function preloadValidator(): void {
  ajv().catch(() => undefined);
}

/** Keywords whose schema applies to a *different* instance location (child values). */
const CHILD_MAPS = new Set(['properties', 'patternProperties']);
const CHILD_ONE = new Set([
  'additionalProperties',
  'unevaluatedProperties',
  'items',
  'additionalItems',
  'unevaluatedItems',
  'contains',
  'propertyNames',
]);
const CHILD_LISTS = new Set(['prefixItems']);
/** Keywords whose schemas apply to the *same* location (closing them would reject siblings). */
const SAME_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SAME_ONE = new Set(['not', 'if', 'then', 'else']);
const SAME_MAPS = new Set(['dependentSchemas', '$defs', 'definitions']);
const REFUSED = ['$anchor', '$dynamicAnchor', '$dynamicRef', '$recursiveRef', '$recursiveAnchor'];

class Unusable extends Error {}

const OPEN = (v: unknown): boolean =>
  v === true || (typeof v === 'object' && v !== null && Object.keys(v).length === 0);

/** True when the node may accept objects (no `type`, or `object` among its types). */
function mayBeObject(node: Json): boolean {
  const t = node.type;
  if (t === undefined) return Object.keys(node).length > 0; // `{}` accepts anything: left open
  return t === 'object' || (Array.isArray(t) && t.includes('object'));
}

/** A rewritten copy of the schema (the catalog's object is never changed). */
function prepare(schema: unknown, opts: InputSchemaOptions): unknown {
  let nodes = 0;
  const walk = (v: unknown, depth: number, root: boolean, location: boolean): unknown => {
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) throw new Unusable('schema too large or deep');
    if (typeof v === 'boolean') return v;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new Unusable('a subschema is not an object or boolean');
    }
    const node = v as Json;
    const out: Json = {};
    for (const [k, x] of Object.entries(node)) {
      if (k === '$schema' && root) continue; // one dialect: 2020-12 (MCP's default)
      if (k === '$id') {
        if (root) continue;
        throw new Unusable('$id below the root');
      }
      if (REFUSED.includes(k)) throw new Unusable(`${k} is not supported`);
      if (k === '$ref' && (typeof x !== 'string' || !x.startsWith('#'))) {
        throw new Unusable('only local $ref (#…) is supported');
      }
      if (CHILD_MAPS.has(k) || SAME_MAPS.has(k)) {
        if (typeof x !== 'object' || x === null || Array.isArray(x)) {
          throw new Unusable(`${k} is not an object`);
        }
        const m: Json = {};
        for (const [pk, ps] of Object.entries(x))
          m[pk] = walk(ps, depth + 1, false, CHILD_MAPS.has(k));
        out[k] = m;
      } else if (CHILD_LISTS.has(k) || SAME_LISTS.has(k) || (k === 'items' && Array.isArray(x))) {
        if (!Array.isArray(x)) throw new Unusable(`${k} is not an array`);
        out[k] = x.map((s) => walk(s, depth + 1, false, !SAME_LISTS.has(k)));
      } else if (CHILD_ONE.has(k) || SAME_ONE.has(k)) {
        out[k] = walk(x, depth + 1, false, CHILD_ONE.has(k));
      } else out[k] = x; // keywords with plain values (type, enum, const, required, …)
    }
    if (root && opts.exempt.length > 0 && Array.isArray(out.required)) {
      out.required = out.required.filter((r) => !opts.exempt.includes(r as string));
    }
    if (opts.closeObjects && location && (root || mayBeObject(out))) {
      // Undeclared means: not in properties/patternProperties of any subschema applied here.
      // An explicit additionalProperties/unevaluatedProperties schema is a declaration; `true`
      // or `{}` declares nothing.
      if (OPEN(out.additionalProperties)) delete out.additionalProperties;
      if (OPEN(out.unevaluatedProperties)) delete out.unevaluatedProperties;
      if (out.additionalProperties === undefined && out.unevaluatedProperties === undefined) {
        out.unevaluatedProperties = false;
      }
    }
    return out;
  };
  return walk(schema, 0, true, true);
}

/** JSON Pointer escaping (RFC 6901). */
const pointerSegment = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

function problemOf(e: ErrorObject): ArgumentProblem {
  const p = e.params as Record<string, unknown>;
  const at = (name: unknown): string => `${e.instancePath}/${pointerSegment(String(name))}`;
  switch (e.keyword) {
    case 'additionalProperties':
      return { path: at(p.additionalProperty), problem: 'undeclared', detail: e.keyword };
    case 'unevaluatedProperties':
      return { path: at(p.unevaluatedProperty), problem: 'undeclared', detail: e.keyword };
    case 'required':
      return { path: at(p.missingProperty), problem: 'missing', detail: e.keyword };
    case 'type':
      return { path: e.instancePath, problem: 'type', detail: String(p.type) };
    default:
      return { path: e.instancePath, problem: 'constraint', detail: e.keyword };
  }
}

/**
 * Compiles one advertised inputSchema. Never throws: an unusable schema is `{ ok: false }`.
 * @example compileInputSchema({ type: 'object', properties: { limit: { type: 'integer' } } },
 *   { closeObjects: true, exempt: [] })
 */
export async function compileInputSchema(
  schema: unknown,
  opts: InputSchemaOptions,
): Promise<CompiledInputSchema> {
  if (schema === undefined) return { ok: false, reason: 'tool advertises no inputSchema' };
  let fn: ValidateFunction;
  try {
    const text = JSON.stringify(schema);
    if (text === undefined || text.length > MAX_SCHEMA_CHARS) {
      return { ok: false, reason: 'inputSchema missing or too large' };
    }
    const prepared = prepare(schema, opts);
    const instance = await ajv();
    fn = instance.compile(prepared as Json);
    // Keep the shared instance free of this schema: the next one may reuse its $id.
    instance.removeSchema(prepared as Json);
  } catch (err) {
    const msg = err instanceof Error ? err.message : 'compile failed';
    return { ok: false, reason: `unusable inputSchema: ${msg}`.slice(0, 200) };
  }
  const exempt = new Set(opts.exempt);
  return {
    ok: true,
    validate(args) {
      let value = args;
      if (exempt.size > 0 && Object.keys(args).some((k) => exempt.has(k))) {
        value = Object.fromEntries(Object.entries(args).filter(([k]) => !exempt.has(k)));
      }
      try {
        if (fn(value)) return undefined;
      } catch {
        return { path: '', problem: 'constraint', detail: 'validator error' };
      }
      const e = fn.errors?.[0];
      return e ? problemOf(e) : { path: '', problem: 'constraint', detail: 'invalid' };
    },
  };
}

/** Most compiled definitions kept; cleared whole when full (keys are 64-hex digests). */
const MAX_CACHED = 1024;

/**
 * Compiled validators keyed by the hash of (definition, options): a definition the upstream lists
 * again compiles once, a changed one compiles anew.
 */
export class InputSchemaCache {
  private readonly byKey = new Map<string, Promise<CompiledInputSchema>>();

  get(schema: unknown, opts: InputSchemaOptions): Promise<CompiledInputSchema> {
    const key = toolDefinitionHash({ schema, close: opts.closeObjects, exempt: [...opts.exempt] });
    let hit = this.byKey.get(key);
    if (!hit) {
      hit = compileInputSchema(schema, opts);
      if (this.byKey.size >= MAX_CACHED) this.byKey.clear();
      this.byKey.set(key, hit);
    }
    return hit;
  }
}

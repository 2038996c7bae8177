/**
 * A tool's advertised outputSchema, seen from the result being wrapped: which schema node(s) a
 * value location falls under, and whether a string there may pass unwrapped. The decision
 * mirrors output-schema.ts (the tools/list rewrite) node for node, so a client validating the
 * result against the rewritten schema accepts it:
 *
 * - a closed node (closed-string.ts) accepting the value → raw (the rewrite keeps the node);
 * - `anyOf`/`oneOf`/`allOf` → raw when some branch/member says raw (the rewrite keeps raw
 *   alternatives beside the envelope inside `allOf`);
 * - a silent node (`true`, `{}`, no string keyword) → the built-in list decides (the node accepts
 *   anything, so nothing to rewrite);
 * - anything else → wrapped (the rewrite made it an envelope).
 *
 * Views are built lazily and memoised per location, so a 100-finding page walks one chain of
 * cached views (`results` → item → `title`) instead of re-resolving the schema per field.
 */
import { acceptsClosedString, isClosedStringSchema } from './closed-string.js';

type Schema = Record<string, unknown>;

const isObj = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keywords that say something about a string value. */
const STRING_KEYWORDS = [
  'type',
  'enum',
  'const',
  'format',
  'pattern',
  'anyOf',
  'oneOf',
  'allOf',
  '$ref',
  'not',
];
const MAX_DEPTH = 48;
const MAX_CHILDREN = 512;

/** How a string leaf at a location is treated. */
export type LeafRule = 'raw' | 'wrap' | 'builtin';

/** One location in the schema (a node, or several for a union reached through combinators). */
export interface SchemaView {
  /** Rule for string `value` here: raw (closed form), wrap, or ask the built-in list (silent). */
  leaf(value: string): LeafRule;
  child(key: string): SchemaView;
  item(index: number): SchemaView;
}

/** The view of a location the schema says nothing about. */
export const SILENT_VIEW: SchemaView = Object.freeze({
  leaf: () => 'builtin' as const,
  child: () => SILENT_VIEW,
  item: () => SILENT_VIEW,
});

/** Resolves `#`, `#/$defs/x` and `#/definitions/x` (other refs: unknown, treated as silent). */
function resolveRef(root: Schema, ref: string): unknown {
  if (ref === '#') return root;
  const m = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
  if (!m) return undefined;
  const defs = root[m[1]!];
  if (!isObj(defs)) return undefined;
  return defs[m[2]!.replace(/~1/g, '/').replace(/~0/g, '~')];
}

/** True for a node that constrains nothing a string could violate. */
export function isSilentSchema(node: unknown): boolean {
  if (node === true || node === undefined) return true;
  if (!isObj(node)) return false;
  return !STRING_KEYWORDS.some((k) => k in node);
}

/**
 * Rule for a string at `node` (recursive over combinators, bounded depth).
 * @example leafRule({ type: 'string', enum: ['High'] }, root, 'High', 0) // 'raw'
 */
function leafRule(node: unknown, root: Schema, value: string, depth: number): LeafRule {
  if (depth > MAX_DEPTH || node === false) return 'wrap';
  if (isSilentSchema(node)) return 'builtin';
  if (!isObj(node)) return 'wrap';
  if (typeof node['$ref'] === 'string') {
    const target = resolveRef(root, node['$ref']);
    const { $ref: _r, ...rest } = node;
    const merged = isObj(target) ? { allOf: [target, rest] } : rest;
    return leafRule(merged, root, value, depth + 1);
  }
  if (isClosedStringSchema(node) && acceptsClosedString(node, value)) return 'raw';
  let builtin = false;
  for (const comb of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[comb];
    if (!Array.isArray(branches)) continue;
    for (const b of branches) {
      const r = leafRule(b, root, value, depth + 1);
      if (r === 'raw') return 'raw';
      if (r === 'builtin') builtin = true;
    }
  }
  return builtin ? 'builtin' : 'wrap';
}

/** Schemas a member `key` of an object at `node` must satisfy (combinators kept as a union). */
function childSchemas(node: unknown, root: Schema, key: string, depth: number): unknown[] {
  if (depth > MAX_DEPTH || !isObj(node)) return node === false ? [] : [true];
  if (typeof node['$ref'] === 'string') {
    const target = resolveRef(root, node['$ref']);
    const out = childSchemas(target ?? true, root, key, depth + 1);
    const { $ref: _r, ...rest } = node;
    return [...out, ...childSchemas(rest, root, key, depth + 1)];
  }
  const out: unknown[] = [];
  const props = node['properties'];
  if (isObj(props) && Object.prototype.hasOwnProperty.call(props, key)) out.push(props[key]);
  else if ('additionalProperties' in node) out.push(node['additionalProperties']);
  else out.push(true);
  for (const comb of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[comb];
    if (Array.isArray(branches))
      for (const b of branches) out.push(...childSchemas(b, root, key, depth + 1));
  }
  return out;
}

/** Schemas element `index` of an array at `node` must satisfy. */
function itemSchemas(node: unknown, root: Schema, index: number, depth: number): unknown[] {
  if (depth > MAX_DEPTH || !isObj(node)) return node === false ? [] : [true];
  if (typeof node['$ref'] === 'string') {
    const target = resolveRef(root, node['$ref']);
    const { $ref: _r, ...rest } = node;
    return [
      ...itemSchemas(target ?? true, root, index, depth + 1),
      ...itemSchemas(rest, root, index, depth + 1),
    ];
  }
  const out: unknown[] = [];
  const prefix = node['prefixItems'];
  if (Array.isArray(prefix) && index < prefix.length) out.push(prefix[index]);
  else if ('items' in node) out.push(node['items']);
  else out.push(true);
  for (const comb of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = node[comb];
    if (Array.isArray(branches))
      for (const b of branches) out.push(...itemSchemas(b, root, index, depth + 1));
  }
  return out;
}

/** A location reached through one or more schemas (any of them may apply). */
function viewOf(nodes: unknown[], root: Schema, depth: number): SchemaView {
  const informative = nodes.filter((n) => !isSilentSchema(n));
  if (informative.length === 0 || depth > MAX_DEPTH) return SILENT_VIEW;
  // A silent alternative accepts anything, so the built-in list may still pass a value raw.
  const anySilent = informative.length < nodes.length;
  const node = informative.length === 1 ? informative[0] : { anyOf: informative };
  const children = new Map<string, SchemaView>();
  const items = new Map<number, SchemaView>();
  const memo = <K>(m: Map<K, SchemaView>, k: K, make: () => SchemaView): SchemaView => {
    let v = m.get(k);
    if (!v) {
      v = make();
      if (m.size < MAX_CHILDREN) m.set(k, v);
    }
    return v;
  };
  const hasPrefix = (n: unknown): boolean => isObj(n) && Array.isArray(n['prefixItems']);
  const prefixed = informative.some(hasPrefix);
  return {
    leaf(value) {
      const r = leafRule(node, root, value, depth);
      return r === 'wrap' && anySilent ? 'builtin' : r;
    },
    child: (key) =>
      memo(children, key, () =>
        viewOf(
          informative.flatMap((n) => childSchemas(n, root, key, 0)),
          root,
          depth + 1,
        ),
      ),
    item: (index) =>
      memo(items, prefixed ? index : -1, () =>
        viewOf(
          informative.flatMap((n) => itemSchemas(n, root, index, 0)),
          root,
          depth + 1,
        ),
      ),
  };
}

/**
 * The view of a tool's outputSchema (undefined or not an object: silent everywhere).
 * @example schemaView(tool.outputSchema).child('results').item(0).child('severity').leaf('High')
 */
export function schemaView(outputSchema: unknown): SchemaView {
  if (!isObj(outputSchema)) return SILENT_VIEW;
  return viewOf([outputSchema], outputSchema, 0);
}

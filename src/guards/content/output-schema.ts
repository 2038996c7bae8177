/**
 * Rewrites a tool's `outputSchema` so that wrapped `structuredContent` still validates
 * (mcp-protocol.md trap 32: SDK clients throw on a result that fails its output schema).
 *
 * Each schema location a wrapped path can reach becomes `anyOf: [envelope(original), null]`.
 * Local `$ref`s on the way are inlined (copied) before editing, so a shared `$defs` entry used
 * elsewhere is never changed by accident.
 */
import type { PathTrie } from './json-path.js';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 64;

function isSchemaObject(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True for a schema that already describes an envelope (idempotence for wrapping upstreams). */
function isEnvelopeSchema(s: Schema): boolean {
  const props = s['properties'];
  if (isSchemaObject(props) && 'value' in props && '_warning' in props) return true;
  // Our own rewrite: anyOf [envelope, null].
  const branches = s['anyOf'];
  return Array.isArray(branches) && branches.some((b) => isSchemaObject(b) && isEnvelopeSchema(b));
}

/**
 * The schema of a wrapped field whose original schema is `original` (null stays null).
 * @example envelopeSchema({ type: 'string' })
 */
export function envelopeSchema(original: unknown): Schema {
  return {
    anyOf: [
      {
        type: 'object',
        properties: { value: original ?? {}, _warning: { type: 'string' } },
        required: ['value', '_warning'],
        additionalProperties: false,
      },
      { type: 'null' },
    ],
  };
}

function resolveRef(root: Schema, ref: string): unknown {
  const m = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
  if (!m) return undefined;
  const defs = root[m[1]!];
  if (!isSchemaObject(defs)) return undefined;
  const name = m[2]!.replace(/~1/g, '/').replace(/~0/g, '~');
  return defs[name];
}

/** Keywords a spotlighted string can no longer satisfy (it gained a boundary around it). */
const STRING_CONSTRAINTS = ['maxLength', 'minLength', 'pattern', 'format', 'enum', 'const'];

/** Drops string constraints from a schema, its combinator branches and its `items`. */
function relaxStrings(node: unknown, depth = 0): unknown {
  if (!isSchemaObject(node) || depth > MAX_DEPTH) return node;
  const s: Schema = { ...node };
  for (const k of STRING_CONSTRAINTS) delete s[k];
  for (const comb of ['anyOf', 'oneOf', 'allOf'] as const) {
    const b = s[comb];
    if (Array.isArray(b)) s[comb] = b.map((x) => relaxStrings(x, depth + 1));
  }
  if (isSchemaObject(s['items'])) s['items'] = relaxStrings(s['items'], depth + 1);
  return s;
}

/** How a terminal field's schema changes: envelope wraps it, spotlight relaxes string limits. */
export type SchemaStyle = 'envelope' | 'spotlight';

function rewriteNode(
  node: unknown,
  trie: PathTrie,
  root: Schema,
  depth: number,
  style: SchemaStyle = 'envelope',
): unknown {
  if (depth > MAX_DEPTH) return node;
  if (trie.terminal) {
    if (style === 'spotlight') return relaxStrings(node);
    if (isSchemaObject(node) && isEnvelopeSchema(node)) return node;
    return envelopeSchema(node);
  }
  if (!isSchemaObject(node)) return node;
  let s: Schema = { ...node };
  if (typeof s['$ref'] === 'string') {
    const target = resolveRef(root, s['$ref']);
    if (isSchemaObject(target)) {
      const { $ref: _ref, ...rest } = s;
      s = { ...structuredClone(target), ...rest };
    }
  }
  for (const comb of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = s[comb];
    if (Array.isArray(branches))
      s[comb] = branches.map((b) => rewriteNode(b, trie, root, depth + 1, style));
  }
  let props: Schema | undefined = isSchemaObject(s['properties'])
    ? { ...s['properties'] }
    : undefined;
  const addl = s['additionalProperties'];
  for (const [key, child] of trie.keys) {
    if (props && key in props) props[key] = rewriteNode(props[key], child, root, depth + 1, style);
    else if (isSchemaObject(addl)) {
      // The key is only allowed by additionalProperties: declare it with the rewritten schema.
      props ??= {};
      props[key] = rewriteNode(addl, child, root, depth + 1, style);
    }
  }
  const elem = trie.element ?? trie.any;
  if (trie.any && props) {
    for (const key of Object.keys(props)) {
      if (!trie.keys.get(key)?.terminal)
        props[key] = rewriteNode(props[key], trie.any, root, depth + 1, style);
    }
  }
  if (trie.any && isSchemaObject(addl)) {
    s['additionalProperties'] = rewriteNode(addl, trie.any, root, depth + 1, style);
  }
  if (elem) {
    if (isSchemaObject(s['items']))
      s['items'] = rewriteNode(s['items'], elem, root, depth + 1, style);
    if (Array.isArray(s['prefixItems'])) {
      s['prefixItems'] = s['prefixItems'].map((p) => rewriteNode(p, elem, root, depth + 1, style));
    }
  }
  if (props) s['properties'] = props;
  return s;
}

/**
 * Returns the outputSchema rewritten for the given untrusted paths (a new object; the input is not
 * modified).
 * @example rewriteOutputSchema(tool.outputSchema, resolver.forTool(tool.name)!)
 */
export function rewriteOutputSchema(
  outputSchema: Schema,
  trie: PathTrie,
  style: SchemaStyle = 'envelope',
): Schema {
  return rewriteNode(outputSchema, trie, outputSchema, 0, style) as Schema;
}

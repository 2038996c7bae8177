/**
 * Rewrites a tool's `outputSchema` so that wrapped `structuredContent` still validates
 * (mcp-protocol.md: SDK clients throw on a result that fails its output schema).
 *
 * Every node that admits a string and is not a closed form (closed-string.ts) becomes
 * `anyOf: [node, envelope(node)]` (envelope style) or loses its string limits (spotlight style).
 * The raw alternative is kept on purpose: a string the runtime passes unwrapped (closed form,
 * built-in safe value, policy exemption) then validates wherever it sits, including inside
 * `allOf` and under exempted paths, so the rewrite needs no knowledge of the policy's exemptions
 * and is the same for every location. That makes it location independent, so `$defs` entries are
 * rewritten once in place and `$ref`s (recursive ones included) are kept, never inlined.
 */
import { isClosedStringSchema } from './closed-string.js';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 64;

function isSchemaObject(v: unknown): v is Schema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** True for a schema that already describes an envelope (idempotence for wrapping upstreams). */
function isEnvelopeSchema(s: Schema): boolean {
  const props = s['properties'];
  if (isSchemaObject(props) && 'value' in props && '_warning' in props) return true;
  const branches = s['anyOf'];
  return Array.isArray(branches) && branches.some((b) => isSchemaObject(b) && isEnvelopeSchema(b));
}

/**
 * The schema of a wrapped string whose original schema is `original`.
 * @example envelopeSchema({ type: 'string' })
 */
export function envelopeSchema(original: unknown): Schema {
  return {
    type: 'object',
    properties: { value: original ?? {}, _warning: { type: 'string' } },
    required: ['value', '_warning'],
    additionalProperties: false,
  };
}

/** Keywords that only apply to strings. */
const STRING_ONLY = ['maxLength', 'minLength', 'pattern', 'format'];
/** Keywords a spotlighted string can no longer satisfy (it gained a boundary around it). */
const STRING_CONSTRAINTS = [...STRING_ONLY, 'enum', 'const'];

/** True when the node itself (not its branches) lets a string through. */
function admitsString(s: Schema): boolean {
  const t = s['type'];
  if (typeof t === 'string') return t === 'string';
  if (Array.isArray(t)) return t.includes('string');
  return STRING_ONLY.some((k) => k in s);
}

/** How a string node changes: envelope adds the wrapped form, spotlight relaxes string limits. */
export type SchemaStyle = 'envelope' | 'spotlight';

/** Keywords holding one subschema, a map of subschemas, or a list of subschemas. */
const ONE = ['additionalProperties', 'items', 'not', 'if', 'then', 'else', 'contains'];
const MAP = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const LIST = ['anyOf', 'oneOf', 'allOf', 'prefixItems'];

function rewriteNode(
  node: unknown,
  style: SchemaStyle,
  closedRaw: boolean,
  depth: number,
): unknown {
  if (!isSchemaObject(node) || depth > MAX_DEPTH || isEnvelopeSchema(node)) return node;
  const s: Schema = { ...node };
  for (const k of ONE)
    if (isSchemaObject(s[k])) s[k] = rewriteNode(s[k], style, closedRaw, depth + 1);
  for (const k of MAP) {
    const m = s[k];
    if (!isSchemaObject(m)) continue;
    const out: Schema = {};
    for (const [name, sub] of Object.entries(m))
      out[name] = rewriteNode(sub, style, closedRaw, depth + 1);
    s[k] = out;
  }
  for (const k of LIST) {
    const l = s[k];
    if (Array.isArray(l)) s[k] = l.map((b) => rewriteNode(b, style, closedRaw, depth + 1));
  }
  if (!admitsString(node) || (closedRaw && isClosedStringSchema(node))) return s;
  if (style === 'spotlight') {
    for (const k of STRING_CONSTRAINTS) delete s[k];
    return s;
  }
  // Keep `$defs`/`definitions` at the root of the node, where `$ref`s look for them.
  const defs: Schema = {};
  for (const k of ['$defs', 'definitions', '$schema', '$id'] as const) {
    if (k in s) {
      defs[k] = s[k];
      delete s[k];
    }
  }
  const stringOnly: Schema = { ...s, type: 'string' };
  return { ...defs, anyOf: [s, envelopeSchema(stringOnly)] };
}

/**
 * Returns the outputSchema rewritten for wrapping (a new object; the input is not modified).
 * `closedRaw`: closed string forms pass unwrapped (`content.wrap.schema_safe`), so they are kept.
 * @example rewriteOutputSchema(tool.outputSchema, 'envelope', true)
 */
export function rewriteOutputSchema(
  outputSchema: Schema,
  style: SchemaStyle = 'envelope',
  closedRaw = true,
): Schema {
  return rewriteNode(outputSchema, style, closedRaw, 0) as Schema;
}

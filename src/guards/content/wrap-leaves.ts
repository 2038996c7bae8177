/**
 * The coverage walk of `untrusted-wrap`: every string leaf of a JSON value is wrapped unless it
 * is safe by construction (schema-view.ts: closed form, or built-in list where the schema is
 * silent) or under a policy exemption (exemptions.ts). Copy-on-write: an unchanged value keeps
 * its identity, so the proxy does not re-serialise a result with nothing to wrap.
 */
import { isEnvelope } from './envelope.js';
import { cowSet, type PathTrie } from './json-path.js';
import { isBuiltinSafe } from './safe-fields.js';
import type { SchemaView } from './schema-view.js';

/** What the walk did, for the verdict annotation (counts and exemption labels, never text). */
export interface WrapStats {
  wrapped: number;
  rawSchema: number;
  rawBuiltin: number;
  rawExempt: number;
  /** `<id>:<path>` of every exemption that applied. */
  exempted: Set<string>;
  /** Keys whose values passed as built-in safe (bounded), e.g. `severity`, `created`. */
  builtinKeys: Set<string>;
}

/** A fresh, empty stats object. */
export function newWrapStats(): WrapStats {
  return {
    wrapped: 0,
    rawSchema: 0,
    rawBuiltin: 0,
    rawExempt: 0,
    exempted: new Set(),
    builtinKeys: new Set(),
  };
}

/** How the walk treats strings: the wrapping function and which safe sources count. */
export interface LeafPolicy {
  wrap: (s: string) => unknown;
  schemaSafe: boolean;
  builtinSafe: boolean;
}

const MAX_DEPTH = 128;
const MAX_BUILTIN_KEYS = 32;

/**
 * Active exemption trie nodes for a child location: member `key`, or an array element when `key`
 * is undefined (`undefined`: no exemption can apply below).
 * @example stepTries([trie], 'messages')
 */
export function stepTries(
  tries: readonly PathTrie[] | undefined,
  key: string | undefined,
): PathTrie[] | undefined {
  if (!tries) return undefined;
  const out: PathTrie[] = [];
  for (const t of tries) {
    if (key === undefined) {
      if (t.element) out.push(t.element);
    } else {
      const k = t.keys.get(key);
      if (k) out.push(k);
    }
    if (t.any) out.push(t.any);
  }
  return out.length > 0 ? out : undefined;
}

/**
 * Labels of terminal nodes among `tries` (the exemptions that cover this location), or undefined.
 * @example terminalLabels(stepTries([trie], 'text'))
 */
export function terminalLabels(tries: readonly PathTrie[] | undefined): string[] | undefined {
  if (!tries) return undefined;
  let labels: string[] | undefined;
  for (const t of tries) if (t.terminal) (labels ??= []).push(...(t.labels ?? ['exempt']));
  return labels;
}

/**
 * Wraps every string leaf of `value` not safe by construction and not exempt.
 * @example wrapLeaves(sc, schemaView(tool.outputSchema), exemptTrie && [exemptTrie], policy, stats)
 */
export function wrapLeaves(
  value: unknown,
  view: SchemaView,
  tries: readonly PathTrie[] | undefined,
  policy: LeafPolicy,
  stats: WrapStats,
  key?: string,
  depth = 0,
): unknown {
  const labels = terminalLabels(tries);
  if (labels) {
    if (value !== null && (typeof value === 'object' || typeof value === 'string'))
      stats.rawExempt++;
    for (const l of labels) stats.exempted.add(l);
    return value;
  }
  if (typeof value === 'string') return wrapString(value, view, policy, stats, key);
  if (value === null || typeof value !== 'object') return value;
  // Deeper than any DefectDojo object: rather than recurse further (stack) or skip it (unsafe),
  // the subtree becomes one wrapped JSON string.
  if (depth > MAX_DEPTH) {
    stats.wrapped++;
    return policy.wrap(JSON.stringify(value));
  }
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    const childTries = stepTries(tries, undefined);
    for (let i = 0; i < value.length; i++) {
      const cur: unknown = value[i];
      if (cur === null || (typeof cur !== 'object' && typeof cur !== 'string')) continue;
      const next = wrapLeaves(cur, view.item(i), childTries, policy, stats, key, depth + 1);
      if (next !== cur) (out ??= value.slice())[i] = next;
    }
    return out ?? value;
  }
  // An upstream that already wraps (another guard in front of it): never wrap twice.
  if (isEnvelope(value)) return value;
  const obj = value as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const k of Object.keys(obj)) {
    const cur = obj[k];
    if (cur === null || (typeof cur !== 'object' && typeof cur !== 'string')) continue;
    const next = wrapLeaves(cur, view.child(k), stepTries(tries, k), policy, stats, k, depth + 1);
    if (next !== cur) out = cowSet(obj, out, k, next);
  }
  return out ?? value;
}

function wrapString(
  value: string,
  view: SchemaView,
  policy: LeafPolicy,
  stats: WrapStats,
  key: string | undefined,
): unknown {
  const rule = view.leaf(value);
  if (rule === 'raw' && policy.schemaSafe) {
    stats.rawSchema++;
    return value;
  }
  if (rule === 'builtin' && policy.builtinSafe && isBuiltinSafe(key, value)) {
    stats.rawBuiltin++;
    if (key !== undefined && stats.builtinKeys.size < MAX_BUILTIN_KEYS) stats.builtinKeys.add(key);
    return value;
  }
  stats.wrapped++;
  return policy.wrap(value);
}

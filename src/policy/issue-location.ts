/**
 * Where a schema issue is in the YAML text (`file:line:col`, from the `yaml` package's node
 * ranges) and, for an unknown key, the closest key the schema allows ("did you mean").
 */
import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  type Document,
  type LineCounter,
  type Node,
  type YAMLError,
} from 'yaml';
import type { z } from 'zod';
import { policyJsonSchema } from './json-schema.js';

type JsonSchema = {
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  additionalProperties?: JsonSchema | boolean;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** One parsed policy file, kept for locating issues. */
export interface ParsedFile {
  doc: Document;
  lines: LineCounter;
}

/**
 * `line:col` of the node at `path` (or of the key `key` inside it), 1-based; undefined when absent.
 * @example locate(file, ['rate_limits', 'limits', 0], 'pionts') // '42:7'
 */
export function locate(
  file: ParsedFile,
  path: readonly PropertyKey[],
  key?: string,
): string | undefined {
  let node = file.doc.contents as Node | null;
  let offset = node?.range?.[0];
  const segs = key === undefined ? path : [...path, key];
  for (const seg of segs) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === seg);
      if (!pair) break;
      offset = isScalar(pair.key) ? pair.key.range?.[0] : offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  if (offset === undefined) return undefined;
  const pos = file.lines.linePos(offset);
  return `${pos.line}:${pos.col}`;
}

let schemaRoot: JsonSchema | undefined;

/** The allowed keys of the object at `path`, from the generated JSON Schema. */
function allowedKeys(path: readonly PropertyKey[]): string[] {
  schemaRoot ??= policyJsonSchema() as JsonSchema;
  let level: JsonSchema[] = [schemaRoot];
  const expand = (s: JsonSchema): JsonSchema[] => [
    s,
    ...[...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].flatMap(expand),
  ];
  for (const seg of path) {
    const next: JsonSchema[] = [];
    for (const s of level.flatMap(expand)) {
      if (typeof seg === 'number' && s.items) next.push(s.items);
      else if (typeof seg === 'string' && s.properties?.[seg]) next.push(s.properties[seg]);
      else if (typeof seg === 'string' && typeof s.additionalProperties === 'object')
        next.push(s.additionalProperties);
    }
    level = next;
  }
  return [...new Set(level.flatMap(expand).flatMap((s) => Object.keys(s.properties ?? {})))];
}

/** Levenshtein distance (small strings only: policy keys). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * The allowed key closest to an unknown one, when it is close enough to be a typo.
 * @example suggestKey(['rate_limits'], 'limts') // 'limits'
 */
export function suggestKey(path: readonly PropertyKey[], key: string): string | undefined {
  let best: { k: string; d: number } | undefined;
  const lower = key.toLowerCase().replace(/-/g, '_');
  for (const k of allowedKeys(path)) {
    const d = k === lower ? 0 : distance(lower, k);
    if (!best || d < best.d) best = { k, d };
  }
  if (!best) return undefined;
  return best.d <= Math.max(2, Math.floor(key.length / 3)) ? best.k : undefined;
}

/**
 * `file:line:col: dotted.path: message`, with the unknown key itself appended to the path and the
 * closest allowed key suggested ("did you mean"). line:col come from the YAML node ranges.
 */
export function formatZodIssues(
  issues: readonly z.core.$ZodIssue[],
  owner: ReadonlyMap<string, string>,
  paths: readonly string[],
  parsedFiles: ReadonlyMap<string, ParsedFile> = new Map(),
): string[] {
  return issues.flatMap((i) => {
    const top = i.path[0];
    const file = (top !== undefined && owner.get(String(top))) || paths.join(', ');
    const parsed = parsedFiles.get(file);
    const at = (key?: string): string => {
      const pos = parsed && locate(parsed, i.path, key);
      return pos ? `${file}:${pos}` : file;
    };
    const base = i.path.map(String);
    if (i.code === 'unrecognized_keys') {
      return i.keys.map((k) => {
        const hint = suggestKey(i.path, k);
        const mean = hint ? ` (did you mean \`${hint}\`?)` : '';
        return `${at(k)}: ${[...base, k].join('.')}: unknown key${mean}`;
      });
    }
    return [`${at()}: ${base.join('.') || '(root)'}: ${i.message}`];
  });
}

/**
 * A YAML parse error or warning as `file:line:col: message` (the message's first line, without the
 * position the `yaml` package repeats at its end).
 */
export function formatYamlError(file: string, e: YAMLError): string {
  const pos = e.linePos?.[0];
  const msg = e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  return `${file}${pos ? `:${pos.line}:${pos.col}` : ''}: ${msg}`;
}

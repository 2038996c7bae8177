/**
 * Renders the policy key reference (every key, its type, default and description) from the
 * generated JSON Schema, so the README's configuration reference can never drift from the code:
 * `npm run docs` rewrites the README block, and a test fails when the committed block is stale.
 */
import { policyJsonSchema } from './json-schema.js';

type Schema = Record<string, unknown>;

const MAX_DEPTH = 6;

function typeOf(s: Schema): string {
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.map((e) => JSON.stringify(e)).join(' | ');
  const variants = (s.anyOf ?? s.oneOf) as Schema[] | undefined;
  if (variants) return [...new Set(variants.map(typeOf))].join(' | ');
  if (s.type === 'array') return `${typeOf((s.items as Schema) ?? {})}[]`;
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    return `map of ${typeOf(s.additionalProperties as Schema)}`;
  }
  return typeof s.type === 'string' ? s.type : 'any';
}

const cell = (text: unknown): string =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .trim();

function walk(s: Schema, path: string, depth: number, rows: string[]): void {
  if (path) {
    // Object defaults are the sum of their children's, which have their own rows.
    const def =
      s.default === undefined || s.type === 'object' ? '' : `\`${JSON.stringify(s.default)}\``;
    rows.push(`| \`${path}\` | ${cell(typeOf(s))} | ${cell(def)} | ${cell(s.description)} |`);
  }
  if (depth >= MAX_DEPTH) return;
  const objects: Schema[] = [];
  if (s.type === 'object') objects.push(s);
  if (s.type === 'array' && s.items && (s.items as Schema).type === 'object') {
    objects.push(s.items as Schema);
    path = `${path}[]`;
  }
  if (s.type === 'object' && s.additionalProperties && typeof s.additionalProperties === 'object') {
    const ap = s.additionalProperties as Schema;
    if (ap.type === 'object') walk(ap, `${path}.<name>`, depth + 1, rows);
  }
  for (const o of objects) {
    const props = (o.properties ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(props)) walk(v, path ? `${path}.${k}` : k, depth + 1, rows);
  }
}

/** Markdown table of every policy key. */
export function policyReferenceMarkdown(): string {
  const rows: string[] = ['| Key | Type | Default | Meaning |', '| --- | --- | --- | --- |'];
  walk(policyJsonSchema() as Schema, '', 0, rows);
  return rows.join('\n') + '\n';
}

/**
 * Hashing and text extraction for tool-definition pinning. The hash covers the whole tool object
 * as listed (name, description, schemas, annotations, `_meta`...): a change anywhere is a change
 * the operator has not reviewed.
 */
import { createHash } from 'node:crypto';
import canonicalizeImport from 'canonicalize';

// The package's CJS typings do not describe its ESM default export precisely.
const canonicalize = canonicalizeImport as unknown as (value: unknown) => string | undefined;

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of one tool definition.
 * @example toolDefinitionHash({ name: 'get_findings', inputSchema: { type: 'object' } })
 */
export function toolDefinitionHash(tool: unknown): string {
  const text = canonicalize(tool) ?? 'null';
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Keys whose string values reach the model as prose (tool poisoning hides there). */
const PROSE_KEYS = new Set(['description', 'title']);
const MAX_DEPTH = 32;
const MAX_STRINGS = 2000;

/**
 * Every `description`/`title` string in a tool definition, at any depth (input/output schema
 * properties, annotations), plus `enum`/`examples`/`default` strings of schemas, which models also
 * read. Bounded in depth and count; beyond the bounds the caller treats the tool as unscannable.
 * @example describedTexts({ description: 'x', inputSchema: { properties: { a: { description: 'y' } } } }) // ['x','y']
 */
export function describedTexts(tool: unknown): { texts: string[]; complete: boolean } {
  const texts: string[] = [];
  let complete = true;
  const walk = (v: unknown, depth: number, key: string | undefined): void => {
    if (!complete) return;
    if (depth > MAX_DEPTH || texts.length >= MAX_STRINGS) {
      complete = false;
      return;
    }
    if (typeof v === 'string') {
      if (key !== undefined && PROSE_KEYS.has(key)) texts.push(v);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      // Strings inside enum/examples arrays are shown to the model like prose.
      const prose = key === 'enum' || key === 'examples';
      for (const x of v) {
        if (prose && typeof x === 'string') texts.push(x);
        else walk(x, depth + 1, undefined);
      }
      return;
    }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === 'default' && typeof x === 'string') texts.push(x);
      else walk(x, depth + 1, k);
    }
  };
  walk(tool, 0, undefined);
  return { texts, complete };
}

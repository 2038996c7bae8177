/**
 * Test policies derived from test/fixtures/policies/allow-all.yaml. The base now carries its own
 * `content`, `injection` and `rate_limits` opt-outs, so appending a second section of the same
 * name is a duplicate YAML key (the loader refuses it). `allowAllWith` replaces whole top-level
 * sections instead: a test states exactly the section it exercises, and the base's opt-out for
 * that section is gone (e.g. `injection: { mode: enforce }` turns the filter back on).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from './paths.js';

/** allow-all.yaml with each top-level section in `sections` (YAML text) set or replaced. */
export function allowAllWith(sections: string): string {
  const base = parseDocument(
    readFileSync(path.join(REPO_ROOT, 'test/fixtures/policies/allow-all.yaml'), 'utf8'),
  );
  const extra = parseDocument(sections);
  if (base.errors.length || extra.errors.length)
    throw new Error(String(base.errors[0] ?? extra.errors[0]));
  const top = extra.toJS() as Record<string, unknown> | null;
  for (const [key, value] of Object.entries(top ?? {})) base.set(key, base.createNode(value));
  return base.toString();
}

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { policyJsonSchema } from '../../src/policy/json-schema.js';

describe('schema/policy.schema.json', () => {
  it('equals the schema generated from src/policy/schema.ts (run `npm run schema`)', () => {
    const committed = readFileSync(path.join(REPO_ROOT, 'schema/policy.schema.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
  });

  it('forbids unknown top-level keys and documents every section', () => {
    const s = policyJsonSchema() as {
      additionalProperties?: unknown;
      properties: Record<string, { description?: string }>;
    };
    expect(s.additionalProperties).toBe(false);
    for (const key of ['server', 'upstream', 'auth', 'tools', 'rbac']) {
      expect(s.properties[key]?.description, key).toBeTruthy();
    }
  });
});

/**
 * The JSON Schema of policy files, generated from the zod schema (STYLE.md §4). Editors use the
 * committed copy in schema/policy.schema.json through `# yaml-language-server: $schema=…`.
 */
import { z } from 'zod';
import { PolicySchema } from './schema.js';

/**
 * Returns the policy JSON Schema (draft 2020-12, input shape: defaulted fields are optional).
 * @example JSON.stringify(policyJsonSchema(), null, 2)
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(PolicySchema, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'any',
  });
  return {
    ...schema,
    $id: 'https://github.com/dojo-guard/dojo-guard/schema/policy.schema.json',
    title: 'dojo-guard policy',
  };
}

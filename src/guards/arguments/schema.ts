/**
 * The `arguments` policy section: tools/call arguments validated against the `inputSchema` the
 * upstream advertised in tools/list (src/guards/arguments/argument-validation.ts). Lives next to
 * its guard; src/policy/schema.ts only references it.
 */
import { z } from 'zod';

const toolPattern = z
  .string()
  .regex(/^[A-Za-z0-9_.\-/*]{1,128}$/, 'patterns use [A-Za-z0-9_.-/] and `*`');

export const ArgumentsPolicySchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'false switches argument validation off (a load warning the proxy logs at start): ' +
          'undeclared and mistyped arguments then reach the upstream.',
      ),
    mode: z
      .enum(['enforce', 'shadow'])
      .optional()
      .describe(
        'Per-guard override of the top-level `mode`. shadow: invalid arguments are audited ' +
          '(`invalid_arguments` shadow verdict) and still forwarded.',
      ),
    unknown_arguments: z
      .enum(['deny', 'allow'])
      .default('deny')
      .describe(
        'An argument (at any depth) the advertised schema does not declare in `properties` or ' +
          '`patternProperties`. deny (default): refused even where the schema leaves objects open ' +
          '(absent or `true` additionalProperties); an explicit `additionalProperties` schema is ' +
          'a declaration and is honoured. allow: only what the schema itself forbids is refused.',
      ),
    exempt_tools: z
      .array(toolPattern)
      .default([])
      .describe(
        'Tools (names or `*` globs) whose arguments are not validated: the per-tool opt-out. ' +
          'Each exempt call carries `exempt: true` in its audit verdict.',
      ),
  })
  .strict()
  .describe(
    'Argument validation. Absent section: on (secure default); off only with `enabled: false`. ' +
      'Every tools/call is checked against the ' +
      "upstream's advertised `inputSchema` (JSON Schema, compiled once per definition with ajv; " +
      '`pattern`/`patternProperties` in RE2 syntax, linear time, other regexes make the tool ' +
      'uncallable). Type mismatches, missing required and undeclared arguments are denied ' +
      '(`invalid_arguments`, naming the argument path, never the value). A tool called before ' +
      'any tools/list is checked against a list the proxy fetches itself; if no definition can ' +
      'be had, the call is denied (`tool_schema_unavailable`). Arguments the proxy injects ' +
      '(`upstream.inject_arguments`) are exempt.',
  );

export type ArgumentsPolicy = z.infer<typeof ArgumentsPolicySchema>;

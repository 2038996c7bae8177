/**
 * The injection section of a policy file, compiled as the proxy compiles it: its rules, learned
 * scorer and the tool names the file names. For the callers that judge text outside the proxy
 * with a policy file: `dojo-guard scan-text --policy`, the model trainer
 * (scripts/train-injection-model.mjs) and the tests that read the shipped policy.
 */
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import type { CompiledInjection } from './compile.js';
import { policyToolNames } from './detect.js';
import { compileInjection } from './injection-filter.js';
import { InjectionPolicySchema } from './schema.js';

/**
 * Compiles `file`'s `injection` section (defaults where absent), with `patch` laid over it (the
 * trainer switches the model off). Throws naming the file and each invalid key.
 * @example compilePolicyFileInjection('policies/dojo-server.yaml', { ml: { enabled: false } })
 */
export function compilePolicyFileInjection(
  file: string,
  patch: Record<string, unknown> = {},
): CompiledInjection {
  const doc = parseYaml(readFileSync(file, 'utf8')) as unknown;
  const section =
    typeof doc === 'object' && doc !== null
      ? (doc as Record<string, unknown>).injection
      : undefined;
  // An absent section is the defaults; anything else but a mapping fails the schema as it is.
  const input =
    section === undefined || section === null
      ? patch
      : typeof section === 'object' && !Array.isArray(section)
        ? { ...section, ...patch }
        : section;
  const parsed = InjectionPolicySchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `injection.${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid policy ${file}:\n  ${issues.join('\n  ')}`);
  }
  return compileInjection(parsed.data, policyToolNames(doc));
}

/**
 * The injection section of a policy file, compiled as the proxy compiles it: its rules, learned
 * scorer and the tool names the file names. For the callers that judge text outside the proxy
 * with a policy file: `dojo-guard scan-text --policy`, the model trainer
 * (scripts/train-injection-model.mjs) and the tests that read the shipped policy.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { formatYamlError, formatZodIssues } from './issue-location.js';
import type { CompiledInjection } from '../guards/injection/compile.js';
import { policyTools } from '../guards/injection/detect.js';
import { compileInjection } from '../guards/injection/injection-filter.js';
import { InjectionPolicySchema } from '../guards/injection/schema.js';

/**
 * Compiles `file`'s `injection` section (defaults where absent), with `patch` laid over it (the
 * trainer switches the model off). Throws naming each problem as `policy validate` does:
 * `file:line:col: injection.key: message`, an unknown key with the closest allowed one.
 * @example compilePolicyFileInjection('policies/dojo-server.yaml', { ml: { enabled: false } })
 */
export function compilePolicyFileInjection(
  file: string,
  patch: Record<string, unknown> = {},
): CompiledInjection {
  const lines = new LineCounter();
  const parsedDoc = parseDocument(readFileSync(file, 'utf8'), { lineCounter: lines });
  if (parsedDoc.errors.length > 0) {
    const issues = parsedDoc.errors.map((e) => formatYamlError(file, e));
    throw new Error(`invalid policy ${file}:\n  ${issues.join('\n  ')}`);
  }
  const doc = parsedDoc.toJS() as unknown;
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
    const issues = formatZodIssues(
      parsed.error.issues.map((i) => ({ ...i, path: ['injection', ...i.path] })),
      new Map([['injection', file]]),
      [file],
      new Map([[file, { doc: parsedDoc, lines }]]),
    );
    throw new Error(`invalid policy ${file}:\n  ${issues.join('\n  ')}`);
  }
  return compileInjection(parsed.data, policyTools(doc));
}

/**
 * Policy tests (`policies/<name>_test.yaml`, STYLE.md §4, like OPA's `*_test.rego`): a list of
 * requests with the verdict the RBAC decision must give. Run by `dojo-guard policy test` and by
 * vitest. They exercise the compiled decision functions, not a running proxy.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { ClassifiedRequest } from '../guards/guard.js';
import { compileRbac } from '../guards/rbac-compile.js';
import { decideRequest } from '../guards/rbac-decide.js';
import { readPolicySource } from './load.js';

const CaseSchema = z
  .object({
    name: z.string().min(1).describe('What the case checks.'),
    role: z.string().min(1),
    method: z.string().min(1).default('tools/call'),
    tool: z.string().optional().describe('tools/call name'),
    prompt: z.string().optional().describe('prompts/get name'),
    uri: z.string().optional().describe('resources/read uri'),
    arguments: z.record(z.string(), z.unknown()).optional(),
    params: z.record(z.string(), z.unknown()).optional().describe('Extra params (e.g. task).'),
    expect: z.union([
      z.literal('allow'),
      z.object({ deny: z.string(), rule: z.string().optional() }).strict(),
    ]),
  })
  .strict();

export const PolicyTestFileSchema = z
  .object({
    policy: z.string().min(1).describe('Policy file, relative to this file.'),
    cases: z.array(CaseSchema).min(1),
  })
  .strict();

export interface PolicyTestResult {
  name: string;
  ok: boolean;
  got: string;
  want: string;
}

/**
 * Runs one `_test.yaml` file. Unset `${env:…}` variables in the policy get placeholders.
 * @example const results = await runPolicyTests('policies/dojo-server_test.yaml');
 */
export async function runPolicyTests(file: string): Promise<PolicyTestResult[]> {
  const doc = parseDocument(await readFile(file, 'utf8'), { uniqueKeys: true, merge: false });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  const spec = PolicyTestFileSchema.parse(doc.toJS({ maxAliasCount: 0 }));
  const policyPath = path.resolve(path.dirname(file), spec.policy);
  const { source } = await readPolicySource([policyPath], process.env, {
    envPlaceholder: 'https://env-placeholder.invalid',
  });
  if (!source.rbac) throw new Error(`${policyPath}: no rbac section to test`);
  const rbac = compileRbac(source.rbac);
  return spec.cases.map((c) => {
    const params: Record<string, unknown> = { ...c.params };
    if (c.tool !== undefined || c.prompt !== undefined) params.name = c.tool ?? c.prompt;
    if (c.uri !== undefined) params.uri = c.uri;
    if (c.arguments !== undefined) params.arguments = c.arguments;
    const req: ClassifiedRequest = {
      kind: 'request',
      id: 1,
      method: c.method,
      toolName: c.method === 'tools/call' ? c.tool : undefined,
      promptName: c.method === 'prompts/get' ? c.prompt : undefined,
      resourceUri: c.uri,
      arguments: c.arguments,
      message: { jsonrpc: '2.0', id: 1, method: c.method, params },
    };
    const d = decideRequest(rbac, c.role, req);
    const got = d.allow ? 'allow' : `deny ${d.code}${d.ruleId ? ` (${d.ruleId})` : ''}`;
    const want =
      c.expect === 'allow'
        ? 'allow'
        : `deny ${c.expect.deny}${c.expect.rule ? ` (${c.expect.rule})` : ''}`;
    const ok =
      c.expect === 'allow'
        ? d.allow
        : !d.allow &&
          d.code === c.expect.deny &&
          (c.expect.rule === undefined || d.ruleId === c.expect.rule);
    return { name: c.name, ok, got, want };
  });
}

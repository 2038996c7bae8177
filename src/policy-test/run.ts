/**
 * Policy tests (`policies/<name>_test.yaml`, STYLE.md §4, like OPA's `*_test.rego`): a list of
 * requests with the verdict the policy must give. Run by `dojo-guard policy test` and by vitest.
 *
 * Each case runs through the real request chain (src/proxy/pipeline.ts runRequestChain) of the
 * compiled policy: RBAC, rate limits and blast-radius quotas, the injection filter, secret
 * rejection in arguments and read-before-mutation, with an in-memory state store and recorder.
 * Each case has its own principal and session (unless it names a principal), so counters of one
 * case never leak into another. No upstream is called: `allow` means "would be forwarded".
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import type { Principal } from '../core/principal.js';
import { MemoryRecorder } from '../core/recorder.js';
import { MemoryStore } from '../state/memory.js';
import { createRequestContext } from '../proxy/context.js';
import { classifyMessage } from '../proxy/jsonrpc.js';
import { Decision, isMutatingCall, runRequestChain } from '../proxy/pipeline.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { compileOffline } from '../policy/compile-offline.js';
import { policyTestToolLister } from './tools.js';
import { readPolicySource } from '../policy/load.js';
import { CaseFactSource, CaseFactsSchema } from '../policy/case-facts.js';

const CaseSchema = z
  .object({
    name: z.string().min(1).describe('What the case checks.'),
    role: z.string().min(1),
    principal: z
      .string()
      .min(1)
      .optional()
      .describe('Principal id; cases naming the same one share its counters. Default: per case.'),
    method: z.string().min(1).default('tools/call'),
    tool: z.string().optional().describe('tools/call name'),
    prompt: z.string().optional().describe('prompts/get name'),
    uri: z.string().optional().describe('resources/read uri'),
    arguments: z.record(z.string(), z.unknown()).optional(),
    params: z.record(z.string(), z.unknown()).optional().describe('Extra params (e.g. task).'),
    facts: z
      .record(z.string().regex(/^[1-9][0-9]{0,14}$/), CaseFactsSchema)
      .optional()
      .describe(
        'Findings by id with their state before the call, for rules with `fact:` conditions and ' +
          'product scopes (the `findings` section); a finding not listed does not exist.',
      ),
    read: z
      .array(z.number().int().positive())
      .optional()
      .describe('Finding ids this session read before the call (read-before-mutation).'),
    repeat: z
      .number()
      .int()
      .min(1)
      .max(100_000)
      .default(1)
      .describe(
        'Send the call this many times: all but the last must be allowed; the last is checked.',
      ),
    expect: z.union([
      z.literal('allow'),
      z.object({ deny: z.string(), rule: z.string().optional() }).strict(),
    ]),
  })
  .strict();

export const PolicyTestFileSchema = z
  .object({
    policy: z.string().min(1).describe('Policy file, relative to this file.'),
    tools: z
      .string()
      .min(1)
      .default('bundled')
      .describe(
        "Where the upstream's tool definitions come from (argument validation and annotation " +
          'classes need them): `bundled` (the bundled server, default), `bundled-pro` (its ' +
          'Pro-compatible tools), or a JSON file with a tools/list result, relative to this file.',
      ),
    cases: z.array(CaseSchema).min(1),
  })
  .strict();

type Case = z.infer<typeof CaseSchema>;

export interface PolicyTestResult {
  name: string;
  ok: boolean;
  got: string;
  want: string;
}

/** Stands in for `${env:…}` variables the policy needs but the environment lacks. */
const PLACEHOLDER = 'https://env-placeholder.invalid';

/**
 * Runs one `_test.yaml` file. Unset `${env:…}` variables in the policy get placeholders.
 * @example const results = await runPolicyTests('policies/dojo-server_test.yaml');
 */
export async function runPolicyTests(file: string): Promise<PolicyTestResult[]> {
  const doc = parseDocument(await readFile(file, 'utf8'), { uniqueKeys: true, merge: false });
  if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0]!.message}`);
  const spec = PolicyTestFileSchema.parse(doc.toJS({ maxAliasCount: 0 }));
  const policyPath = path.resolve(path.dirname(file), spec.policy);
  const read = await readPolicySource([policyPath], process.env, { envPlaceholder: PLACEHOLDER });
  if (!read.source.rbac) throw new Error(`${policyPath}: no rbac section to test`);
  const store = new MemoryStore();
  const recorder = new MemoryRecorder();
  const facts = new CaseFactSource();
  // Facts come from each case: nothing may be served from an earlier case's lookup.
  const findings = read.source.findings && {
    ...read.source.findings,
    lookup: { ...read.source.findings.lookup, cache_ttl_ms: 0 },
  };
  const policy = compileOffline({
    read: { ...read, source: { ...read.source, findings } },
    files: [policyPath],
    store,
    recorder,
    toolLister: policyTestToolLister(spec.tools, file),
    factSource: facts.source,
  });
  const results: PolicyTestResult[] = [];
  try {
    for (const [i, c] of spec.cases.entries()) {
      facts.current = c.facts ?? {};
      results.push(await runCase(policy, store, recorder, c, i));
    }
  } finally {
    await store.close();
  }
  return results;
}

async function runCase(
  policy: CompiledPolicy,
  store: MemoryStore,
  recorder: MemoryRecorder,
  c: Case,
  index: number,
): Promise<PolicyTestResult> {
  const principal: Principal = {
    id: c.principal ?? `policy-test-${index}`,
    role: c.role,
    authMethod: 'static_token',
  };
  const sessionId = `policy-test-session-${index}`;
  if (c.read?.length) await store.addReadFindings(sessionId, principal.id, c.read);
  const want =
    c.expect === 'allow'
      ? 'allow'
      : `deny ${c.expect.deny}${c.expect.rule ? ` (${c.expect.rule})` : ''}`;
  let got = 'allow';
  for (let n = 1; n <= c.repeat; n++) {
    const v = await decide({ policy, store, recorder, principal, sessionId }, c, n);
    got = v.allow ? 'allow' : `deny ${v.code}${v.ruleId ? ` (${v.ruleId})` : ''}`;
    if (n < c.repeat && !v.allow) {
      return { name: c.name, ok: false, got: `${got} at call ${n} of ${c.repeat}`, want };
    }
  }
  const ok =
    c.expect === 'allow'
      ? got === 'allow'
      : got.startsWith(`deny ${c.expect.deny}`) &&
        (c.expect.rule === undefined || got.endsWith(`(${c.expect.rule})`));
  return { name: c.name, ok, got, want };
}

interface CaseEnv {
  policy: CompiledPolicy;
  store: MemoryStore;
  recorder: MemoryRecorder;
  principal: Principal;
  sessionId: string;
}

async function decide(
  { policy, store, recorder, principal, sessionId }: CaseEnv,
  c: Case,
  n: number,
): Promise<{ allow: boolean; code?: string; ruleId?: string }> {
  const params: Record<string, unknown> = { ...c.params };
  if (c.tool !== undefined || c.prompt !== undefined) params.name = c.tool ?? c.prompt;
  if (c.uri !== undefined) params.uri = c.uri;
  if (c.arguments !== undefined) params.arguments = c.arguments;
  const request = classifyMessage({ jsonrpc: '2.0', id: n, method: c.method, params });
  const ctx = createRequestContext({
    requestId: `policy-test-${n}`,
    decisionId: `policy-test-${n}`,
    principal,
    sessionId,
    request,
    remoteAddress: '127.0.0.1',
    userAgent: undefined,
    store,
  });
  const decision = new Decision(ctx, recorder, isMutatingCall(policy, request));
  const out = await runRequestChain(policy, decision, recorder);
  decision.settle({
    outcome: out.kind === 'deny' ? 'denied' : 'allowed',
    code: out.kind === 'deny' ? out.verdict.code : undefined,
  });
  recorder.decisions.length = 0; // nothing reads them; keep memory flat over long repeats
  if (out.kind === 'forward') return { allow: true };
  return { allow: false, code: out.verdict.code, ruleId: out.verdict.ruleId };
}

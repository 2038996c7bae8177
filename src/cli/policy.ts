/**
 * `dojo-guard policy validate FILE…` and `dojo-guard policy schema`.
 * validate: exit 0 when the files would load (errors and warnings on stderr as
 * `file:line:col: dotted.path: message`), 1 otherwise. Offline by default: the real environment is
 * used, and an unset `${env:…}` variable (a runtime secret) is a warning validated with a
 * placeholder; `--strict-env` makes it an error, exactly as at proxy start. `--schema-only` checks
 * structure and RBAC only.
 */
import path from 'node:path';
import type { Command } from 'commander';
import type { CaseFacts } from '../policy/case-facts.js';
import { addEnvAndExamples } from './help-text.js';
import { loadPolicy, PolicyLoadError, readPolicySource } from '../policy/load.js';
import { policyJsonSchema } from '../policy/json-schema.js';
import { compileRbac, rbacWarnings } from '../guards/rbac/compile.js';
import { MemoryRecorder } from '../core/recorder.js';
import { MemoryStore } from '../state/memory.js';
import { runPolicyTests } from '../policy-test/run.js';

interface ReplayFlags {
  audit: string[];
  policy: string[];
  against?: string[];
  budget: string;
  keyEnv: string[];
  json?: boolean;
}

/** Stands in for unset `${env:…}` variables when validating offline (`.invalid`: RFC 6761). */
const ENV_PLACEHOLDER = 'https://env-placeholder.invalid';

/** Registers `policy validate`, `policy test`, `policy explain`, `policy replay` and `policy schema`. */
export function registerPolicyCommand(program: Command): void {
  const policy = program
    .command('policy')
    .description('Validate policy files and print their JSON Schema');
  policy
    .command('validate')
    .description('Validate policy files (several files are merged by top-level section)')
    .argument('<files...>', 'policy YAML files')
    .option('--schema-only', 'check structure and RBAC only; unset ${env:…} variables are allowed')
    .option(
      '--strict-env',
      'an unset ${env:…} variable or a missing env-borne credential is an error (as at proxy start)',
    )
    .option('--merge', 'validate the files as one merged policy (as `proxy --policy A --policy B`)')
    .action(
      async (
        files: string[],
        opts: { schemaOnly?: boolean; merge?: boolean; strictEnv?: boolean },
      ) => {
        const sets = opts.merge ? [files] : files.map((f) => [f]);
        let failed = false;
        for (const set of sets) {
          try {
            const warnings = opts.schemaOnly
              ? await validateSchemaOnly(set)
              : await validateFull(set, !opts.strictEnv);
            for (const w of warnings) process.stderr.write(`warning: ${set.join(', ')}: ${w}\n`);
            process.stdout.write(`ok: ${set.join(', ')}\n`);
          } catch (err) {
            if (!(err instanceof PolicyLoadError)) throw err;
            for (const i of err.issues) process.stderr.write(`error: ${i}\n`);
            failed = true;
          }
        }
        if (failed) process.exitCode = 1;
      },
    );
  policy
    .command('test')
    .description(
      'Run policy test files (policies/<name>_test.yaml) through the request guard chain',
    )
    .argument('<files...>', '_test.yaml files')
    .action(async (files: string[]) => {
      let failed = 0;
      let total = 0;
      for (const f of files) {
        for (const r of await runPolicyTests(f)) {
          total++;
          if (r.ok) continue;
          failed++;
          process.stderr.write(`FAIL ${f}: ${r.name}: want ${r.want}, got ${r.got}\n`);
        }
      }
      process.stdout.write(`${total - failed}/${total} policy test cases passed\n`);
      if (failed) process.exitCode = 1;
    });
  const explain = policy
    .command('explain')
    .description('Explain which rules decide a tools/call for a role (offline, no secrets needed)')
    .requiredOption('--policy <files...>', 'policy YAML file(s), merged as by `proxy --policy`')
    .requiredOption('--role <role>', 'effective role of the caller')
    .requiredOption('--tool <tool>', 'tool name')
    .option('--args <json>', 'tool arguments as a JSON object', '{}')
    .option('--principal <id>', 'principal id (rate-limit matching and bucket keys)')
    .option(
      '--read <ids>',
      'finding ids the session read before this call, comma-separated (read-before-mutation)',
      '',
    )
    .option(
      '--tools <source>',
      "the upstream's tool definitions (annotations class reads): bundled, bundled-pro or a " +
        'JSON file holding a tools/list result',
      'bundled',
    )
    .option(
      '--facts <json>',
      "the target finding's state before the call, for `fact:` conditions, e.g. " +
        '\'{"severity":"Critical","active":true,"tags":["pentest"],"product":1}\'',
    )
    .option('--json', 'machine-readable output')
    .action(async (opts: ExplainFlags) => {
      await runExplain(opts);
    });
  addEnvAndExamples(
    explain,
    [],
    [
      'dojo-guard policy explain --policy policies/dojo-server.yaml --role writer \\\n' +
        '    --tool close_finding --args \'{"finding_id":7,"reason":"false_positive"}\'',
      'dojo-guard policy explain --policy policies/dojo-server.yaml --role admin --read 7 \\\n' +
        '    --tool close_finding --args \'{"finding_id":7,"reason":"false_positive"}\' --json',
      'dojo-guard policy explain --policy policies/defectdojo-pro.yaml --tools bundled-pro \\\n' +
        '    --role reader --tool get_findings',
    ],
  );
  policy
    .command('replay')
    .description(
      'Re-decide a verified audit trail under a candidate policy and report what would change',
    )
    .requiredOption('--audit <files...>', 'audit JSON-lines files, rotated files oldest first')
    .requiredOption('--policy <files...>', 'the candidate policy file(s)')
    .option('--against <files...>', 'baseline policy (default: the decisions as recorded)')
    .option('--budget <n>', 'newly denied calls tolerated before exit 1', '0')
    .option(
      '--key-env <VAR>',
      'environment variable holding an HMAC key of the trail (repeatable; default AUDIT_HMAC_KEY)',
      (v: string, prev: string[]) => [...prev, v],
      [],
    )
    .option('--json', 'print the report as JSON')
    .action(async (opts: ReplayFlags) => {
      const { keyFromText } = await import('../audit/chain.js');
      const { replayPolicy, renderReport, ReplayRefused } =
        await import('../policy-replay/index.js');
      const budget = Number(opts.budget);
      if (!Number.isInteger(budget) || budget < 0)
        throw new Error(`invalid --budget: ${opts.budget}`);
      const vars = opts.keyEnv.length > 0 ? opts.keyEnv : ['AUDIT_HMAC_KEY'];
      const keys = vars.map((v) => {
        const text = process.env[v];
        if (!text) throw new Error(`environment variable ${v} is not set`);
        return keyFromText(text);
      });
      try {
        const report = await replayPolicy({
          audit: opts.audit,
          keys,
          candidate: opts.policy,
          ...(opts.against && { against: opts.against }),
          budget,
        });
        process.stdout.write(opts.json ? JSON.stringify(report) + '\n' : renderReport(report));
        process.exitCode = report.overBudget ? 1 : 0;
      } catch (err) {
        if (!(err instanceof ReplayRefused)) throw err;
        process.stderr.write(`refused: ${err.message}\n`);
        process.exitCode = 2;
      }
    });
  policy
    .command('schema')
    .description('Print the JSON Schema of policy files')
    .action(() => {
      process.stdout.write(`${JSON.stringify(policyJsonSchema(), null, 2)}\n`);
    });
}

interface ExplainFlags {
  policy: string[];
  role: string;
  tool: string;
  args: string;
  principal?: string;
  facts?: string;
  read: string;
  tools: string;
  json?: boolean;
}

/** `--read 1,2,3` as finding ids; anything else is a usage error. */
function parseReadIds(text: string): number[] {
  const parts = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return parts.map((p) => {
    const n = Number(p);
    if (!/^\d{1,15}$/.test(p) || !Number.isSafeInteger(n) || n < 1)
      throw new Error(`--read: not a finding id: ${JSON.stringify(p)}`);
    return n;
  });
}

async function runExplain(opts: ExplainFlags): Promise<void> {
  let args: unknown;
  try {
    args = JSON.parse(opts.args);
  } catch {
    throw new Error('--args must be a JSON object');
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    throw new Error('--args must be a JSON object');
  }
  let facts: CaseFacts | undefined;
  if (opts.facts !== undefined) {
    const { CaseFactsSchema } = await import('../policy/case-facts.js');
    try {
      facts = CaseFactsSchema.parse(JSON.parse(opts.facts));
    } catch {
      throw new Error('--facts must be a JSON object of finding facts (see policy test `facts`)');
    }
  }
  const read = parseReadIds(opts.read);
  const { explainPolicy } = await import('../policy/explain.js');
  const { policyTestToolLister } = await import('../policy-test/tools.js');
  // A file is relative to the working directory (the lister resolves from its second argument's folder).
  const tools =
    opts.tools === 'bundled' || opts.tools === 'bundled-pro'
      ? opts.tools
      : path.resolve(opts.tools);
  const listed = await policyTestToolLister(tools, path.join(process.cwd(), 'explain'))();
  const annotations = new Map<string, Record<string, unknown>>();
  for (const t of listed as { name?: unknown; annotations?: unknown }[]) {
    if (typeof t?.name !== 'string') continue;
    const a = t.annotations;
    annotations.set(t.name, a && typeof a === 'object' ? (a as Record<string, unknown>) : {});
  }
  let source;
  try {
    ({ source } = await readPolicySource(opts.policy, process.env, {
      envPlaceholder: 'https://env-placeholder.invalid',
    }));
  } catch (err) {
    if (!(err instanceof PolicyLoadError)) throw err;
    for (const i of err.issues) process.stderr.write(`error: ${i}\n`);
    process.exitCode = 1;
    return;
  }
  const e = explainPolicy(
    source,
    {
      role: opts.role,
      tool: opts.tool,
      args: args as Record<string, unknown>,
      principal: opts.principal,
      read,
      facts,
    },
    { annotationsOf: (name) => annotations.get(name) },
  );
  if (opts.json) process.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
  else {
    const { renderExplanation } = await import('../policy/explain-render.js');
    process.stdout.write(`${renderExplanation(e)}\n`);
  }
}

async function validateFull(files: string[], offline: boolean): Promise<string[]> {
  const recorder = new MemoryRecorder();
  const store = new MemoryStore();
  try {
    const { warnings } = await loadPolicy(files, {
      deps: { store, recorder, now: Date.now },
      envPlaceholder: offline ? ENV_PLACEHOLDER : undefined,
    });
    return warnings;
  } finally {
    await store.close();
  }
}

async function validateSchemaOnly(files: string[]): Promise<string[]> {
  const { source } = await readPolicySource(files, process.env, {
    envPlaceholder: 'https://env-placeholder.invalid',
  });
  if (!source.rbac) return ['rbac: section absent'];
  try {
    return rbacWarnings(compileRbac(source.rbac));
  } catch (err) {
    throw new PolicyLoadError([`${files.join(', ')}: ${(err as Error).message}`]);
  }
}

/**
 * `dojo-guard scan-text [--policy FILE] [--tools a,b]`: reads JSONL on stdin (`{"text": …}`, or
 * any object of string fields such as `title`/`description`) and writes one JSON line per input:
 * `{"verdict":"block"|"allow","rule":<id>|null,"field":<name>|null}` (plus `shadow` ids when a
 * shadow rule matched). Lets security teams tune rules on their own data; a labelled set's fields
 * about a row (METADATA) are not its text. The verdict is the proxy's for the same text in a tool
 * argument (one `detectInjection`, the policy's rules, learned scorer and the tool names it names);
 * the rest of the policy need not be loadable here.
 */
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { compileInjection } from '../guards/injection/injection-filter.js';
import { InjectionPolicySchema } from '../guards/injection/schema.js';
import { detectInjection } from '../guards/injection/detect.js';
import { compilePolicyFileInjection } from '../policy/injection-file.js';
import type { CompiledInjection } from '../guards/injection/compile.js';

interface ScanTextOptions {
  policy?: string;
  tools?: string;
}

function loadSection(file: string | undefined): CompiledInjection {
  return file
    ? compilePolicyFileInjection(file)
    : compileInjection(InjectionPolicySchema.parse({}));
}

/**
 * Fields a labelled set keeps about a row, not text a record would hold: its id, label, source,
 * technique or category and language. Judged as text, a technique such as
 * `"probe-BN:own-automation-ai-triage"` is a run of request words to the learned scorer: over the
 * repository's probe sets (test/fixtures/injection/check/) these fields alone flagged 146 benign
 * rows whose text passes.
 */
const METADATA = new Set(['id', 'label', 'source', 'technique', 'category', 'lang', 'language']);

/** Judges one input object; returns the output line. */
function judge(
  input: Record<string, unknown>,
  c: CompiledInjection,
  tools: readonly string[],
): Record<string, unknown> {
  const fields = Object.entries(input).filter(
    (e): e is [string, string] => typeof e[1] === 'string' && !METADATA.has(e[0]),
  );
  const shadow = new Set<string>();
  for (const [field, value] of fields) {
    if (value.length > c.maxFieldLength)
      return { verdict: 'block', rule: 'limit.max_field_length', field };
    const r = detectInjection(c, value, tools);
    for (const h of r.shadowHits) shadow.add(h.ruleId);
    if (r.verdict === 'block') return { verdict: 'block', rule: r.ruleId, field };
  }
  const out: Record<string, unknown> = { verdict: 'allow', rule: null, field: null };
  if (shadow.size > 0) out.shadow = [...shadow];
  return out;
}

/** Registers `dojo-guard scan-text`. */
export function registerScanTextCommand(program: Command): void {
  program
    .command('scan-text')
    .description('Scan JSONL texts on stdin with the injection filter; one JSON verdict per line')
    .option('--policy <file>', 'policy YAML (only its injection section is used)')
    .option('--tools <names>', 'comma-separated upstream tool names for the tool-call rules')
    .action(async (opts: ScanTextOptions) => {
      const c = loadSection(opts.policy);
      const names = (opts.tools ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
      const tools = names;
      const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
      let bad = 0;
      for await (const line of rl) {
        if (line.trim() === '') continue;
        let input: unknown;
        try {
          input = JSON.parse(line);
        } catch {
          input = undefined;
        }
        if (typeof input !== 'object' || input === null || Array.isArray(input)) {
          bad++;
          process.stdout.write(
            `${JSON.stringify({ verdict: 'error', rule: null, field: null, error: 'expected a JSON object' })}\n`,
          );
          continue;
        }
        process.stdout.write(
          `${JSON.stringify(judge(input as Record<string, unknown>, c, tools))}\n`,
        );
      }
      if (bad > 0) process.exitCode = 2;
    });
}

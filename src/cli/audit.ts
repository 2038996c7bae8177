import type { Command } from 'commander';
import { keyFromText } from '../audit/chain.js';
import { verifyAuditFiles } from '../audit/verify.js';
import { addEnvAndExamples } from './help-text.js';

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `dojo-guard audit verify FILE… [--key-env VAR]…`: exit 0 and `OK …` when the chain verifies,
 * exit 1 and `FAIL seq N: <problem> …` at the first bad record.
 */
export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('Audit trail tools');
  const verify = audit
    .command('verify')
    .description('Verify the HMAC chain of audit files (rotated files oldest first)')
    .argument('<files...>', 'audit JSON-lines files (or a collector output with syslog prefixes)')
    .option(
      '--key-env <VAR>',
      'environment variable holding an HMAC key (repeat for rotated keys)',
      collect,
      [],
    )
    .option('--checkpoints <file>', 'extra file with signed checkpoints (repeatable)', collect, [])
    .option('--json', 'print the result as JSON')
    .action(
      (files: string[], opts: { keyEnv: string[]; checkpoints: string[]; json?: boolean }) => {
        const vars = opts.keyEnv.length > 0 ? opts.keyEnv : ['AUDIT_HMAC_KEY'];
        const keys = vars.map((v) => {
          const text = process.env[v];
          if (!text) throw new Error(`environment variable ${v} is not set`);
          return keyFromText(text);
        });
        const r = verifyAuditFiles(files, keys, opts.checkpoints);
        if (opts.json) {
          process.stdout.write(JSON.stringify(r) + '\n');
        } else if (r.ok) {
          process.stdout.write(
            `OK ${r.count} records (seq ${r.firstSeq}..${r.lastSeq}), ${r.gaps} gap(s), ` +
              `${r.replaysSkipped} replay(s) skipped, ${r.checkpointsChecked} external checkpoint(s), ` +
              `${r.intents} mutation intent(s), ${r.openIntents.length} without outcome, ` +
              `versions ${versionList(r.versions)}\n`,
          );
        } else {
          const e = r.error!;
          process.stdout.write(`FAIL seq ${e.seq}: ${e.problem}: ${e.reason} (${e.where})\n`);
        }
        process.exitCode = r.ok ? 0 : 1;
      },
    );
  addEnvAndExamples(
    verify,
    [['AUDIT_HMAC_KEY', 'the HMAC key, when no --key-env is given']],
    [
      'AUDIT_HMAC_KEY=… dojo-guard audit verify /var/lib/dojo-guard/audit.jsonl',
      'dojo-guard audit verify --key-env OLD_KEY --key-env NEW_KEY audit.jsonl.1 audit.jsonl',
    ],
  );
}

/** `v1: 10, v2: 90` from verify's per-version counts. */
function versionList(versions: Record<string, number>): string {
  return Object.entries(versions)
    .map(([v, n]) => `v${v}: ${n}`)
    .join(', ');
}

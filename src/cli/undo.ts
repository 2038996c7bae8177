/**
 * `dojo-guard undo`: reverses journaled finding mutations (src/guards/finding-facts/journal.ts)
 * read from the audit trail. It computes the inverse calls (undo-plan.ts), shows them, and with
 * `--yes` applies them through the guard as the principal of `--token-env` (a privileged role):
 * every undo call is itself decided, journaled and audited by the proxy. A finding changed since
 * the mutation is refused unless `--force`. Exit 1 when anything was refused or failed.
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { JournalEntry } from '../guards/finding-facts/journal.js';
import { planUndo, type UndoCall } from '../guards/finding-facts/undo-plan.js';
import { resultPayload } from '../guards/finding-facts/facts.js';
import { packageVersion } from '../shared/version.js';
import { addEnvAndExamples, UNDO_ENV, UNDO_EXAMPLES } from './help-text.js';

interface JournaledDecision {
  seq: number;
  time: string;
  decisionId: string;
  sessionId?: string;
  principal?: { id: string };
  tool?: string;
  journal: JournalEntry[];
}

interface Options {
  audit: string[];
  url: string;
  tokenEnv: string;
  session?: string;
  principal?: string;
  since?: string;
  yes?: boolean;
  force?: boolean;
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Allowed decisions with a journal, from audit JSON lines (syslog prefixes tolerated). */
export function journaledDecisions(files: readonly string[]): JournaledDecision[] {
  const out: JournaledDecision[] = [];
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const at = line.indexOf('{');
      if (at < 0) continue;
      let r: Record<string, unknown>;
      try {
        r = JSON.parse(line.slice(at)) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (r.kind !== 'decision' || r.outcome !== 'allowed' || !Array.isArray(r.journal)) continue;
      if (r.replay === true && out.some((d) => d.seq === r.seq)) continue;
      out.push(r as unknown as JournaledDecision);
    }
  }
  return out.sort((a, b) => b.seq - a.seq); // newest first: undo in reverse order
}

function select(all: JournaledDecision[], ids: string[], o: Options): JournaledDecision[] {
  const since = o.since === undefined ? undefined : Date.parse(o.since);
  if (o.since !== undefined && Number.isNaN(since)) throw new Error('--since: not a date');
  if (o.principal !== undefined && since === undefined)
    throw new Error('--principal needs --since (a whole history is never undone by accident)');
  if (!ids.length && o.session === undefined && o.principal === undefined)
    throw new Error('name decision ids, --session ID or --principal ID --since T');
  return all.filter(
    (d) =>
      ids.includes(d.decisionId) ||
      (o.session !== undefined && d.sessionId === o.session) ||
      (o.principal !== undefined &&
        d.principal?.id === o.principal &&
        Date.parse(d.time) >= since!),
  );
}

async function call(client: Client, c: UndoCall): Promise<Record<string, unknown>> {
  const r = await client.callTool({ name: c.tool, arguments: c.arguments });
  const p = resultPayload(r as Record<string, unknown>) as Record<string, unknown> | undefined;
  if (r.isError) throw new Error(`${c.tool}: ${JSON.stringify(p?.error ?? p).slice(0, 200)}`);
  return p ?? {};
}

async function current(client: Client, id: number): Promise<Record<string, unknown>> {
  const p = await call(client, { tool: 'get_finding_by_id', arguments: { finding_id: id } });
  return (p.result as Record<string, unknown> | undefined) ?? p;
}

export function registerUndoCommand(program: Command): void {
  const cmd = program
    .command('undo')
    .description('Undo journaled finding mutations through the guard (dry run unless --yes)')
    .argument('[decisions...]', 'decision ids (audit `decisionId`) to undo')
    .requiredOption(
      '--audit <file>',
      'audit JSON-lines file (repeat for rotated files)',
      collect,
      [],
    )
    .requiredOption('--url <url>', "the guard's MCP endpoint, e.g. http://127.0.0.1:8080/mcp")
    .option(
      '--token-env <VAR>',
      'environment variable with the undo principal token',
      'DOJO_GUARD_UNDO_TOKEN',
    )
    .option('--session <id>', 'every journaled mutation of this MCP session')
    .option('--principal <id>', 'every journaled mutation of this principal (with --since)')
    .option('--since <time>', 'ISO time: only mutations at or after it')
    .option('--yes', 'apply the inverse changes (default: show them only)')
    .option('--force', 'undo even where the finding changed since the mutation')
    .action(async (ids: string[], o: Options) => {
      const token = process.env[o.tokenEnv];
      if (!token) throw new Error(`environment variable ${o.tokenEnv} is not set`);
      const chosen = select(journaledDecisions(o.audit), ids, o);
      const client = new Client({ name: 'dojo-guard-undo', version: packageVersion() });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(o.url), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      let problems = 0;
      let applied = 0;
      try {
        for (const d of chosen) {
          for (const e of d.journal) {
            const head = `${d.decisionId} ${e.tool} finding ${e.finding}:`;
            let step;
            try {
              step = planUndo(e, await current(client, e.finding), o.force === true);
            } catch (err) {
              problems++;
              process.stdout.write(`${head} FAILED reading it: ${(err as Error).message}\n`);
              continue;
            }
            if (step.kind === 'changed') {
              problems++;
              process.stdout.write(
                `${head} REFUSED, changed since (${step.reason}); --force undoes anyway\n`,
              );
              continue;
            }
            if (step.kind === 'none') {
              process.stdout.write(`${head} nothing to undo (${step.reason})\n`);
              continue;
            }
            const calls = step.calls
              .map((c) => `${c.tool} ${JSON.stringify(c.arguments)}`)
              .join('; ');
            if (!o.yes) {
              process.stdout.write(`${head} would ${step.summary}: ${calls}\n`);
              continue;
            }
            try {
              for (const c of step.calls) await call(client, c);
              applied++;
              process.stdout.write(`${head} undone: ${step.summary}\n`);
            } catch (err) {
              problems++;
              process.stdout.write(`${head} FAILED: ${(err as Error).message}\n`);
            }
          }
        }
      } finally {
        await client.close().catch(() => undefined);
      }
      process.stdout.write(
        `${chosen.length} decision(s), ${o.yes ? `${applied} undone` : 'dry run (--yes applies)'}, ${problems} refused or failed\n`,
      );
      process.exitCode = problems ? 1 : 0;
    });
  addEnvAndExamples(cmd, UNDO_ENV, UNDO_EXAMPLES);
}

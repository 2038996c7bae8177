/**
 * `dojo-guard approvals list|approve <id>|reject <id>`: an approver's side of human approval,
 * talking to a running guard's admin endpoint (src/proxy/approvals-admin.ts). The token comes
 * from DOJO_GUARD_TOKEN or --token-file, never from a flag (flags show in `ps`).
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { APPROVALS_PATH } from '../guards/approval/schema.js';
import { addEnvAndExamples, APPROVALS_ENV, APPROVALS_EXAMPLES } from './help-text.js';

interface Common {
  url: string;
  tokenFile?: string;
  json?: boolean;
}

function token(opts: Common): string {
  const t = opts.tokenFile
    ? readFileSync(opts.tokenFile, 'utf8').trim()
    : (process.env.DOJO_GUARD_TOKEN ?? '').trim();
  if (!t) throw new Error('no token: set DOJO_GUARD_TOKEN or pass --token-file');
  return t;
}

async function call(
  opts: Common,
  method: 'GET' | 'POST',
  suffix: string,
  body?: unknown,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const url = new URL(APPROVALS_PATH + suffix, opts.url);
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token(opts)}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    json = { error: `http_${res.status}`, message: text.slice(0, 200) };
  }
  return { status: res.status, json };
}

interface View {
  id: string;
  status: string;
  ruleId: string;
  description?: string;
  tool: string;
  requester: { id: string; role: string };
  arguments: Record<string, unknown>;
  approvedBy: { id: string }[];
  approvers: { permission: string; count: number };
  createdAt: number;
  expiresAt: number;
}

/** One request in plain words: what runs, for whom, with which arguments, and its state. */
function describe(v: View): string {
  const args = Object.entries(v.arguments)
    .map(([k, val]) => `    ${k} = ${JSON.stringify(val)}`)
    .join('\n');
  return (
    `${v.id}  ${v.status.toUpperCase()}  ${v.tool} requested by ${v.requester.id} ` +
    `(role ${v.requester.role})\n` +
    `  rule ${v.ruleId}${v.description ? `: ${v.description}` : ''}\n` +
    `  approvals ${v.approvedBy.length}/${v.approvers.count} ` +
    `(permission ${v.approvers.permission}), expires ${new Date(v.expiresAt).toISOString()}\n` +
    (args ? `  arguments:\n${args}\n` : '  arguments: none\n')
  );
}

function report(opts: Common, r: { status: number; json: Record<string, unknown> }): void {
  if (opts.json) process.stdout.write(JSON.stringify(r.json) + '\n');
  if (r.status >= 300) {
    if (!opts.json) process.stderr.write(`refused: ${r.json.error}: ${r.json.message}\n`);
    process.exitCode = 1;
    return;
  }
  if (!opts.json && r.json.approval) process.stdout.write(describe(r.json.approval as View));
}

function common(cmd: Command): Command {
  addEnvAndExamples(cmd, APPROVALS_ENV, APPROVALS_EXAMPLES);
  return cmd
    .addOption(
      new Option('--url <url>', "the guard's URL (scheme, host and port; the path is ignored)")
        .env('DOJO_GUARD_URL')
        .makeOptionMandatory(),
    )
    .option('--token-file <file>', 'file holding the bearer token (else DOJO_GUARD_TOKEN)')
    .option('--json', 'print the answer as JSON');
}

/** Registers `dojo-guard approvals`. */
export function registerApprovalsCommand(program: Command): void {
  const approvals = program
    .command('approvals')
    .description('List, approve or reject calls waiting for human approval on a running guard');
  addEnvAndExamples(approvals, APPROVALS_ENV, APPROVALS_EXAMPLES);
  common(approvals.command('list').description('Requests you may decide'))
    .option('--all', 'also show decided, used and expired requests')
    .action(async (opts: Common & { all?: boolean }) => {
      const r = await call(opts, 'GET', '');
      if (r.status >= 300 || opts.json) return report(opts, r);
      const list = (r.json.approvals as View[]).filter((v) => opts.all || v.status === 'pending');
      if (list.length === 0) process.stdout.write('no pending approvals\n');
      for (const v of list) process.stdout.write(describe(v));
    });
  for (const action of ['approve', 'reject'] as const) {
    common(
      approvals
        .command(action)
        .description(`${action[0]!.toUpperCase()}${action.slice(1)} a request`),
    )
      .argument('<id>', 'approval id (from `approvals list` or the error.data.approvalId)')
      .option('--reason <text>', 'why (recorded in the audit trail, at most 200 characters)')
      .action(async (id: string, opts: Common & { reason?: string }) => {
        const body = opts.reason ? { reason: opts.reason } : {};
        report(opts, await call(opts, 'POST', `/${encodeURIComponent(id)}/${action}`, body));
      });
  }
}

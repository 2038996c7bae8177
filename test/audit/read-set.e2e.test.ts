/**
 * The read set holds what came back, not what was asked for: real SDK client (a writer) →
 * `dojo-guard proxy` (the shipped policies/dojo-server.yaml with `require_read_for`) →
 * `dojo-guard server` → `dojo-guard sandbox`. Arguments that name findings the upstream does not
 * return (`ids`, `finding_id: [N]` on a list, `ids: [N]` on a get-by-id, 900 ids in one call)
 * never make those findings readable: close_finding stays denied, the sandbox finding stays
 * open, and the audit records list only the ids that were returned.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { REPO_ROOT, startCli, type Running } from '../helpers/process.js';
import { KEY, records, tmpDir, waitFor } from './helpers.js';

const ADMIN = 'readset0e2e0admin0token000000000000000a0d1';
const WRITER = 'readset-e2e-writer-token-0123456789abcdef';
const procs: Running[] = [];
let dir: string;
let auditFile: string;
let sandboxUrl: string;
let proxy: Running;
let client: Client;

/** The shipped policy as a user edits it: its `audit.findings` plus `require_read_for`. */
function shippedWithRequireRead(): string {
  const shipped = YAML.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'policies/dojo-server.yaml'), 'utf8'),
  ) as Record<string, any>;
  shipped.server.port = 0;
  shipped.audit.findings = {
    ...shipped.audit.findings,
    require_read_for: ['close_finding', 'update_finding'],
  };
  return YAML.stringify(shipped);
}

async function sandboxFinding(id: number): Promise<Record<string, unknown>> {
  const res = await fetch(`${sandboxUrl}/api/v2/findings/${id}/`, {
    headers: { Authorization: `Token ${ADMIN}` },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

async function rpcError(p: Promise<unknown>): Promise<McpError | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof McpError ? e : undefined),
  );
}

beforeAll(async () => {
  dir = tmpDir('dg-readset-e2e-');
  auditFile = path.join(dir, 'audit.log');
  const policy = path.join(dir, 'policy.yaml');
  fs.writeFileSync(policy, shippedWithRequireRead());
  const sandbox = await startCli(['sandbox', '--port', '0'], {
    env: { SANDBOX_ADMIN_TOKEN: ADMIN },
    timeoutMs: 60_000,
  });
  procs.push(sandbox);
  sandboxUrl = sandbox.url.replace(/\/$/, '');
  const server = await startCli(['server', '--port', '0'], {
    env: { DEFECTDOJO_URL: sandbox.url, DEFECTDOJO_API_KEY: ADMIN },
    timeoutMs: 60_000,
  });
  procs.push(server);
  proxy = await startCli(['proxy', '--policy', policy, '--upstream', server.url, '--port', '0'], {
    env: {
      AUDIT_LOG_FILE: auditFile,
      AUDIT_HMAC_KEY: KEY,
      MCP_ROLE_TRIAGE: `${WRITER}:writer`,
    },
    timeoutMs: 60_000,
  });
  procs.push(proxy);
  client = new Client({ name: 'readset-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(proxy.url), {
      requestInit: { headers: { Authorization: `Bearer ${WRITER}` } },
    }),
  );
}, 200_000);

afterAll(async () => {
  await client?.close().catch(() => undefined);
  for (const p of procs.reverse()) await p.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('read set from returned findings only (real proxy, shipped policy, sandbox)', () => {
  it('arguments naming unreturned findings never satisfy require_read_for', async () => {
    const first = await client.callTool({ name: 'get_findings', arguments: { limit: 1 } });
    const shown = (first.structuredContent as { results: { id: number }[] }).results[0]!.id;
    const target = shown === 261 ? 262 : 261;
    expect((await sandboxFinding(target)).is_mitigated).toBe(false);
    const close = () =>
      rpcError(
        client.callTool({
          name: 'close_finding',
          arguments: { finding_id: target, reason: 'mitigated' },
        }),
      );
    expect((await close())?.code).toBe(-32004);

    const many = Array.from({ length: 900 }, (_, i) => i + 1);
    // Each attack call may be answered (the upstream drops what it does not declare) or refused
    // by argument validation; either way the target must stay unread.
    const attacks: [string, Record<string, unknown>][] = [
      ['get_findings', { limit: 1, ids: `${target},${target + 1}` }],
      ['get_findings', { limit: 1, finding_id: [target] }],
      ['get_finding_by_id', { finding_id: shown, ids: [target] }],
      ['get_findings', { limit: 1, ids: many }],
      ['get_finding_notes', { finding_id: target }],
    ];
    for (const [name, args] of attacks) {
      await client.callTool({ name, arguments: args }).catch(() => undefined);
      expect((await close())?.code, `${name} ${JSON.stringify(args).slice(0, 60)}`).toBe(-32004);
    }
    expect((await sandboxFinding(target)).is_mitigated).toBe(false);

    // The shown finding was read: closing it is allowed (the guard is not simply denying all).
    const ok = await client.callTool({
      name: 'close_finding',
      arguments: { finding_id: shown, reason: 'mitigated' },
    });
    expect(ok.isError).toBeFalsy();
    expect((await sandboxFinding(shown)).is_mitigated).toBe(true);

    await waitFor(
      () =>
        records(auditFile).some(
          (r) => r.tool === 'close_finding' && r.outcome === 'allowed' && r.mutation === true,
        ),
      10_000,
      'allowed close record',
    );
    const closes = records(auditFile).filter((r) => r.tool === 'close_finding');
    expect(closes.filter((r) => r.code === 'not_read_before_mutation')).toHaveLength(
      attacks.length + 1,
    );
    for (const r of closes) {
      expect(r.findings_read_before_mutation).toEqual([shown]);
    }
  });
});

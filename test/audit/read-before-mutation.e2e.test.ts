/**
 * findings_read_before_mutation end to end: real SDK clients → `dojo-guard proxy` (audit section
 * with require_read_for) → `dojo-guard server` → `dojo-guard sandbox`. Reads and writes are
 * separate HTTP requests of one MCP session; a second session's reads must not count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { REPO_ROOT, runCli, startCli, type Running } from '../helpers/process.js';
import { KEY, records, tmpDir, waitFor } from './helpers.js';

const ADMIN = 'audit0e2e0admin0token0000000000000000a0d1';
const procs: Running[] = [];
let dir: string;
let auditFile: string;
let proxy: Running;
let serverUrl: string;
let policyFile: string;
let base: string;
const clients: Client[] = [];

async function connect(): Promise<Client> {
  const c = new Client({ name: 'audit-e2e', version: '1.0.0' });
  await c.connect(new StreamableHTTPClientTransport(new URL(proxy.url)));
  clients.push(c);
  return c;
}

async function rpcError(p: Promise<unknown>): Promise<McpError | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof McpError ? e : undefined),
  );
}

beforeAll(async () => {
  dir = tmpDir('dg-audit-e2e-');
  auditFile = path.join(dir, 'audit.log');
  base = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/policies/allow-all.yaml'), 'utf8');
  const policy = path.join(dir, 'policy.yaml');
  policyFile = policy;
  fs.writeFileSync(
    policy,
    `${base}
tools:
  classes:
    mutating: [close_finding, update_finding, add_finding_note]
audit:
  file:
    path: \${env:AUDIT_LOG_FILE}
  findings:
    require_read_for: [close_finding]
`,
  );
  const sandbox = await startCli(['sandbox', '--port', '0'], {
    env: { SANDBOX_ADMIN_TOKEN: ADMIN },
  });
  procs.push(sandbox);
  const server = await startCli(['server', '--port', '0'], {
    env: { DEFECTDOJO_URL: sandbox.url, DEFECTDOJO_API_KEY: ADMIN },
  });
  procs.push(server);
  serverUrl = server.url;
  proxy = await startCli(['proxy', '--policy', policy, '--upstream', server.url, '--port', '0'], {
    env: { AUDIT_LOG_FILE: auditFile, AUDIT_HMAC_KEY: KEY },
  });
  procs.push(proxy);
});

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  for (const p of procs.reverse()) await p.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('findings_read_before_mutation through the proxy', () => {
  it('links reads and mutations across separate HTTP requests of one session, and enforces require-read', async () => {
    const a = await connect();
    const b = await connect();
    const list = await a.callTool({ name: 'get_findings', arguments: { limit: 3 } });
    const ids = (list.structuredContent as { results: { id: number }[] }).results.map((f) => f.id);
    expect(ids.length).toBe(3);
    const [f1, f2, f3] = ids as [number, number, number];

    // Not read by session a: denied with the stable code.
    const unread = await rpcError(
      a.callTool({
        name: 'close_finding',
        arguments: { finding_id: 999_999, reason: 'mitigated' },
      }),
    );
    expect(unread?.code).toBe(-32004);
    // Read by session a, not by session b: b is denied.
    const other = await rpcError(
      b.callTool({ name: 'close_finding', arguments: { finding_id: f1, reason: 'mitigated' } }),
    );
    expect(other?.code).toBe(-32004);
    // Session a read f1 in an earlier request: allowed, and recorded.
    const ok = await a.callTool({
      name: 'close_finding',
      arguments: { finding_id: f1, reason: 'mitigated' },
    });
    expect(ok.isError).toBeFalsy();
    // Not required for update_finding, but still recorded with what was read.
    await a.callTool({ name: 'update_finding', arguments: { finding_id: f2, severity: 'Low' } });
    // get_finding_by_id in session b makes f3 readable there only.
    await b.callTool({ name: 'get_finding_by_id', arguments: { finding_id: f3 } });
    const okB = await b.callTool({
      name: 'close_finding',
      arguments: { finding_id: f3, reason: 'mitigated' },
    });
    expect(okB.isError).toBeFalsy();

    const find = (pred: (r: Record<string, any>) => boolean) =>
      records(auditFile).find((r) => r.kind === 'decision' && pred(r));
    await waitFor(
      () =>
        !!find(
          (r) =>
            r.tool === 'close_finding' &&
            r.outcome === 'allowed' &&
            r.mutationTargets?.targetIds?.[0] === f3,
        ),
      10_000,
      'records',
    );
    const allowed = find(
      (r) =>
        r.tool === 'close_finding' &&
        r.outcome === 'allowed' &&
        r.mutationTargets.targetIds[0] === f1,
    )!;
    expect(allowed.findings_read_before_mutation).toEqual(expect.arrayContaining(ids));
    expect(allowed.v).toBe(2);
    expect(allowed.mutationTargets.targetsRead).toEqual([f1]);
    expect(allowed.mutation).toBe(true);
    const denied = find(
      (r) =>
        r.tool === 'close_finding' &&
        r.code === 'not_read_before_mutation' &&
        r.sessionId === allowed.sessionId,
    )!;
    expect(denied).toMatchObject({
      outcome: 'denied',
      mutationTargets: { targetIds: [999_999], targetsRead: [] },
    });
    expect(
      denied.verdicts.some(
        (v: any) => v.guard === 'read-tracking' && v.code === 'not_read_before_mutation',
      ),
    ).toBe(true);
    const update = find((r) => r.tool === 'update_finding')!;
    expect(update.mutationTargets).toMatchObject({ targetIds: [f2], targetsRead: [f2] });
    expect(update.findings_read_before_mutation).toEqual(expect.arrayContaining(ids));
    const deniedB = find(
      (r) =>
        r.tool === 'close_finding' && r.outcome === 'denied' && r.sessionId !== allowed.sessionId,
    )!;
    expect(deniedB.mutationTargets.targetsRead).toEqual([]);
    expect(deniedB.findings_read_before_mutation).toEqual([]);
  });

  it('the proxy audit file verifies with the CLI', async () => {
    const r = await runCli(['audit', 'verify', auditFile], { env: { AUDIT_HMAC_KEY: KEY } });
    expect(r.stdout).toMatch(/^OK \d+ records/);
    expect(r.code).toBe(0);
  });

  it('kill -9 of the proxy under load, restart on the same file: the chain verifies with the gap marked', async () => {
    const env = { AUDIT_LOG_FILE: path.join(dir, 'kill.log'), AUDIT_HMAC_KEY: KEY };
    const args = ['proxy', '--policy', policyFile, '--upstream', serverUrl, '--port', '0'];
    const p1 = await startCli(args, { env });
    procs.push(p1);
    const c = new Client({ name: 'audit-kill', version: '1.0.0' });
    await c.connect(new StreamableHTTPClientTransport(new URL(p1.url)));
    // Load: calls in flight while the process is killed.
    const load = Array.from({ length: 30 }, () =>
      c.callTool({ name: 'get_findings', arguments: { limit: 1 } }).catch(() => undefined),
    );
    await waitFor(
      () =>
        fs.existsSync(env.AUDIT_LOG_FILE) &&
        records(env.AUDIT_LOG_FILE).some((r) => r.tool === 'get_findings'),
      10_000,
      'first records',
    );
    await p1.stop('SIGKILL');
    // In-flight calls fail on their own (connection reset); do not wait for them.
    void Promise.all(load);
    void c.close().catch(() => undefined);
    const p2 = await startCli(args, { env });
    procs.push(p2);
    const c2 = await (async () => {
      const x = new Client({ name: 'audit-kill-2', version: '1.0.0' });
      await x.connect(new StreamableHTTPClientTransport(new URL(p2.url)));
      return x;
    })();
    await c2.callTool({ name: 'get_findings', arguments: { limit: 1 } });
    await c2.close();
    await p2.stop();
    const gap = records(env.AUDIT_LOG_FILE).find((r) => r.kind === 'gap');
    expect(gap?.reason).toMatch(/unclean_stop|torn_tail/);
    const r = await runCli(['audit', 'verify', env.AUDIT_LOG_FILE], {
      env: { AUDIT_HMAC_KEY: KEY },
    });
    expect(r.stdout).toMatch(/^OK \d+ records .* 1 gap/);
  });

  it('denies mutations with audit_unavailable while a sink spool is over its cap; reads continue', async () => {
    // Port 1 (tcpmux): privileged, outside the ephemeral range, nothing listens there. A port
    // from freePort() is released before the proxy connects, so a server started meanwhile by a
    // parallel test file could take it, accept the syslog stream and drain the spool.
    const dead = 1;
    const policy = path.join(dir, 'capped.yaml');
    fs.writeFileSync(
      policy,
      `${base}
tools:
  classes:
    mutating: [close_finding, update_finding]
audit:
  file:
    path: ${path.join(dir, 'capped.log')}
  spool_max_bytes: 3000
  syslog:
    - { name: down, transport: tcp, host: 127.0.0.1, port: ${dead}, retry_initial_ms: 50, retry_max_ms: 100 }
`,
    );
    const p = await startCli(
      ['proxy', '--policy', policy, '--upstream', serverUrl, '--port', '0'],
      {
        env: { AUDIT_HMAC_KEY: KEY },
      },
    );
    procs.push(p);
    const c = new Client({ name: 'audit-capped', version: '1.0.0' });
    await c.connect(new StreamableHTTPClientTransport(new URL(p.url)));
    clients.push(c);
    let denied: McpError | undefined;
    for (let i = 0; i < 20 && !denied; i++) {
      await c.callTool({ name: 'get_findings', arguments: { limit: 1 } });
      denied = await rpcError(
        c.callTool({ name: 'update_finding', arguments: { finding_id: 1, severity: 'Low' } }),
      );
    }
    expect(denied?.code).toBe(-32005);
    const read = await c.callTool({ name: 'get_findings', arguments: { limit: 1 } });
    expect(read.isError).toBeFalsy();
    // The sink's failure is reported by its delivery loop, asynchronously to the calls above (the
    // spool can hit its cap before the first connect attempt fails): wait for it to be audited.
    const capped = path.join(dir, 'capped.log');
    const deadline = Date.now() + 15_000;
    while (!records(capped).some((r) => r.type === 'sink_failure') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await p.stop();
    const recs = records(capped);
    expect(recs.some((r) => r.code === 'audit_unavailable' && r.tool === 'update_finding')).toBe(
      true,
    );
    expect(recs.some((r) => r.type === 'sink_failure')).toBe(true);
  });
});

/**
 * Argument validation in front of the bundled server and the sandbox, under the shipped
 * policies/dojo-server.yaml: SDK Client (never listing tools) → `dojo-guard proxy` →
 * `dojo-guard server` → `dojo-guard sandbox`. Undeclared or mistyped arguments are refused with
 * the argument path named, and the sandbox state proves that nothing of a refused call ran.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startCli, type Running } from '../helpers/process.js';
import { api, TOKENS } from '../sandbox/sandbox-client.js';
import { roleEnv, roleToken } from '../rbac/roles.js';

const procs: Running[] = [];
let origin: string;
let reader: Client;
let writer: Client;

async function connect(url: string, role: string): Promise<Client> {
  const c = new Client({ name: `arguments-stack-${role}`, version: '1.0.0' });
  await c.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${roleToken(role)}` } },
    }),
  );
  return c;
}

async function refused(c: Client, name: string, args: Record<string, unknown>): Promise<McpError> {
  const err = await c.callTool({ name, arguments: args }).then(
    (r) => new Error(`allowed: ${JSON.stringify(r).slice(0, 300)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(McpError);
  return err as McpError;
}

/** An active finding of the sandbox (read directly, not through the proxy). */
async function activeFinding(skip: number): Promise<number> {
  const r = await api(origin, `/api/v2/findings/?active=true&limit=1&offset=${skip}`, {
    token: TOKENS.admin,
  });
  return (r.body as { results: { id: number }[] }).results[0]!.id;
}
const isActive = async (id: number): Promise<boolean> =>
  (
    (await api(origin, `/api/v2/findings/${id}/`, { token: TOKENS.admin })).body as {
      active: boolean;
    }
  ).active;

beforeAll(async () => {
  const sandbox = await startCli(['sandbox', '--port', '0']);
  procs.push(sandbox);
  origin = new URL(sandbox.url).origin;
  const server = await startCli(['server', '--port', '0'], {
    env: { DEFECTDOJO_URL: origin, DEFECTDOJO_API_KEY: TOKENS.admin },
  });
  procs.push(server);
  const proxy = await startCli(
    ['proxy', '--policy', 'policies/dojo-server.yaml', '--upstream', server.url, '--port', '0'],
    { env: roleEnv() },
  );
  procs.push(proxy);
  reader = await connect(proxy.url, 'reader');
  writer = await connect(proxy.url, 'writer');
});
afterAll(async () => {
  await reader?.close().catch(() => undefined);
  await writer?.close().catch(() => undefined);
  for (const p of procs.reverse()) await p.stop();
});

describe('shipped dojo-server policy, bundled server, sandbox', () => {
  it('refuses ids on get_findings (an argument the tool does not declare)', async () => {
    const e = await refused(reader, 'get_findings', { limit: 1, ids: '261,262' });
    expect(e.code).toBe(-32602);
    expect(e.message).toContain('/ids');
    expect(e.message).not.toContain('261');
    const ok = await reader.callTool({ name: 'get_findings', arguments: { limit: 1 } });
    expect(ok.isError).toBeFalsy();
  });

  it('refuses a close with an undeclared, case-variant or mistyped argument; the finding stays active', async () => {
    const id = await activeFinding(3);
    for (const args of [
      { finding_id: id, reason: 'mitigated', finding_ids: [id + 1, id + 2] },
      { finding_id: id, reason: 'mitigated', Reason: 'false_positive' },
      { finding_id: String(id), reason: 'mitigated' },
      { finding_id: id, reason: 'mitigated', note: { text: 'x', extra: 1 } },
    ]) {
      const e = await refused(writer, 'close_finding', args);
      expect(e.code, JSON.stringify(args)).toBe(-32602);
    }
    expect(await isActive(id)).toBe(true);
    // The legitimate call still goes through (the test can tell allow from deny).
    const ok = await writer.callTool({
      name: 'close_finding',
      arguments: { finding_id: id, reason: 'mitigated' },
    });
    expect(ok.isError, JSON.stringify(ok.content)).toBeFalsy();
    expect(await isActive(id)).toBe(false);
  });
});

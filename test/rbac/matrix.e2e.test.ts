/**
 * Every shipped role × every tool, end to end with real processes: SDK Client → `dojo-guard proxy`
 * (policies/dojo-server.yaml) → `dojo-guard server` → `dojo-guard sandbox`. Checks tools/list
 * visibility and the call outcome (hidden tools answer exactly like missing ones).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startCli, type Running } from '../helpers/process.js';
import { ROLE_TOOLS, ROLES, TOOL_ARGS, roleEnv, roleToken } from './roles.js';

const ADMIN = 'e2e0admin0token0000000000000000000000c0de';
let sandbox: Running;
let server: Running;
let proxy: Running;

beforeAll(async () => {
  sandbox = await startCli(['sandbox', '--port', '0'], { env: { SANDBOX_ADMIN_TOKEN: ADMIN } });
  server = await startCli(['server', '--port', '0'], {
    env: { DEFECTDOJO_URL: sandbox.url.replace(/\/api\/v2\/?$/, ''), DEFECTDOJO_API_KEY: ADMIN },
  });
  proxy = await startCli(
    ['proxy', '--policy', 'policies/dojo-server.yaml', '--upstream', server.url, '--port', '0'],
    { env: roleEnv() },
  );
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  await sandbox?.stop();
});

async function connect(role: string): Promise<Client> {
  const client = new Client({ name: `matrix-${role}`, version: '1.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(proxy.url), {
    requestInit: { headers: { authorization: `Bearer ${roleToken(role)}` } },
  });
  await client.connect(transport);
  return client;
}

describe('role × tool matrix through proxy → dojo-guard server → sandbox', () => {
  for (const role of ROLES) {
    it(`${role}: sees exactly its tools and may call exactly those`, async () => {
      const client = await connect(role);
      try {
        const listed = (await client.listTools()).tools.map((t) => t.name).sort();
        expect(listed).toEqual([...ROLE_TOOLS[role]!].sort());
        for (const [tool, args] of Object.entries(TOOL_ARGS)) {
          const allowed = ROLE_TOOLS[role]!.has(tool);
          let outcome: 'reached' | 'unknown_tool' | string;
          try {
            const r = await client.callTool({ name: tool, arguments: args });
            // Reads must fully succeed (proves the whole chain, not just the proxy hop).
            const isRead = tool === 'health_check' || tool.startsWith('get_');
            outcome = isRead && r.isError ? `read failed: ${JSON.stringify(r.content)}` : 'reached';
          } catch (err) {
            if (
              err instanceof McpError &&
              err.code === -32602 &&
              err.message.includes(`Unknown tool: ${tool}`)
            ) {
              outcome = 'unknown_tool';
            } else outcome = `other: ${(err as Error).message}`;
          }
          // A rejected tool must look like a missing one; an allowed one must reach the server
          // (its own validation or DefectDojo errors come back as results, not as our denial).
          expect(`${tool}: ${outcome}`).toBe(`${tool}: ${allowed ? 'reached' : 'unknown_tool'}`);
        }
      } finally {
        await client.close();
      }
    });
  }

  it('answers a missing tool exactly like a hidden one', async () => {
    const client = await connect('reader');
    try {
      const msg = async (name: string) =>
        client.callTool({ name, arguments: {} }).then(
          () => 'reached',
          (e: McpError) => `${e.code} ${e.message.replace(name, 'NAME')}`,
        );
      expect(await msg('close_finding')).toBe(await msg('does_not_exist'));
    } finally {
      await client.close();
    }
  });

  it('denies an argument rule with rbac_denied and lets the permitted variant through', async () => {
    const client = await connect('writer');
    try {
      const denied = await client
        .callTool({
          name: 'close_finding',
          arguments: { finding_id: 17, reason: 'false_positive' },
        })
        .then(
          () => undefined,
          (e: McpError) => e,
        );
      expect(denied?.code).toBe(-32001);
      expect((denied?.data as { code?: string })?.code).toBe('rbac_denied');
      const ok = await client.callTool({
        name: 'close_finding',
        arguments: { finding_id: 17, reason: 'mitigated' },
      });
      expect(ok.isError).not.toBe(true);
    } finally {
      await client.close();
    }
  });

  it('refuses clients without a valid token with 401 and a resource_metadata challenge', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
    };
    const none = await fetch(proxy.url, { method: 'POST', headers, body });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(
      /^Bearer resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/,
    );
    const bad = await fetch(proxy.url, {
      method: 'POST',
      headers: { ...headers, authorization: 'Bearer wrong' },
      body,
    });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

/**
 * The Pro drop-in, proven with real processes: SDK Client (holding only its guard token) →
 * `dojo-guard proxy --policy policies/defectdojo-pro.yaml` → `dojo-guard server --pro-compat`
 * (behaves like Pro's /mcp) → sandbox. The proxy adds `Authorization: Token …` and the `token` /
 * `url` arguments from its own environment; nothing the client sees carries the DefectDojo key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startCli, type Running } from '../helpers/process.js';

const DOJO_KEY = 'e2e0admin0token0000000000000000000000c0de';
const READER = 'pro-reader-token-0123456789abcdef';
const ADMIN = 'pro-admin-token-0123456789abcdef';
let sandbox: Running;
let server: Running;
let proxy: Running;

beforeAll(async () => {
  sandbox = await startCli(['sandbox', '--port', '0'], { env: { SANDBOX_ADMIN_TOKEN: DOJO_KEY } });
  const dojoUrl = sandbox.url.replace(/\/api\/v2\/?$/, '');
  server = await startCli(['server', '--port', '0', '--pro-compat'], {
    env: { DEFECTDOJO_URL: dojoUrl, DEFECTDOJO_API_KEY: undefined },
  });
  proxy = await startCli(
    ['proxy', '--policy', 'policies/defectdojo-pro.yaml', '--upstream', server.url, '--port', '0'],
    {
      env: {
        DEFECTDOJO_URL: dojoUrl,
        DEFECTDOJO_API_KEY: DOJO_KEY,
        MCP_ROLE_ANALYST: `${READER}:reader`,
        MCP_ROLE_BOSS: `${ADMIN}:admin`,
      },
    },
  );
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  await sandbox?.stop();
});

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: 'pro-dropin', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(proxy.url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

describe('policies/defectdojo-pro.yaml in front of a Pro-compatible /mcp', () => {
  it('serves reader tools with injected token and url; the key never comes back', async () => {
    const client = await connect(READER);
    try {
      const listed = (await client.listTools()).tools;
      // The proxy supplies token/url, so the model is never asked for them.
      for (const t of listed) {
        expect(Object.keys(t.inputSchema.properties ?? {}), t.name).not.toContain('token');
        expect(t.inputSchema.required ?? [], t.name).not.toContain('token');
        expect(t.inputSchema.required ?? [], t.name).not.toContain('url');
      }
      const tools = listed.map((t) => t.name).sort();
      expect(tools).toEqual(
        [
          'get_engagements',
          'get_finding_by_id',
          'get_findings',
          'get_product_types',
          'get_products',
          'get_tests',
        ].sort(),
      );
      const r = await client.callTool({ name: 'get_products', arguments: { limit: 1 } });
      expect(r.isError).not.toBe(true);
      expect(JSON.stringify(r)).not.toContain(DOJO_KEY);
      // A client-chosen url is replaced by the policy's (the model cannot redirect the key).
      const spoof = await client.callTool({
        name: 'get_findings',
        arguments: { limit: 1, url: 'http://169.254.169.254' },
      });
      expect(spoof.isError).not.toBe(true);
      expect(JSON.stringify(spoof)).not.toContain(DOJO_KEY);
      // A real client of Pro through the guard never sends `token`: the shipped policy refuses a
      // credential the client puts in arguments (secret_in_arguments), naming only the argument.
      const sent = await client
        .callTool({ name: 'get_findings', arguments: { limit: 1, token: 'attacker-token' } })
        .then(
          () => undefined,
          (e: McpError) => e,
        );
      expect(sent?.code).toBe(-32002);
      expect(sent?.message).toContain('argument "token"');
      expect(sent?.message).not.toContain('attacker-token');
      const hidden = await client.callTool({ name: 'get_users', arguments: {} }).then(
        () => 'reached',
        (e: McpError) => e.code,
      );
      expect(hidden).toBe(-32602);
    } finally {
      await client.close();
    }
  });

  it('gives admin the identity directory', async () => {
    const client = await connect(ADMIN);
    try {
      const r = await client.callTool({ name: 'get_users', arguments: { limit: 1 } });
      expect(r.isError).not.toBe(true);
      expect(JSON.stringify(r)).not.toContain(DOJO_KEY);
    } finally {
      await client.close();
    }
  });

  it('does not accept the DefectDojo key itself as a client credential', async () => {
    const res = await fetch(proxy.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Token ${DOJO_KEY}`,
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
    expect(await res.text()).not.toContain(DOJO_KEY);
  });
});

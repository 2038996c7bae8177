/**
 * `dojo-guard server --pro-compat`: Pro's /mcp surface (12 tools with token/url arguments,
 * Authorization: Token required), as the proxy's Pro drop-in test expects it.
 */
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../helpers/process.js';
import { startFakeDojo, type FakeDojo } from './fake-dojo.js';
import {
  ADMIN_TOKEN,
  START_TIMEOUT_MS,
  connectHttp,
  data,
  failure,
  startSandbox,
} from './harness.js';

let sandbox: Running;
let server: Running;
let client: Client;
let elsewhere: FakeDojo;
const HEADER_TOKEN = 'client0header0token00000000000000000000aa';

beforeAll(async () => {
  sandbox = await startSandbox();
  elsewhere = await startFakeDojo();
  server = await startCli(['server', '--port', '0', '--pro-compat'], {
    env: { DEFECTDOJO_URL: sandbox.url, DEFECTDOJO_API_KEY: undefined, LOG_LEVEL: 'debug' },
    timeoutMs: START_TIMEOUT_MS,
  });
  client = await connectHttp(server.url, { Authorization: `Token ${HEADER_TOKEN}` });
});

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await server?.stop();
  await sandbox?.stop();
  await elsewhere?.close();
});

const init = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw', version: '1' },
  },
};

async function post(headers: Record<string, string>): Promise<Response> {
  return fetch(server.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify(init),
  });
}

describe('--pro-compat', () => {
  it('answers 401 without an Authorization: Token header (Bearer does not count)', async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${HEADER_TOKEN}` },
      { authorization: 'Token' },
      { authorization: 'Token a b' },
    ];
    for (const h of cases) {
      const r = await post(h);
      expect(r.status).toBe(401);
      expect(r.headers.get('www-authenticate')).toBe('Token');
      expect(JSON.stringify(await r.json())).not.toContain(HEADER_TOKEN);
    }
    expect((await post({ authorization: `token ${HEADER_TOKEN}` })).status).toBe(200);
  });

  it('lists exactly the 12 Pro tools, each requiring token and url', async () => {
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(12);
    for (const t of tools) {
      expect(t.inputSchema.required, t.name).toEqual(expect.arrayContaining(['token', 'url']));
    }
    // Pro's own parameters only: no dojo-guard product_id (src/dojo/tools/pro-read.ts).
    const findings = tools.find((t) => t.name === 'get_findings')!;
    expect(Object.keys(findings.inputSchema.properties!)).not.toContain('product_id');
  });

  it('uses the per-call token and url against DefectDojo', async () => {
    const r = await data(client, 'get_findings', {
      token: ADMIN_TOKEN,
      url: `${sandbox.url}/`,
      severity: ['Critical'],
      limit: 3,
    });
    expect(r.count).toBeGreaterThan(0);
    expect(r.results.every((f: any) => f.severity === 'Critical')).toBe(true);
    const bad = await failure(client, 'get_products', {
      token: 'not0the0right0token',
      url: sandbox.url,
    });
    expect(bad.code).toBe('dojo_auth_failed');
  });

  it('rejects calls without token or url', async () => {
    expect((await failure(client, 'get_products', { url: sandbox.url })).raw).toMatch(/token/);
    expect((await failure(client, 'get_products', { token: ADMIN_TOKEN })).raw).toMatch(/url/);
  });

  it('never forwards the token to a url other than the configured DefectDojo', async () => {
    const port = new URL(sandbox.url).port;
    for (const url of [
      elsewhere.url,
      `http://admin:pw@127.0.0.1:${port}/`,
      `http://127.0.0.1:${Number(port) + 1}/`,
      `${sandbox.url}/?next=http://evil.example`,
      `${sandbox.url}/other-dojo/`,
      `${sandbox.url}.evil.example`,
      'http://evil.example/',
      'file:///etc/passwd',
    ]) {
      const f = await failure(client, 'get_users', { token: ADMIN_TOKEN, url });
      expect(f.code).toBe('invalid_request');
      expect(f.raw).not.toContain(ADMIN_TOKEN);
    }
    expect(elsewhere.seen).toHaveLength(0);
    expect(server.stderr()).not.toContain(ADMIN_TOKEN);
  });

  it('binds a session to the token that opened it', async () => {
    const first = await post({ authorization: `Token ${HEADER_TOKEN}` });
    const sid = first.headers.get('mcp-session-id')!;
    expect(sid).toBeTruthy();
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
    const other = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: 'Token someone0else',
        'mcp-session-id': sid,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify(list),
    });
    expect(other.status).toBe(404);
  });
});

/**
 * `dojo-guard proxy` as a real process (built CLI from dist/), loading a real policy file, in front
 * of a real SDK upstream, driven by the real SDK client.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startCli, type Running } from '../helpers/process.js';
import { startUpstream, UPSTREAM_SECRET, type TestUpstream } from './helpers/upstream.js';
import { messagesOf, openSession, POST_HEADERS, raw } from './helpers/raw.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

let upstream: TestUpstream;
let proxy: Running;
let anon: Running;
const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-proxy-'));

beforeAll(async () => {
  upstream = await startUpstream();
  const tokens = path.join(dir, 'tokens.yaml');
  writeFileSync(
    tokens,
    [
      'version: 1',
      'upstream:',
      '  headers:',
      '    Authorization: "Token ${env:TEST_UPSTREAM_TOKEN}"',
      'auth:',
      '  tokens:',
      `    - { id: alice, role: admin, sha256: ${sha('tok-alice')} }`,
      `    - { id: bob, role: admin, sha256: ${sha('tok-bob')} }`,
      // opt-out: the test compares the tool's answer text exactly (streaming, not content wrapping).
      'content:',
      '  wrap: { enabled: false } # opt-out: answers are compared verbatim',
      '',
    ].join('\n'),
  );
  // The conformance setup: anonymous allowed on loopback, no RBAC.
  const open = path.join(dir, 'anon.yaml');
  writeFileSync(open, 'version: 1\nauth:\n  allow_anonymous: true\n  anonymous_role: admin\n');
  const env = { TEST_UPSTREAM_TOKEN: UPSTREAM_SECRET, AUDIT_LOG_FILE: path.join(dir, 'audit.log') };
  [proxy, anon] = await Promise.all([
    startCli(['proxy', '--policy', tokens, '--upstream', upstream.url, '--port', '0'], { env }),
    startCli(
      ['proxy', '--policy', open, '--upstream', upstream.url, '--host', '127.0.0.1', '--port', '0'],
      {
        env: { AUDIT_LOG_FILE: path.join(dir, 'audit-anon.log') },
      },
    ),
  ]);
});
afterAll(async () => {
  await proxy?.stop();
  await anon?.stop();
  await upstream?.close();
});

describe('dojo-guard proxy (process)', () => {
  it('prints exactly one listening line with the MCP endpoint URL', () => {
    expect(proxy.stdout()).toMatch(
      /^dojo-guard proxy listening on http:\/\/127\.0\.0\.1:\d+\/mcp\n$/,
    );
  });

  it('streams progress before the result and keeps the upstream credential private', async () => {
    const client = new Client({ name: 'cli-test', version: '1' });
    await client.connect(
      new StreamableHTTPClientTransport(new URL(proxy.url), {
        requestInit: { headers: { authorization: 'Bearer tok-alice' } },
      }),
    );
    const t0 = performance.now();
    const at: number[] = [];
    const res = await client.callTool(
      { name: 'slow', arguments: { steps: 2, delayMs: 400 } },
      undefined,
      {
        onprogress: () => at.push(performance.now() - t0),
      },
    );
    const done = performance.now() - t0;
    expect(res.content).toEqual([{ type: 'text', text: 'done after 2' }]);
    expect(at).toHaveLength(2);
    expect(done - at[0]!).toBeGreaterThan(600);
    const leak = await client.callTool({ name: 'leak', arguments: {} });
    expect(JSON.stringify(leak)).not.toContain(UPSTREAM_SECRET);
    for (const r of upstream.seen) {
      expect(r.headers.authorization).toBe(`Token ${UPSTREAM_SECRET}`);
    }
    await client.close();
  });

  it('binds sessions to the principal: hijack → 404, no token → 401', async () => {
    const sid = await openSession(proxy.url, 'tok-alice');
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const as = (auth?: string): Promise<{ status: number }> =>
      raw(proxy.url, {
        headers: {
          ...POST_HEADERS,
          'mcp-session-id': sid,
          ...(auth ? { authorization: auth } : {}),
        },
        body: ping,
      });
    expect((await as('Bearer tok-alice')).status).toBe(200);
    expect((await as('Bearer tok-bob')).status).toBe(404);
    expect((await as()).status).toBe(401);
  });

  it('runs with an anonymous-on-loopback policy (conformance setup)', async () => {
    const sid = await openSession(anon.url, 'ignored-anonymous').catch(() => undefined);
    // A bad token is rejected even when anonymous access is allowed.
    expect(sid).toBeUndefined();
    const init = await raw(anon.url, {
      headers: POST_HEADERS,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-11-25',
          capabilities: {},
          clientInfo: { name: 'c', version: '1' },
        },
      }),
    });
    expect(init.status).toBe(200);
    expect(messagesOf(init)[0].result.serverInfo.name).toBe('test-upstream');
  });

  it('exits 0 on SIGTERM', async () => {
    const extra = await startCli(
      ['proxy', '--policy', path.join(dir, 'anon.yaml'), '--upstream', upstream.url, '--port', '0'],
      {
        env: { AUDIT_LOG_FILE: path.join(dir, 'audit-extra.log') },
      },
    );
    expect(await extra.stop('SIGTERM')).toBe(0);
  });

  it('reloads the policy on SIGHUP and keeps the old one when the new file is broken', async () => {
    const file = path.join(dir, 'reload.yaml');
    const base = 'version: 1\nauth:\n  allow_anonymous: true\n  anonymous_role: admin\n';
    writeFileSync(file, base);
    const p = await startCli(
      ['proxy', '--policy', file, '--upstream', upstream.url, '--port', '0'],
      {
        env: { AUDIT_LOG_FILE: path.join(dir, 'audit-reload.log') },
      },
    );
    try {
      const ping = (): Promise<{ status: number }> =>
        raw(p.url, {
          headers: { ...POST_HEADERS, origin: 'https://app.example' },
          body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
        });
      expect((await ping()).status).toBe(403);
      writeFileSync(file, `${base}server:\n  allowed_origins: ['https://app.example']\n`);
      p.child.kill('SIGHUP');
      await waitFor(async () => (await ping()).status !== 403);
      writeFileSync(file, `${base}server:\n  allowed_origin: oops\n`);
      p.child.kill('SIGHUP');
      await waitFor(async () => p.stderr().includes('policy reload failed'));
      expect((await ping()).status).not.toBe(403);
    } finally {
      await p.stop();
    }
  });
});

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

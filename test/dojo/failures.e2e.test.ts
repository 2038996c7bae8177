/**
 * Failure modes end to end: bad DefectDojo token, DefectDojo down, DefectDojo slow, OSS 3.x
 * without groups/roles, read-only credentials. Each must be a clear isError result; the server
 * must keep running and never reveal the key.
 */
import { createHash } from 'node:crypto';
import net from 'node:net';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type Running } from '../helpers/process.js';
import { ADMIN_TOKEN, connectHttp, data, failure, startSandbox, startServer } from './harness.js';

const WRONG_KEY = 'wrong0key0that0must0never0leak000000beef';
const running: Running[] = [];
const clients: Client[] = [];

async function serverFor(
  url: string,
  env: Record<string, string | undefined> = {},
): Promise<{ s: Running; c: Client }> {
  const s = await startServer(url, env);
  running.push(s);
  const c = await connectHttp(s.url);
  clients.push(c);
  return { s, c };
}

async function closedPortUrl(): Promise<string> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return `http://127.0.0.1:${port}`;
}

let sandbox: Running;
let sandbox3: Running;
let slow: Running;
type Pair = { s: Running; c: Client };
let badToken: Pair,
  down: Pair,
  timeout: Pair,
  v3: Pair,
  readOnly: Pair,
  smallScan: Pair,
  reader: Pair;

/** Sandbox tokens are documented as sha1('dojo-guard-sandbox:<user>') (src/sandbox/README.md). */
const sandboxToken = (user: string): string =>
  createHash('sha1').update(`dojo-guard-sandbox:${user}`).digest('hex');

// Processes start in parallel: process start-up dominates this suite's wall time.
beforeAll(async () => {
  [sandbox, sandbox3, slow] = await Promise.all([
    startSandbox(),
    startSandbox(['--dojo-version', '3']),
    startSandbox(['--latency-ms', '3000']),
  ]);
  running.push(sandbox, sandbox3, slow);
  [badToken, down, timeout, v3, readOnly, smallScan, reader] = await Promise.all([
    serverFor(sandbox.url, { DEFECTDOJO_API_KEY: WRONG_KEY }),
    closedPortUrl().then((url) => serverFor(url, { DEFECTDOJO_MAX_RETRIES: '1' })),
    serverFor(slow.url, { DEFECTDOJO_TIMEOUT_MS: '300', DEFECTDOJO_MAX_RETRIES: '0' }),
    serverFor(sandbox3.url),
    serverFor(sandbox.url, { DEFECTDOJO_API_KEY: undefined, DEFECTDOJO_READ_API_KEY: ADMIN_TOKEN }),
    serverFor(sandbox.url, { DEFECTDOJO_MAX_SCAN_BYTES: '1024' }),
    serverFor(sandbox.url, { DEFECTDOJO_API_KEY: sandboxToken('reader') }),
  ]);
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await Promise.all(running.map((r) => r.stop()));
});

function expectNoLeak(s: Running, key: string, results: string[]): void {
  for (const r of results) expect(r).not.toContain(key);
  expect(s.stderr()).not.toContain(key);
  expect(s.stdout()).not.toContain(key);
  expect(s.child.exitCode).toBeNull();
}

describe('DefectDojo failures become isError results', () => {
  it('bad DefectDojo token -> dojo_auth_failed, key not leaked', async () => {
    const { s, c } = badToken;
    const a = await failure(c, 'get_findings', { limit: 1 });
    const b = await failure(c, 'add_finding_note', { finding_id: 1, entry: 'x' });
    const h = await failure(c, 'health_check');
    for (const f of [a, b, h]) {
      expect(f.code).toBe('dojo_auth_failed');
      expect(f.message).toMatch(/token/);
    }
    expectNoLeak(s, WRONG_KEY, [a.raw, b.raw, h.raw]);
  });

  it('DefectDojo down -> dojo_unreachable, and the server keeps serving', async () => {
    const { s, c } = down;
    const a = await failure(c, 'get_products');
    expect(a.code).toBe('dojo_unreachable');
    expect(a.raw).not.toMatch(/127\.0\.0\.1/);
    const b = await failure(c, 'create_product', { name: 'x', description: 'y', prod_type_id: 1 });
    expect(b.code).toBe('dojo_unreachable');
    expect((await c.listTools()).tools.length).toBe(27);
    expectNoLeak(s, ADMIN_TOKEN, [a.raw, b.raw]);
  });

  it('DefectDojo slower than the timeout -> dojo_timeout, promptly', async () => {
    const { s, c } = timeout;
    const started = Date.now();
    const a = await failure(c, 'get_findings', { limit: 1 });
    expect(a.code).toBe('dojo_timeout');
    // Well under the sandbox's 3 s latency: the call gave up instead of waiting.
    expect(Date.now() - started).toBeLessThan(2500);
    expectNoLeak(s, ADMIN_TOKEN, [a.raw]);
  });

  it('OSS 3.x without groups/roles -> dojo_endpoint_absent naming the version', async () => {
    const { s, c } = v3;
    const results = [];
    for (const [tool, args] of [
      ['get_groups', {}],
      ['get_roles', {}],
      ['get_group_by_id', { group_id: 1 }],
      ['get_dojo_group_members', { group_id: 1 }],
    ] as const) {
      const f = await failure(c, tool, args);
      expect(f.code, tool).toBe('dojo_endpoint_absent');
      expect(f.message).toMatch(/3\.x/);
      results.push(f.raw);
    }
    // Everything else still works on 3.x.
    expect((await data(c, 'get_findings', { limit: 1 })).count).toBeGreaterThan(0);
    expectNoLeak(s, ADMIN_TOKEN, results);
  });

  it('read-only credentials: reads work, writes fail closed without calling DefectDojo', async () => {
    const { s, c } = readOnly;
    expect((await data(c, 'get_products', { limit: 1 })).count).toBeGreaterThan(0);
    const w = await failure(c, 'add_finding_tags', { finding_id: 1, tags: ['x'] });
    expect(w.code).toBe('dojo_credential_missing');
    expectNoLeak(s, ADMIN_TOKEN, [w.raw]);
  });
});

describe('DefectDojo permissions', () => {
  it('a Reader token reads, adds notes, and gets dojo_forbidden for edits and users', async () => {
    const { s, c } = reader;
    const page = await data(c, 'get_findings', { limit: 1 });
    expect(page.count).toBeGreaterThan(0);
    const fid = page.results[0].id;
    await data(c, 'add_finding_note', { finding_id: fid, entry: 'reader note' });
    const edit = await failure(c, 'update_finding', { finding_id: fid, title: 'renamed' });
    expect(edit.code).toBe('dojo_forbidden');
    const close = await failure(c, 'close_finding', { finding_id: fid, reason: 'mitigated' });
    expect(close.code).toBe('dojo_forbidden');
    expect((await failure(c, 'get_users')).code).toBe('dojo_forbidden');
    expectNoLeak(s, sandboxToken('reader'), [edit.raw, close.raw]);
  });
});

describe('startup configuration', () => {
  it('refuses http:// to a non-loopback DefectDojo unless ALLOW_INSECURE_HTTP=true', async () => {
    const r = await runCli(['server', '--port', '0'], {
      env: { DEFECTDOJO_URL: 'http://dojo.example.com', DEFECTDOJO_API_KEY: WRONG_KEY },
      timeoutMs: 30_000,
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/ALLOW_INSECURE_HTTP/);
    expect(r.stderr + r.stdout).not.toContain(WRONG_KEY);
  }, 90_000);

  it('refuses to start without a key, and with an unreadable CA file', async () => {
    const noKey = await runCli(['server', '--port', '0'], {
      env: { DEFECTDOJO_URL: 'https://dojo.example.com', DEFECTDOJO_API_KEY: undefined },
      timeoutMs: 30_000,
    });
    expect(noKey.code).not.toBe(0);
    expect(noKey.stderr).toMatch(/DEFECTDOJO_API_KEY/);
    const ca = await runCli(['server', '--port', '0'], {
      env: {
        DEFECTDOJO_URL: 'https://dojo.example.com',
        DEFECTDOJO_API_KEY: 'k',
        DEFECTDOJO_CA_FILE: '/nonexistent/ca.pem',
      },
      timeoutMs: 30_000,
    });
    expect(ca.code).not.toBe(0);
    expect(ca.stderr).toMatch(/DEFECTDOJO_CA_FILE/);
  }, 90_000);

  it('documents every environment variable in --help', async () => {
    const r = await runCli(['server', '--help'], { timeoutMs: 30_000 });
    for (const v of [
      'DEFECTDOJO_URL',
      'DEFECTDOJO_API_KEY',
      'DEFECTDOJO_READ_API_KEY',
      'DEFECTDOJO_WRITE_API_KEY',
      'ALLOW_INSECURE_HTTP',
      'DEFECTDOJO_CA_FILE',
      'DEFECTDOJO_CONNECT_TIMEOUT_MS',
      'DEFECTDOJO_TIMEOUT_MS',
      'DEFECTDOJO_MAX_RETRIES',
      'DEFECTDOJO_MAX_SCAN_BYTES',
      '--pro-compat',
      '--stateless',
    ]) {
      expect(r.stdout).toContain(v);
    }
  }, 90_000);
});

describe('HTTP hardening', () => {
  it('caps scan files and request bodies, rejects bad JSON and DNS-rebinding Host headers', async () => {
    const { s, c } = smallScan;
    const big = await failure(c, 'import_scan', {
      scan_type: 'Bandit Scan',
      file: Buffer.alloc(2048, 'a').toString('base64'),
      file_name: 'b.json',
      engagement_id: 1,
    });
    expect(big.code).toBe('invalid_request');
    expect(big.message).toMatch(/1024-byte limit/);

    const post = (body: string, headers: Record<string, string> = {}): Promise<Response> =>
      fetch(s.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          ...headers,
        },
        body,
      });
    const huge = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: { p: 'x'.repeat(3_000_000) } }),
    );
    expect(huge.status).toBe(413);
    const bad = await post('{"jsonrpc": "2.0", ');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: number } }).error.code).toBe(-32700);

    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        s.url,
        { method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
    expect(s.child.exitCode).toBeNull();
  });
});

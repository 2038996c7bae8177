/**
 * Binding a container: `--allowed-host` (repeatable) and `DOJO_GUARD_ALLOWED_HOSTS` merge with
 * `server.allowed_hosts`; the policy and upstream come from `DOJO_GUARD_POLICY` /
 * `DOJO_GUARD_UPSTREAM`. The real proxy process on 0.0.0.0, probed with chosen Host headers.
 */
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT, runCli, startCli as start, type Running } from '../helpers/process.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-binding-'));
const TOKEN = 'binding-reader-token-0123456789abcdef';
let audits = 0;
/** Environment of one proxy: its own audit file (one HMAC chain per process). */
const env = (): Record<string, string> => ({
  MCP_ROLE_ALICE: `${TOKEN}:reader`,
  AUDIT_HMAC_KEY: 'binding-test-hmac-key-0123456789abcdef',
  AUDIT_LOG_FILE: path.join(dir, `audit-${++audits}.jsonl`),
});
function policy(serverExtra = ''): string {
  const file = path.join(dir, `p${fs.readdirSync(dir).length}.yaml`);
  fs.writeFileSync(
    file,
    [
      'version: 1',
      `server: { port: 0${serverExtra} }`,
      'upstream: { url: "http://127.0.0.1:9/mcp" }',
      'auth: { env_bindings: { prefix: MCP_ROLE_ } }',
      'rbac: { roles: { reader: { tools: [get_findings] } } }',
      'audit: { file: { path: "${env:AUDIT_LOG_FILE}" } }',
      '',
    ].join('\n'),
  );
  return file;
}

/** Status of an unauthenticated POST /mcp sent with `host` as the Host header. */
function statusFor(proxy: Running, host: string): Promise<number> {
  const port = Number(new URL(proxy.url).port);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { host } },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}

// Several real processes per test on a shared 2-core machine: generous budgets.
vi.setConfig({ testTimeout: 180_000 });
const running: Running[] = [];
/** startCli with a start-up allowance for a loaded machine. */
const startCli: typeof start = (args, opts = {}) => start(args, { timeoutMs: 90_000, ...opts });
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('binding on a non-loopback address', () => {
  it('refuses to start without allowed hosts and names the policy key, the flag and the variable', async () => {
    const r = await runCli(['proxy', '--policy', policy(), '--host', '0.0.0.0'], { env: env() });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/server\.allowed_hosts: required when binding to non-loopback/);
    expect(r.stderr).toContain('--allowed-host');
    expect(r.stderr).toContain('DOJO_GUARD_ALLOWED_HOSTS');
  });

  it('merges --allowed-host (repeated), DOJO_GUARD_ALLOWED_HOSTS and server.allowed_hosts', async () => {
    const proxy = await startCli(
      [
        'proxy',
        '--host',
        '0.0.0.0',
        '--allowed-host',
        'Flag-One.example',
        '--allowed-host',
        'flag-two.example:8080',
      ],
      {
        env: {
          ...env(),
          DOJO_GUARD_POLICY: policy(', allowed_hosts: [policy.example]'),
          DOJO_GUARD_ALLOWED_HOSTS: ' env-a.example , env-b.example ,',
        },
      },
    );
    running.push(proxy);
    // Allowed Hosts reach authentication (401); others are refused before it (403 forbidden_host).
    for (const h of [
      'flag-one.example',
      'flag-two.example:8080',
      'env-a.example:443',
      'ENV-B.example',
      'policy.example',
    ])
      expect([h, await statusFor(proxy, h)]).toEqual([h, 401]);
    for (const h of ['flag-two.example:9090', 'other.example', 'env-a.example.evil', 'localhost'])
      expect([h, await statusFor(proxy, h)]).toEqual([h, 403]);
  });

  it('takes a comma-separated DOJO_GUARD_POLICY and DOJO_GUARD_UPSTREAM; a flag wins over the variable', async () => {
    const base = policy();
    const extra = path.join(dir, 'hosts.yaml');
    fs.writeFileSync(extra, 'version: 1\n');
    const r = await runCli(['proxy', '--host', '0.0.0.0', '--allowed-host', 'g.example'], {
      env: { ...env(), DOJO_GUARD_POLICY: `${base},${extra}`, DOJO_GUARD_UPSTREAM: 'ftp://x/mcp' },
    });
    // The variable's upstream reached the compiler (and was refused for its scheme).
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/upstream/i);
    expect(r.stderr).toContain(extra.replace(/\.yaml$/, ''));
    const flagWins = await startCli(
      ['proxy', '--upstream', 'http://127.0.0.1:9/mcp', '--policy', base],
      { env: { ...env(), DOJO_GUARD_POLICY: '/nonexistent.yaml', DOJO_GUARD_UPSTREAM: 'ftp://x' } },
    );
    running.push(flagWins);
    expect(await statusFor(flagWins, '127.0.0.1')).toBe(401);
  });
});

describe("README's Pro command", () => {
  it('starts as written (non-loopback bind with --allowed-host)', async () => {
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf("## In front of DefectDojo Pro's /mcp"));
    const line = /^dojo-guard (proxy --policy policies\/defectdojo-pro\.yaml .*)$/m.exec(section);
    expect(line).not.toBeNull();
    const args = line![1]!.split(/\s+/);
    expect(args).toContain('--allowed-host');
    // Any free port instead of 8080 (tests never take fixed ports).
    args[args.indexOf('--port') + 1] = '0';
    const proxy = await startCli(args, {
      env: {
        ...env(),
        DEFECTDOJO_URL: 'https://defectdojo.example.com',
        DEFECTDOJO_API_KEY: 'readme-pro-key-0123456789abcdef',
      },
    });
    running.push(proxy);
    expect(proxy.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+\/mcp$/);
    expect(await statusFor(proxy, 'guard.internal.example')).toBe(401);
  });
});

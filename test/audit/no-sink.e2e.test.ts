/**
 * No silent audit: `dojo-guard proxy` (real process) refuses to start when its policy sends audit
 * records nowhere, starts with a CRITICAL log line only when the policy says
 * `audit.allow_no_sink: true`, and /readyz reports each configured sink's real state.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startCli } from '../helpers/process.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-no-sink-'));
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
const UPSTREAM = 'http://127.0.0.1:9/mcp'; // never reached: these tests only probe start-up

function policy(name: string, audit: string[]): string {
  const file = path.join(dir, `${name}.yaml`);
  const lines = [
    'version: 1',
    'auth:',
    '  tokens:',
    `    - { id: alice, role: admin, sha256: ${sha('tok-alice')} }`,
    ...audit,
    '',
  ];
  writeFileSync(file, lines.join('\n'));
  return file;
}

/** A TCP port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

async function readyz(url: string): Promise<{ checks: unknown; audit_sinks: unknown[] }> {
  const res = await fetch(new URL('/readyz', url));
  return (await res.json()) as { checks: unknown; audit_sinks: unknown[] };
}

describe('proxy without an audit sink', () => {
  it('refuses to start, naming the settings that would fix it', async () => {
    const file = policy('none', []);
    const r = await runCli(['proxy', '--policy', file, '--upstream', UPSTREAM, '--port', '0'], {
      env: { AUDIT_LOG_FILE: '' },
      timeoutMs: 20_000,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/audit: no sink configured/);
    expect(r.stderr).toMatch(/AUDIT_LOG_FILE/);
    expect(r.stderr).toMatch(/audit\.allow_no_sink: true/);
    expect(r.stdout).not.toMatch(/listening on/);
  });

  it('an empty file path is no sink either', async () => {
    const file = policy('empty-path', ['audit:', '  file: { path: "" }']);
    const r = await runCli(['proxy', '--policy', file, '--upstream', UPSTREAM, '--port', '0'], {
      env: { AUDIT_LOG_FILE: '' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/audit: no sink configured/);
  });

  it('starts with allow_no_sink: true, logging a CRITICAL line and the protection warning', async () => {
    const file = policy('allowed', ['audit:', '  allow_no_sink: true']);
    const p = await startCli(['proxy', '--policy', file, '--upstream', UPSTREAM, '--port', '0'], {
      env: { AUDIT_LOG_FILE: '' },
    });
    try {
      expect(p.stderr()).toMatch(/CRITICAL: audit\.allow_no_sink/);
      expect(p.stderr()).toMatch(/audit\.allow_no_sink: protection off \(audit_sink\)/);
      expect((await readyz(p.url)).audit_sinks).toEqual([]);
    } finally {
      await p.stop();
    }
  });
});

describe('/readyz reports each audit sink', () => {
  it('a working file sink is up; a forwarder whose collector is down is reported down', async () => {
    const port = await closedPort();
    const file = policy('sinks', [
      'audit:',
      `  file: { path: ${JSON.stringify(path.join(dir, 'sinks.jsonl'))} }`,
      '  syslog:',
      `    - { name: siem, transport: tcp, host: 127.0.0.1, port: ${port}, retry_initial_ms: 50, timeout_ms: 500 }`,
    ]);
    const p = await startCli(['proxy', '--policy', file, '--upstream', UPSTREAM, '--port', '0']);
    try {
      let sinks: unknown[] = [];
      for (let i = 0; i < 100; i++) {
        sinks = (await readyz(p.url)).audit_sinks;
        if (sinks.some((s) => (s as { up: boolean }).up === false)) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(sinks).toEqual([
        { name: 'file', kind: 'file', up: true },
        expect.objectContaining({ name: 'siem', kind: 'forwarder', up: false, spoolFull: false }),
      ]);
      const siem = sinks[1] as { pendingBytes: number; consecutiveFailures: number };
      expect(siem.pendingBytes).toBeGreaterThan(0); // the start records wait in the spool
      expect(siem.consecutiveFailures).toBeGreaterThan(0);
    } finally {
      await p.stop();
    }
  });
});

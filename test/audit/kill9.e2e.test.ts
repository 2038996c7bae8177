import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { runCli } from '../helpers/process.js';
import { KEY, keyOf, lines, records, tmpDir, waitFor } from './helpers.js';

const HARNESS = path.join(path.dirname(fileURLToPath(import.meta.url)), 'harness.mjs');
const children: ChildProcess[] = [];
const dir = tmpDir();
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  fs.rmSync(dir, { recursive: true, force: true });
});

function harness(file: string, env: Record<string, string> = {}): ChildProcess {
  const c = spawn(process.execPath, [HARNESS], {
    env: { ...process.env, AUDIT_LOG_FILE: file, AUDIT_HMAC_KEY: KEY, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(c);
  return c;
}

const exited = (c: ChildProcess) =>
  new Promise<void>((r) =>
    c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r()),
  );

describe('kill -9 of a process writing the audit file', () => {
  it('restarts, marks the gap, and the chain verifies', async () => {
    const file = path.join(dir, 'audit.log');
    const a = harness(file);
    await waitFor(
      () => fs.existsSync(file) && fs.statSync(file).size > 100_000,
      20_000,
      'audit writes',
    );
    a.kill('SIGKILL');
    await exited(a);
    const before = lines(file).length;

    const b = harness(file, { HARNESS_COUNT: '25' });
    await exited(b);
    expect(b.exitCode).toBe(0);
    const rs = records(file).filter((r) => typeof r.seq === 'number');
    const gap = rs.find((r) => r.kind === 'gap')!;
    expect(gap).toBeDefined();
    expect(['torn_tail', 'unclean_stop']).toContain(gap.reason);
    expect(gap.seq).toBe(gap.afterSeq + 1);
    expect(lines(file).length).toBeGreaterThan(before + 25);

    const r = verifyAuditFiles([file], [keyOf()]);
    expect(r.error).toBeUndefined();
    expect(r.gaps).toBe(1);
    const cli = await runCli(['audit', 'verify', file], { env: { AUDIT_HMAC_KEY: KEY } });
    expect(cli.stdout).toMatch(/^OK \d+ records .* 1 gap/);
  });

  it('a torn write left by the crash is named by the gap record', async () => {
    const file = path.join(dir, 'torn.log');
    const a = harness(file);
    await waitFor(
      () => fs.existsSync(file) && fs.statSync(file).size > 50_000,
      20_000,
      'audit writes',
    );
    a.kill('SIGKILL');
    await exited(a);
    // Simulate the partial write a power cut leaves (a kill -9 alone rarely splits one write;
    // when it did, its own partial line is part of the torn tail too).
    const written = fs.readFileSync(file);
    const partial = written.length - (written.lastIndexOf(0x0a) + 1);
    const fragment = '{"kind":"decision","decisionId":"h-torn","argu';
    fs.appendFileSync(file, fragment);
    const b = harness(file, { HARNESS_COUNT: '3' });
    await exited(b);
    const gap = lines(file)
      .filter((l) => l.endsWith('}'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((r) => r.kind === 'gap');
    expect(gap).toMatchObject({
      reason: 'torn_tail',
      tornBytes: partial + Buffer.byteLength(fragment),
    });
    expect(verifyAuditFiles([file], [keyOf()])).toMatchObject({ ok: true, gaps: 1 });
  });
});

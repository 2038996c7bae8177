import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { resolveAuditKey } from '../../src/audit/keys.js';
import { decision, KEY, KEY2, keyOf, makeRecorder, records, tmpDir } from './helpers.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
function fresh(): string {
  const d = tmpDir();
  dirs.push(d);
  return path.join(d, 'audit.log');
}

async function run(file: string, n: number, key = KEY, extra: Record<string, unknown> = {}) {
  const rec = await makeRecorder({ file: { path: file, ...extra } }, key);
  for (let i = 0; i < n; i++) rec.recordDecision(decision(i));
  await rec.close();
}

describe('chain resume', () => {
  it('continues the chain after a restart from the last record of the file', async () => {
    const file = fresh();
    await run(file, 5);
    const before = records(file).length;
    await run(file, 5);
    const rs = records(file);
    const start2 = rs[before]!;
    expect(start2).toMatchObject({ kind: 'lifecycle', type: 'start', seq: before + 1 });
    expect(start2.prevMac).toBe(rs[before - 1]!.mac);
    expect(start2.detail.resumedFromSeq).toBe(before);
    expect(verifyAuditFiles([file], [keyOf()])).toMatchObject({ ok: true, count: rs.length });
  });

  it('detects a torn last line, writes a gap marker naming it, and still verifies', async () => {
    const file = fresh();
    await run(file, 3);
    const good = records(file).length;
    fs.appendFileSync(file, '{"kind":"decision","decisionId":"half-writ');
    await run(file, 2);
    const text = fs.readFileSync(file, 'utf8').split('\n');
    expect(text[good]).toBe('{"kind":"decision","decisionId":"half-writ');
    const gap = JSON.parse(text[good + 1]!);
    expect(gap).toMatchObject({ kind: 'gap', reason: 'torn_tail', afterSeq: good, seq: good + 1 });
    const r = verifyAuditFiles([file], [keyOf()]);
    expect(r).toMatchObject({ ok: true, gaps: 1 });
  });

  it('rejects a torn line that a gap marker does not explain', async () => {
    const file = fresh();
    await run(file, 3);
    fs.appendFileSync(file, 'garbage\n');
    const ls = fs.readFileSync(file, 'utf8').split('\n');
    ls.splice(2, 0, 'inserted junk');
    fs.writeFileSync(file, ls.join('\n'));
    expect(verifyAuditFiles([file], [keyOf()]).ok).toBe(false);
  });

  it('records a key rotation as a chained record and verifies with both keys', async () => {
    const file = fresh();
    await run(file, 2, KEY);
    await run(file, 2, KEY2);
    const rot = records(file).find((r) => r.kind === 'key_rotation')!;
    expect(rot).toMatchObject({
      fromKeyId: keyOf(KEY).id,
      toKeyId: keyOf(KEY2).id,
      keyId: keyOf(KEY2).id,
    });
    expect(verifyAuditFiles([file], [keyOf(KEY), keyOf(KEY2)]).ok).toBe(true);
    expect(verifyAuditFiles([file], [keyOf(KEY2)]).error?.problem).toBe('wrong_key');
  });

  it('rotates by size and the rotated files verify together (oldest first)', async () => {
    const file = fresh();
    await run(file, 30, KEY, { max_bytes: 4000 });
    await run(file, 5, KEY, { max_bytes: 4000 });
    const rotated = fs
      .readdirSync(path.dirname(file))
      .filter((n) => /^audit\.log\.\d+$/.test(n))
      .map((n) => Number(n.split('.').pop()))
      .sort((a, b) => b - a)
      .map((n) => `${file}.${n}`);
    expect(rotated.length).toBeGreaterThan(1);
    expect(records(`${file}.1`).length).toBeGreaterThan(0);
    const r = verifyAuditFiles([...rotated, file], [keyOf()]);
    expect(r.error).toBeUndefined();
    const all = [...rotated, file].flatMap((f) => records(f));
    expect(all.some((x) => x.kind === 'file_reopened' && x.reason === 'size_rotation')).toBe(true);
  });
});

describe('audit key policy', () => {
  it('requires a key on a network bind unless waived (then a CRITICAL record)', async () => {
    expect(() => resolveAuditKey({ bindHost: '0.0.0.0', env: {} })).toThrow(/AUDIT_HMAC_KEY/);
    expect(() => resolveAuditKey({ bindHost: '::', env: {} })).toThrow();
    expect(() => resolveAuditKey({ bindHost: '10.1.2.3', env: {} })).toThrow();
    expect(resolveAuditKey({ bindHost: '127.0.0.1', env: {} }).ephemeral).toBe(true);
    expect(resolveAuditKey({ bindHost: '[::1]', env: {} }).ephemeral).toBe(true);
    expect(resolveAuditKey({ bindHost: '0.0.0.0', env: { AUDIT_HMAC_KEY: KEY } }).ephemeral).toBe(
      false,
    );
    expect(() =>
      resolveAuditKey({ bindHost: '0.0.0.0', env: { AUDIT_HMAC_KEY: 'short' } }),
    ).toThrow(/shorter/);
    const waived = resolveAuditKey({ bindHost: '0.0.0.0', allowUnkeyedNetworkBind: true, env: {} });
    expect(waived.warnings[0]!.severity).toBe('critical');

    const file = fresh();
    const { createAuditRecorder } = await import('../../src/audit/index.js');
    const { AuditPolicySchema } = await import('../../src/audit/schema.js');
    const rec = await createAuditRecorder(
      AuditPolicySchema.parse({ file: { path: file }, allow_unkeyed_network_bind: true }),
      { bindHost: '0.0.0.0', env: {}, handleSighup: false },
    );
    await rec.close();
    const crit = records(file).find((r) => r.type === 'insecure_config')!;
    expect(crit).toMatchObject({ severity: 'critical', detail: { waived: true } });
  });

  it('never writes the key into records or the start detail', async () => {
    const file = fresh();
    await run(file, 1);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(KEY);
  });
});

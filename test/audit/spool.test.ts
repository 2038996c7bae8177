import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DiskSpool } from '../../src/audit/spool.js';
import { createAuditRecorder } from '../../src/audit/index.js';
import { AuditPolicySchema } from '../../src/audit/schema.js';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { decision, KEY, keyOf, records, tmpDir, waitFor } from './helpers.js';

const dir = tmpDir('dg-spool-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const line = (seq: number) => JSON.stringify({ kind: 'x', seq, pad: 'p'.repeat(50) });

describe('disk spool', () => {
  it('keeps order and the cursor across reopen, and compacts when drained', () => {
    const d = path.join(dir, 'a');
    const s = new DiskSpool(d, 10_000);
    s.open();
    for (let i = 1; i <= 5; i++) s.append(line(i), i);
    const b = s.read(2);
    expect(b.lines.map((l) => JSON.parse(l).seq)).toEqual([1, 2]);
    s.commit(b.endOffset);
    s.close();
    const t = new DiskSpool(d, 10_000);
    t.open();
    expect(t.lastSeq).toBe(5);
    const rest = t.read(100);
    expect(rest.lines.map((l) => JSON.parse(l).seq)).toEqual([3, 4, 5]);
    t.commit(rest.endOffset);
    expect(fs.statSync(path.join(d, 'queue.jsonl')).size).toBe(0);
    t.close();
    const u = new DiskSpool(d, 10_000);
    u.open();
    expect(u.lastSeq).toBe(5); // survives compaction through the cursor file
    u.close();
  });

  it('drops a torn append after a crash and reports full at the cap', () => {
    const d = path.join(dir, 'b');
    const s = new DiskSpool(d, 200);
    s.open();
    s.append(line(1), 1);
    s.append(line(2), 2);
    s.close();
    fs.appendFileSync(path.join(d, 'queue.jsonl'), '{"kind":"x","seq":3,"pa');
    const t = new DiskSpool(d, 200);
    t.open();
    expect(t.lastSeq).toBe(2);
    expect(t.read(10).lines).toHaveLength(2);
    expect(t.full()).toBe(false);
    t.append(line(3), 3);
    t.append(line(4), 4);
    expect(t.full()).toBe(true);
    t.close();
  });
});

describe('file sink rotation by logrotate', () => {
  it('re-opens the path on SIGHUP and the chain continues across both files', async () => {
    const file = path.join(dir, 'hup', 'audit.log');
    const rec = await createAuditRecorder(AuditPolicySchema.parse({ file: { path: file } }), {
      env: { AUDIT_HMAC_KEY: KEY },
    });
    for (let i = 0; i < 5; i++) rec.recordDecision(decision(i));
    await waitFor(() => fs.existsSync(file) && records(file).length >= 6, 5000, 'first records');
    fs.renameSync(file, `${file}.1`); // what logrotate does before sending SIGHUP
    process.kill(process.pid, 'SIGHUP');
    await waitFor(() => fs.existsSync(file), 5000, 'reopen');
    for (let i = 5; i < 10; i++) rec.recordDecision(decision(i));
    await rec.close();
    expect(records(file)[0]).toMatchObject({ kind: 'file_reopened', reason: 'sighup' });
    const r = verifyAuditFiles([`${file}.1`, file], [keyOf()]);
    expect(r.error).toBeUndefined();
  });
});

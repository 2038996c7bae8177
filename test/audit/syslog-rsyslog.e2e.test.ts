import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import {
  decision,
  keyOf,
  lines,
  makeCa,
  makeRecorder,
  records,
  tmpDir,
  waitFor,
} from './helpers.js';
import { makeRsyslog, type Rsyslog } from './rsyslog.js';
import { SKIP_RSYSLOG } from '../helpers/services.js';

let dir: string;
let rs: Rsyslog;
let caFile: string;

const fast = {
  batch_interval_ms: 10,
  retry_initial_ms: 50,
  retry_max_ms: 300,
  breaker_failures: 5,
  breaker_cooldown_ms: 300,
  timeout_ms: 3000,
};

/** Seqs in a collector file; a line still being written by rsyslog is skipped until complete. */
const seqsIn = (file: string, replay: boolean | undefined = undefined): number[] => {
  if (!fs.existsSync(file)) return [];
  const out: number[] = [];
  for (const l of fs.readFileSync(file, 'utf8').split('\n')) {
    let r: { seq?: unknown; replay?: unknown };
    try {
      r = JSON.parse(l.slice(l.indexOf('{'))) as typeof r;
    } catch {
      continue;
    }
    if (typeof r.seq !== 'number') continue;
    if (replay === undefined || (r.replay === true) === replay) out.push(r.seq);
  }
  return out;
};

beforeAll(async () => {
  if (SKIP_RSYSLOG) return;
  dir = tmpDir('dg-rsyslog-');
  const ca = makeCa(dir);
  caFile = ca.caFile;
  rs = await makeRsyslog(dir, ca);
  await rs.start();
});

afterAll(async () => {
  await rs?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(SKIP_RSYSLOG)('syslog sink against a real rsyslog', () => {
  it('delivers over TCP (octet counting) and TLS (custom CA); the chain verifies from rsyslog output', async () => {
    const file = path.join(dir, 'a', 'audit.log');
    const rec = await makeRecorder({
      file: { path: file },
      checkpoint_every: 50,
      syslog: [
        { name: 'tcp', transport: 'tcp', host: '127.0.0.1', port: rs.ports.tcp, ...fast },
        {
          name: 'tls',
          transport: 'tls',
          host: '127.0.0.1',
          port: rs.ports.tls,
          ca_file: caFile,
          ...fast,
        },
        { name: 'udp', transport: 'udp', host: '127.0.0.1', port: rs.ports.udp, ...fast },
      ],
    });
    // A record whose argument contains newlines and a fake frame must not split a frame.
    rec.recordDecision(decision(0, { arguments: { note: 'line1\n12 <13>1 fake\nline3 ünïcödé' } }));
    for (let i = 1; i < 200; i++) rec.recordDecision(decision(i));
    await rec.close();
    const total = lines(file).length;
    await waitFor(
      () => seqsIn(rs.out.tcp).length >= total && seqsIn(rs.out.tls).length >= total,
      20_000,
      'rsyslog to receive all records',
    );
    for (const out of [rs.out.tcp, rs.out.tls]) {
      const r = verifyAuditFiles([out], [keyOf()]);
      expect(r.error).toBeUndefined();
      expect(r.count).toBe(total);
    }
    expect(records(rs.out.tls)[1]!.arguments.note).toContain('ünïcödé');
    await waitFor(() => seqsIn(rs.out.udp).length > 0, 5000, 'udp records');
  });

  it('spools 1,000 records while rsyslog is down, denies mutations at the cap, replays exactly once per seq', async () => {
    const file = path.join(dir, 'b', 'audit.log');
    const out = rs.out.tcp;
    fs.rmSync(out, { force: true });
    await rs.stop();
    const rec = await makeRecorder({
      file: { path: file },
      spool_max_bytes: 200_000,
      syslog: [{ name: 'tcp', transport: 'tcp', host: '127.0.0.1', port: rs.ports.tcp, ...fast }],
    });
    expect(rec.acceptingMutations()).toBe(true);
    for (let i = 0; i < 1000; i++) rec.recordDecision(decision(i, { mutation: i % 2 === 0 }));
    await waitFor(() => !rec.acceptingMutations(), 10_000, 'spool cap');
    expect(rec.sinks[0]!.spool.pendingBytes()).toBeGreaterThanOrEqual(200_000);
    await waitFor(() => rec.sinks[0]!.failedAttempts > 0, 10_000, 'a failed delivery');

    await rs.start();
    await waitFor(() => rec.acceptingMutations(), 20_000, 'spool drained');
    await rec.close();
    const total = lines(file).length;
    await waitFor(() => new Set(seqsIn(out)).size >= total, 20_000, 'all records at rsyslog');
    const firsts = seqsIn(out, false);
    expect(new Set(firsts).size).toBe(firsts.length); // exactly once unless marked replay
    expect(new Set(seqsIn(out)).size).toBe(total);
    const r = verifyAuditFiles([out], [keyOf()]);
    expect(r.error).toBeUndefined();
    expect(r.count).toBe(total);
    const decisions = new Set(
      records(out)
        .filter((x) => x.kind === 'decision')
        .map((x) => x.seq),
    );
    expect(decisions.size).toBe(1000);
    // The outage itself is audited, in the chain.
    const types = records(file).map((x) => x.type);
    expect(types).toContain('sink_failure');
    expect(types).toContain('sink_recovered');
  });

  it('re-delivers spooled records after a restart of the recorder', async () => {
    const file = path.join(dir, 'c', 'audit.log');
    const out = rs.out.tcp;
    await rs.stop();
    fs.rmSync(out, { force: true });
    const spec = {
      file: { path: file },
      syslog: [{ name: 'tcp', transport: 'tcp', host: '127.0.0.1', port: rs.ports.tcp, ...fast }],
    };
    const rec1 = await makeRecorder(spec);
    for (let i = 0; i < 50; i++) rec1.recordDecision(decision(i));
    await rec1.close();
    expect(fs.existsSync(out)).toBe(false);
    await rs.start();
    const rec2 = await makeRecorder(spec);
    rec2.recordDecision(decision(99));
    const total = () => lines(file).length;
    await waitFor(() => new Set(seqsIn(out)).size >= total(), 20_000, 'replayed spool');
    await rec2.close();
    await waitFor(() => new Set(seqsIn(out)).size >= total(), 20_000, 'final records');
    expect(verifyAuditFiles([out], [keyOf()]).error).toBeUndefined();
  });

  it('survives rsyslog restarting under a live connection: nothing lost, duplicates only as replays', async () => {
    const file = path.join(dir, 'd', 'audit.log');
    const out = rs.out.tls;
    fs.rmSync(out, { force: true });
    const rec = await makeRecorder({
      file: { path: file },
      syslog: [
        {
          name: 'tls',
          transport: 'tls',
          host: '127.0.0.1',
          port: rs.ports.tls,
          ca_file: caFile,
          ...fast,
        },
      ],
    });
    for (let i = 0; i < 300; i++) rec.recordDecision(decision(i));
    await waitFor(() => seqsIn(out).length >= 300, 20_000, 'first half');
    await rs.stop();
    for (let i = 300; i < 600; i++) rec.recordDecision(decision(i));
    await rs.start();
    await waitFor(() => rec.sinks[0]!.spool.pendingBytes() === 0, 20_000, 'spool drained');
    await rec.close();
    const total = lines(file).length;
    await waitFor(() => new Set(seqsIn(out)).size >= total, 20_000, 'second half');
    const firsts = seqsIn(out, false);
    expect(new Set(firsts).size).toBe(firsts.length);
    expect(verifyAuditFiles([out], [keyOf()]).error).toBeUndefined();
  });
});

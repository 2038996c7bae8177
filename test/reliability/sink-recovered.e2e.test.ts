/**
 * A syslog outage through the real proxy process and a real rsyslog: while rsyslog is down the
 * trail records `sink_failure`, and once deliveries succeed again it records `sink_recovered`
 * (after the failure, in the same chain), and rsyslog ends up with every record.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCa, records, tmpDir } from '../audit/helpers.js';
import { makeRsyslog, type Rsyslog } from '../audit/rsyslog.js';
import { waitFor } from '../proxy-hardening/setup.js';
import { faultPolicy, session, startFaultHarness, type FaultHarness } from './setup.js';

let rs: Rsyslog;
let h: FaultHarness;

beforeAll(async () => {
  const dir = tmpDir('dg-sink-recovered-');
  rs = await makeRsyslog(dir, makeCa(dir));
  await rs.start();
  const policy = faultPolicy().replace(
    'auth:',
    [
      'audit:',
      '  syslog:',
      `    - { name: siem, transport: tcp, host: 127.0.0.1, port: ${rs.ports.tcp}, batch_interval_ms: 10, retry_initial_ms: 50, retry_max_ms: 300, breaker_failures: 5, breaker_cooldown_ms: 300, timeout_ms: 2000 }`,
      'auth:',
    ].join('\n'),
  );
  h = await startFaultHarness(policy);
}, 60_000);
afterAll(async () => {
  await h?.close();
  await rs?.stop();
});

const types = (file: string): string[] =>
  fs.existsSync(file) ? records(file).map((r) => String(r.type ?? r.kind)) : [];

describe('sink outage and recovery', () => {
  it('records sink_failure during the outage and sink_recovered after it', async () => {
    const s = await session(h.url);
    await s.call('echo', { text: 'before' });
    await waitFor(() => fs.existsSync(rs.out.tcp) && fs.statSync(rs.out.tcp).size > 0, 20_000);
    await rs.stop();
    for (let i = 0; i < 5; i++) await s.call('echo', { text: `during ${i}` });
    await waitFor(() => types(h.auditFile).includes('sink_failure'), 20_000);
    expect(types(h.auditFile)).not.toContain('sink_recovered');
    await rs.start();
    await s.call('echo', { text: 'after' });
    await waitFor(() => types(h.auditFile).includes('sink_recovered'), 20_000);
    const t = types(h.auditFile);
    expect(t.lastIndexOf('sink_recovered')).toBeGreaterThan(t.indexOf('sink_failure'));
    const rec = records(h.auditFile).find((r) => r.type === 'sink_recovered');
    expect(rec?.detail).toMatchObject({ sink: expect.stringContaining('siem') });
    // rsyslog ends up with the records written while it was down.
    const seqs = () =>
      new Set(
        fs
          .readFileSync(rs.out.tcp, 'utf8')
          .split('\n')
          .map((l) => /"seq":(\d+)/.exec(l)?.[1])
          .filter(Boolean),
      );
    const fileSeqs = records(h.auditFile).map((r) => String(r.seq));
    await waitFor(() => fileSeqs.every((q) => seqs().has(q)), 20_000);
  });
});

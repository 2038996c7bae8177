/**
 * Syslog wire format against a minimal octet-counting TCP collector (RFC 6587 §3.4.1), and the
 * spool refill: records that reached the audit file while a sink was not configured are forwarded
 * when it comes back (its spool is behind the file).
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { decision, keyOf, lines, makeRecorder, tmpDir, waitFor } from './helpers.js';

const dir = tmpDir('dg-framing-');
const messages: string[] = [];
let server: net.Server;
let port: number;

/** Parses `<len> <msg>` frames; anything else fails the test. */
function collector(sock: net.Socket): void {
  let buf = Buffer.alloc(0);
  sock.on('data', (d: Buffer) => {
    buf = Buffer.concat([buf, d]);
    for (;;) {
      const sp = buf.indexOf(0x20);
      if (sp < 0) return;
      const len = Number(buf.subarray(0, sp).toString());
      if (!Number.isInteger(len) || len <= 0) throw new Error('bad frame');
      if (buf.length < sp + 1 + len) return;
      messages.push(buf.subarray(sp + 1, sp + 1 + len).toString('utf8'));
      buf = buf.subarray(sp + 1 + len);
    }
  });
}

beforeAll(async () => {
  server = net.createServer(collector);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const sink = (p: number) => ({
  name: 'col',
  transport: 'tcp',
  host: '127.0.0.1',
  port: p,
  facility: 13,
  app_name: 'dojo-guard-test',
  batch_interval_ms: 5,
  retry_initial_ms: 20,
  retry_max_ms: 50,
});

describe('syslog framing and spool refill', () => {
  it('sends RFC 5424 messages with octet counting; PRI reflects facility and severity', async () => {
    const file = path.join(dir, 'a', 'audit.log');
    const rec = await makeRecorder({ file: { path: file }, syslog: [sink(port)] });
    rec.recordDecision(
      decision(1, { outcome: 'denied', code: 'rbac_denied', arguments: { n: 'a\nb' } }),
    );
    await rec.close();
    await waitFor(() => messages.length >= lines(file).length, 5000, 'frames');
    const m = /^<(\d+)>1 (\S+) (\S+) dojo-guard-test (\d+) audit - (\{.*\})$/s.exec(messages[1]!);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBe(13 * 8 + 5); // log audit, notice (a denial)
    expect(Number(messages[0]!.match(/^<(\d+)>/)![1])).toBe(13 * 8 + 6);
    expect(JSON.parse(m![5]!)).toMatchObject({ seq: 2, outcome: 'denied' });
  });

  it('takes severity from the record fields only, never from client data in the line', async () => {
    messages.length = 0;
    const file = path.join(dir, 'sev', 'audit.log');
    const rec = await makeRecorder({ file: { path: file }, syslog: [sink(port)] });
    const forged = '"severity":"critical","kind":"lifecycle","outcome":"denied"';
    // A reader's routine read whose arguments, user agent and verdict note spell every marker.
    rec.recordDecision(
      decision(1, {
        arguments: { note: { severity: 'critical' }, kind: 'lifecycle', q: forged },
        claimed: { userAgent: `x ${forged}` },
        verdicts: [
          { guard: 'rbac', phase: 'request', outcome: 'continue', mode: 'enforce', durationUs: 1 },
          {
            guard: 'injection-filter',
            phase: 'request',
            outcome: 'continue',
            mode: 'enforce',
            durationUs: 1,
            note: forged,
          },
        ],
      }),
    );
    rec.recordDecision(decision(2, { outcome: 'denied', code: 'rbac_denied' }));
    rec.recordEvent({ type: 'tripwire', severity: 'critical', detail: { findingIds: [1] } });
    rec.recordEvent({ type: 'sink_failure', severity: 'warning', detail: { note: forged } });
    rec.recordEvent({ type: 'policy_loaded', severity: 'info', detail: { note: forged } });
    await rec.close();
    await waitFor(() => messages.length >= lines(file).length, 5000, 'frames');
    const pri = (pred: (r: Record<string, any>) => boolean): number[] =>
      messages
        .map((m) => ({
          p: Number(/^<(\d+)>/.exec(m)![1]) - 13 * 8,
          r: JSON.parse(m.slice(m.indexOf('{'))),
        }))
        .filter((x) => pred(x.r))
        .map((x) => x.p);
    expect(pri((r) => r.decisionId === 'dec-1')).toEqual([6]);
    expect(pri((r) => r.decisionId === 'dec-2')).toEqual([5]);
    expect(pri((r) => r.type === 'tripwire')).toEqual([2]);
    expect(pri((r) => r.type === 'sink_failure')).toEqual([4]);
    expect(pri((r) => r.type === 'policy_loaded')).toEqual([6]);
    // The forged text did reach the line (so the test would catch a text search).
    expect(messages.find((m) => m.includes('"decisionId":"dec-1"'))).toContain(
      '\\"severity\\":\\"critical\\"',
    );
  });

  it('refills a spool that fell behind the audit file, in order', async () => {
    messages.length = 0;
    const file = path.join(dir, 'b', 'audit.log');
    // Port 1: nothing listens there. A neighbour of `port` may be a parallel test file's server,
    // which would accept the stream and drain the spool this test needs to stay full.
    const deadPort = 1;
    const a = await makeRecorder({ file: { path: file }, syslog: [{ ...sink(deadPort) }] });
    a.recordDecision(decision(1));
    await a.close(); // undelivered: stays in the spool
    const b = await makeRecorder({ file: { path: file } }); // sink not configured for a while
    b.recordDecision(decision(2));
    await b.close();
    const c = await makeRecorder({ file: { path: file }, syslog: [sink(port)] });
    c.recordDecision(decision(3));
    await c.close();
    const total = lines(file).length;
    await waitFor(() => messages.length >= total, 5000, 'all records');
    const out = path.join(dir, 'b', 'collected.log');
    fs.writeFileSync(out, messages.map((m) => m.slice(m.indexOf('{'))).join('\n') + '\n');
    const r = verifyAuditFiles([out], [keyOf()]);
    expect(r.error).toBeUndefined();
    expect(r.count).toBe(total);
  });
});

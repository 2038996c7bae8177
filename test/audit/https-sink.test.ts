import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { decision, keyOf, lines, makeCa, makeRecorder, tmpDir, waitFor } from './helpers.js';

let dir: string;
let caFile: string;
let server: https.Server;
let url: string;
/** Raw bodies received with 2xx, per path. */
const received = new Map<string, { auth: string | undefined; body: string }[]>();
let failNext = 0;
/** Requests to leave unanswered (the body was received: a real duplicate on retry). */
let hangNext = 0;
const TOKEN = 'hec-token-0123456789';

beforeAll(async () => {
  dir = tmpDir('dg-https-');
  const ca = makeCa(dir);
  caFile = ca.caFile;
  server = https.createServer(
    { cert: fs.readFileSync(ca.certFile), key: fs.readFileSync(ca.keyFile) },
    (req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        if (hangNext > 0 && req.url === '/hang') {
          hangNext--;
          const list = received.get(req.url) ?? [];
          list.push({ auth: req.headers.authorization, body });
          received.set(req.url, list);
          return; // never answer: the client times out although the records arrived
        }
        if (failNext > 0) {
          failNext--;
          res.writeHead(503).end();
          return;
        }
        const list = received.get(req.url!) ?? [];
        list.push({ auth: req.headers.authorization, body });
        received.set(req.url!, list);
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end('{"text":"Success","code":0}');
      });
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  fs.rmSync(dir, { recursive: true, force: true });
});

const fast = {
  batch_interval_ms: 10,
  retry_initial_ms: 20,
  retry_max_ms: 100,
  breaker_cooldown_ms: 100,
};

/** Writes the records a collector path received (generic arrays or HEC events) as JSON lines. */
function dump(p: string, shape: 'generic' | 'splunk_hec'): string {
  const out: string[] = [];
  for (const { body } of received.get(p) ?? []) {
    if (shape === 'generic')
      for (const r of JSON.parse(body) as unknown[]) out.push(JSON.stringify(r));
    else
      for (const l of body.split('\n'))
        out.push(JSON.stringify((JSON.parse(l) as { event: unknown }).event));
  }
  const f = path.join(dir, `${p.replace(/\W/g, '_')}.jsonl`);
  fs.writeFileSync(f, out.join('\n') + '\n');
  return f;
}

describe('HTTPS sink', () => {
  it('posts generic JSON batches with a bearer token over TLS with a custom CA; survives 503s', async () => {
    const file = path.join(dir, 'g', 'audit.log');
    failNext = 3;
    const rec = await makeRecorder({
      file: { path: file },
      https: [{ url: `${url}/generic`, token: TOKEN, ca_file: caFile, batch_size: 25, ...fast }],
    });
    for (let i = 0; i < 120; i++) rec.recordDecision(decision(i));
    await waitFor(
      () => rec.sinks[0]!.spool.pendingBytes() === 0 && failNext === 0,
      15_000,
      'delivery',
    );
    await rec.close();
    const got = received.get('/generic')!;
    expect(got.every((g) => g.auth === `Bearer ${TOKEN}`)).toBe(true);
    expect(
      Math.max(...got.map((g) => (JSON.parse(g.body) as unknown[]).length)),
    ).toBeLessThanOrEqual(25);
    const f = dump('/generic', 'generic');
    const r = verifyAuditFiles([f], [keyOf()]);
    expect(r.error).toBeUndefined();
    expect(r.count).toBe(lines(file).length);
    expect(r.replaysSkipped).toBe(0); // 503 batches never reached a 2xx
    expect(fs.readFileSync(file, 'utf8')).toContain('"type":"sink_failure"');
    expect(fs.readFileSync(file, 'utf8')).not.toContain(TOKEN);
  });

  it('posts Splunk HEC events with `Authorization: Splunk <token>`', async () => {
    const file = path.join(dir, 's', 'audit.log');
    const rec = await makeRecorder({
      file: { path: file },
      https: [
        {
          url: `${url}/services/collector/event`,
          format: 'splunk_hec',
          token: TOKEN,
          ca_file: caFile,
          ...fast,
        },
      ],
    });
    for (let i = 0; i < 30; i++) rec.recordDecision(decision(i));
    await rec.close();
    await waitFor(() => (received.get('/services/collector/event')?.length ?? 0) > 0, 5000, 'hec');
    const got = received.get('/services/collector/event')!;
    expect(got[0]!.auth).toBe(`Splunk ${TOKEN}`);
    const first = JSON.parse(got[0]!.body.split('\n')[0]!) as Record<string, unknown>;
    expect(first).toMatchObject({ sourcetype: 'dojo-guard:audit', event: { seq: 1 } });
    expect(typeof first.time).toBe('number');
    const r = verifyAuditFiles([dump('/services/collector/event', 'splunk_hec')], [keyOf()]);
    expect(r).toMatchObject({ ok: true, count: lines(file).length });
  });

  it('refuses a collector whose certificate the configured CA does not sign (records stay spooled)', async () => {
    const file = path.join(dir, 'x', 'audit.log');
    const rec = await makeRecorder({
      file: { path: file },
      https: [{ url: `${url}/untrusted`, ...fast }],
    });
    rec.recordDecision(decision(1));
    await waitFor(() => rec.sinks[0]!.failedAttempts > 0, 5000, 'tls failure');
    expect(rec.sinks[0]!.spool.pendingBytes()).toBeGreaterThan(0);
    expect(received.get('/untrusted')).toBeUndefined();
    await rec.close();
  });

  it('rejects plain http to a non-loopback collector at startup', async () => {
    await expect(
      makeRecorder({ https: [{ url: 'http://collector.example.com/x' }] }),
    ).rejects.toThrow(/loopback/);
  });

  it('re-sends a batch whose answer timed out marked as replays; verify drops the duplicates', async () => {
    const file = path.join(dir, 'h', 'audit.log');
    hangNext = 1;
    const rec = await makeRecorder({
      file: { path: file },
      https: [{ url: `${url}/hang`, ca_file: caFile, batch_size: 500, timeout_ms: 300, ...fast }],
    });
    for (let i = 0; i < 20; i++) rec.recordDecision(decision(i));
    await waitFor(
      () => rec.sinks[0]!.spool.pendingBytes() === 0 && hangNext === 0,
      10_000,
      'retry',
    );
    await rec.close();
    const f = dump('/hang', 'generic');
    const all = lines(f).map((l) => JSON.parse(l) as { seq: number; replay?: boolean });
    const firsts = all.filter((r) => r.replay !== true).map((r) => r.seq);
    expect(new Set(firsts).size).toBe(firsts.length);
    expect(all.some((r) => r.replay === true)).toBe(true);
    const r = verifyAuditFiles([f], [keyOf()]);
    expect(r.error).toBeUndefined();
    expect(r.count).toBe(lines(file).length);
    expect(r.replaysSkipped).toBeGreaterThan(0);
  });
});

/**
 * Request body time limits through the real proxy process (src/proxy/body-timeouts.ts), with raw
 * sockets: half-sent bodies, bodies trickled a byte at a time, trickled headers and unauthenticated
 * trickles are all closed within the limits; where an answer is still possible the client gets 408
 * with a JSON-RPC `request_timeout` error, and the refusal is audited. Responses that last longer
 * than the body limit (SSE) are not cut.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDecisions, waitFor } from '../proxy-hardening/setup.js';
import { faultPolicy, session, startFaultHarness, TOKEN, type FaultHarness } from './setup.js';

const IDLE_MS = 1_000;
const TOTAL_MS = 3_000;
/** Node's backstop: the policy limit + 2 s slack, checked every second; plus load margin. */
const BACKSTOP_MS = TOTAL_MS + 2_000 + 1_000;
const MARGIN_MS = 3_000;
let h: FaultHarness;
let port: number;

beforeAll(async () => {
  h = await startFaultHarness(
    faultPolicy({
      server: ['caps:', `  body_idle_timeout_ms: ${IDLE_MS}`, `  body_timeout_ms: ${TOTAL_MS}`],
      upstream: ['sse_idle_timeout_ms: 20000'],
    }),
  );
  port = Number(new URL(h.url).port);
});
afterAll(async () => {
  await h?.close();
});

interface RawConn {
  /** Resolves when the proxy closed the connection: elapsed ms and everything it sent. */
  closed: Promise<{ ms: number; text: string }>;
  write(s: string): void;
  destroy(): void;
}

function connect(): Promise<RawConn> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const s = net.connect(port, '127.0.0.1');
    let text = '';
    s.on('data', (d: Buffer) => (text += d.toString('utf8')));
    const closed = new Promise<{ ms: number; text: string }>((done) => {
      s.on('close', () => done({ ms: Date.now() - started, text }));
    });
    s.on('error', () => undefined);
    s.once('connect', () =>
      resolve({
        closed,
        write: (x) => void (!s.destroyed && s.write(x)),
        destroy: () => s.destroy(),
      }),
    );
    s.once('error', reject);
  });
}

const BODY = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ping', padding: 'x'.repeat(200) });
const head = (auth: boolean, length = Buffer.byteLength(BODY)): string =>
  [
    'POST /mcp HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Content-Type: application/json',
    'Accept: application/json, text/event-stream',
    ...(auth ? [`Authorization: Bearer ${TOKEN}`] : []),
    `Content-Length: ${length}`,
    '',
    '',
  ].join('\r\n');

/** The JSON body of a raw HTTP/1.1 answer (content-length framed). */
function jsonOf(text: string): any {
  const body = text.slice(text.indexOf('\r\n\r\n') + 4);
  return JSON.parse(body);
}

/** Sends one byte of `rest` every `everyMs` until the socket closes. */
function trickle(c: RawConn, rest: string, everyMs: number): () => void {
  let i = 0;
  const t = setInterval(() => {
    if (i < rest.length) c.write(rest[i++]!);
  }, everyMs);
  void c.closed.then(() => clearInterval(t));
  return () => clearInterval(t);
}

describe('request body time limits', () => {
  it('answers 20 half-sent bodies with 408 request_timeout at the idle limit and closes them', async () => {
    const conns = await Promise.all(Array.from({ length: 20 }, () => connect()));
    for (const c of conns) c.write(head(true) + BODY.slice(0, 60));
    const results = await Promise.all(conns.map((c) => c.closed));
    for (const r of results) {
      expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
      expect(r.ms).toBeGreaterThanOrEqual(IDLE_MS - 100);
      expect(r.ms).toBeLessThan(IDLE_MS + MARGIN_MS);
      expect(jsonOf(r.text)).toMatchObject({
        jsonrpc: '2.0',
        id: null,
        error: { code: -32600, data: { code: 'request_timeout' } },
      });
    }
    const ids = results.map((r) => jsonOf(r.text).error.data.decisionId as string);
    await waitFor(() =>
      ids.every((id) =>
        auditDecisions(h.auditFile).some(
          (d) => d.decisionId === id && d.code === 'request_timeout',
        ),
      ),
    );
  });

  it('answers a body trickled a byte at a time (never idle) at the total limit', async () => {
    const c = await connect();
    c.write(head(true));
    trickle(c, BODY, 300);
    const r = await c.closed;
    expect(r.text).toMatch(/^HTTP\/1\.1 408 /);
    expect(jsonOf(r.text).error.data.code).toBe('request_timeout');
    expect(r.ms).toBeGreaterThanOrEqual(TOTAL_MS - 100);
    expect(r.ms).toBeLessThan(TOTAL_MS + MARGIN_MS);
  });

  it('closes a connection that trickles its headers', async () => {
    const c = await connect();
    const stop = trickle(c, head(true), 300);
    const r = await c.closed;
    stop();
    // Node's headersTimeout/requestTimeout: no JSON-RPC answer is possible before the headers.
    expect(r.ms).toBeLessThan(BACKSTOP_MS + MARGIN_MS);
    expect(r.text === '' || /^HTTP\/1\.1 408 /.test(r.text)).toBe(true);
  });

  it('closes an unauthenticated connection that keeps trickling after its 401', async () => {
    const c = await connect();
    c.write(head(false));
    trickle(c, BODY, 300);
    const r = await c.closed;
    expect(r.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(r.ms).toBeLessThan(BACKSTOP_MS + MARGIN_MS);
  });

  it('does not cut an SSE response that lasts longer than the body limit', async () => {
    const s = await session(h.url);
    const r = await s.call('slow', { ms: TOTAL_MS + 2_000 });
    expect(r.answer?.result.content[0].text).toBe(`slept ${TOTAL_MS + 2_000}`);
  });

  it('still serves a body sent at once', async () => {
    const s = await session(h.url);
    const r = await s.call('echo', { text: 'whole' });
    expect(r.answer?.result.content[0].text).toBe('whole');
  });
});

/**
 * SSE framing through the proxy against a hand-written upstream that sends awkward but legal
 * streams: byte-by-byte chunks (split UTF-8), CRLF and CR line ends, a BOM, comments, priming
 * events, `retry:`, multi-line data, and events over the cap.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { MemoryStore } from '../../src/state/memory.js';
import { createProxyServer, type ProxyServer } from '../../src/proxy/server.js';
import { testPolicy } from './helpers/policy.js';
import { POST_HEADERS, raw } from './helpers/raw.js';
import { UPSTREAM_SECRET } from './helpers/upstream.js';

let script: (res: http.ServerResponse) => Promise<void>;
let upstream: http.Server;
let proxy: ProxyServer;
let url: string;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  upstream = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => void script(res));
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', () => r()));
  const up = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`;
  proxy = createProxyServer({
    policy: () => testPolicy(up, { caps: { maxSseEventBytes: 4096, maxResponseBytes: 8192 } }),
    store: new MemoryStore(),
    recorder: new MemoryRecorder(),
  });
  url = `${(await proxy.listen('127.0.0.1', 0)).url}/mcp`;
});
afterAll(async () => {
  await proxy?.close();
  upstream?.closeAllConnections();
  await new Promise<void>((r) => upstream?.close(() => r()));
});

const request = (
  id: number | string = 7,
): Promise<ReturnType<typeof raw> extends Promise<infer R> ? R : never> =>
  raw(url, {
    headers: { ...POST_HEADERS, authorization: 'Bearer tok-alice' },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'x', arguments: {} },
    }),
  });

function parseEvents(text: string): {
  events: EventSourceMessage[];
  retries: number[];
  comments: string[];
} {
  const events: EventSourceMessage[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const p = createParser({
    onEvent: (e) => events.push(e),
    onRetry: (r) => retries.push(r),
    onComment: (c) => comments.push(c),
  });
  p.feed(text);
  return { events, retries, comments };
}

function sseHead(res: http.ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

describe('SSE relay framing', () => {
  it('reassembles events split byte by byte (multi-byte UTF-8, CRLF, BOM) and keeps id/event/retry', async () => {
    const result = {
      jsonrpc: '2.0',
      id: 7,
      result: { content: [{ type: 'text', text: 'ünïcødé 日本 🎉' }] },
    };
    const progress = {
      jsonrpc: '2.0',
      method: 'notifications/progress',
      params: { progressToken: 1, progress: 1 },
    };
    const stream = Buffer.from(
      '\ufeff: hello\r\n\r\nid: e0\r\nretry: 5000\r\ndata:\r\n\r\n' +
        `id: e1\revent: message\rdata: ${JSON.stringify(progress)}\r\r` +
        `id: e2\ndata: ${JSON.stringify(result).replace('"result":', '"result":\ndata: ')}\n\n`,
      'utf8',
    );
    script = async (res) => {
      sseHead(res);
      for (const b of stream) {
        res.write(Buffer.from([b]));
        if (b === 0x0a) await sleep(1);
      }
      res.end();
    };
    const r = await request();
    expect(r.status).toBe(200);
    expect(r.headers['x-accel-buffering']).toBe('no');
    expect(r.headers['content-type']).toBe('text/event-stream');
    const { events, retries, comments } = parseEvents(r.text);
    expect(comments).toEqual(['hello']);
    expect(retries).toEqual([5000]);
    expect(events.map((e) => e.id)).toEqual(['e0', 'e1', 'e2']);
    expect(events[0]!.data).toBe('');
    expect(events[1]!.event).toBe('message');
    expect(JSON.parse(events[1]!.data)).toEqual(progress);
    expect(JSON.parse(events[2]!.data)).toEqual(result);
  });

  it('flushes each event as it arrives (first event before the stream ends)', async () => {
    script = async (res) => {
      sseHead(res);
      res.write(
        `data: ${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/message', params: { level: 'info', data: 'a' } })}\n\n`,
      );
      await sleep(600);
      res.end(`data: ${JSON.stringify({ jsonrpc: '2.0', id: 7, result: {} })}\n\n`);
    };
    // Measured against the end of the stream, not the request start: on a loaded box the
    // request itself may take hundreds of ms, but a buffering proxy delivers both together.
    const { firstAt, endAt } = await new Promise<{ firstAt: number; endAt: number }>(
      (resolve, reject) => {
        const req = http.request(
          url,
          { method: 'POST', headers: { ...POST_HEADERS, authorization: 'Bearer tok-alice' } },
          (res) => {
            let first = -1;
            res.on('data', () => {
              if (first < 0) first = performance.now();
            });
            res.on('end', () => resolve({ firstAt: first, endAt: performance.now() }));
            res.on('error', reject);
          },
        );
        req.on('error', reject);
        req.end(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ping' }));
      },
    );
    expect(firstAt).toBeGreaterThan(0);
    // The upstream waits 600 ms between the two events; buffering would make this gap ~0.
    expect(endAt - firstAt).toBeGreaterThan(300);
  });

  it('fails closed on an event over the size cap: error for the request id, nothing uninspected', async () => {
    script = async (res) => {
      sseHead(res);
      res.write(
        `data: ${JSON.stringify({ jsonrpc: '2.0', id: 7, result: { t: 'x'.repeat(10_000) } })}\n\n`,
      );
      res.end();
    };
    const r = await request();
    const { events } = parseEvents(r.text);
    expect(events).toHaveLength(1);
    expect(events[0]!.id).toBeUndefined();
    expect(JSON.parse(events[0]!.data)).toMatchObject({
      id: 7,
      error: { data: { code: 'response_too_large' } },
    });
    expect(r.text).not.toContain('xxxxxxxx');
  });

  it('fails closed on non-JSON event data', async () => {
    script = async (res) => {
      sseHead(res);
      res.end('data: <html>oops</html>\n\n');
    };
    const r = await request('s');
    const { events } = parseEvents(r.text);
    expect(JSON.parse(events[0]!.data)).toMatchObject({
      id: 's',
      error: { data: { code: 'upstream_error' } },
    });
    expect(r.text).not.toContain('oops');
  });

  it('redacts secrets inside SSE events, also in JSON-escaped form', async () => {
    script = async (res) => {
      sseHead(res);
      res.end(
        `data: ${JSON.stringify({ jsonrpc: '2.0', id: 7, result: { a: UPSTREAM_SECRET, b: `x${UPSTREAM_SECRET}y` } })}\n\n`,
      );
    };
    const r = await request();
    expect(r.text).not.toContain(UPSTREAM_SECRET);
    expect(JSON.parse(parseEvents(r.text).events[0]!.data).result).toEqual({
      a: '[REDACTED]',
      b: 'x[REDACTED]y',
    });
  });

  it('replaces HTML error pages from the upstream with a clean JSON-RPC error', async () => {
    script = async (res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end('<html><body>Bad gateway at /internal/host:8080 stack trace</body></html>');
    };
    const r = await request(12);
    expect(r.status).toBe(502);
    expect(r.json()).toMatchObject({
      id: 12,
      error: { code: -32603, data: { code: 'upstream_error' } },
    });
    expect(r.text).not.toContain('internal');
  });

  it('caps buffered JSON responses and recomputes Content-Length', async () => {
    script = async (res) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 7, result: { t: 'y'.repeat(9000) } });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    };
    const big = await request();
    expect(big.status).toBe(502);
    expect(big.json()).toMatchObject({ id: 7, error: { data: { code: 'response_too_large' } } });
    script = async (res) => {
      const body = JSON.stringify({ jsonrpc: '2.0', id: 7, result: { t: `é ${UPSTREAM_SECRET}` } });
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
        connection: 'keep-alive',
        'set-cookie': 'a=b',
      });
      res.end(body);
    };
    const ok = await request();
    expect(Number(ok.headers['content-length'])).toBe(Buffer.byteLength(ok.text));
    expect(ok.headers['set-cookie']).toBeUndefined();
    expect(ok.json().result.t).toBe('é [REDACTED]');
  });

  it('times out a silent JSON upstream with 504', async () => {
    const slowProxy = createProxyServer({
      policy: () =>
        testPolicy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`, {
          timeoutMs: 300,
        }),
      store: new MemoryStore(),
      recorder: new MemoryRecorder(),
    });
    const u = `${(await slowProxy.listen('127.0.0.1', 0)).url}/mcp`;
    script = async (res) => {
      await sleep(1500);
      if (!res.destroyed) res.end();
    };
    const r = await raw(u, {
      headers: { ...POST_HEADERS, authorization: 'Bearer tok-alice' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(r.status).toBe(504);
    expect(r.json()).toMatchObject({ id: 1, error: { data: { code: 'upstream_timeout' } } });
    await slowProxy.close();
  });

  it('maps an upstream 401/403 (the proxy credential) to 502 and never relays its challenge', async () => {
    script = async (res) => {
      res.writeHead(401, {
        'www-authenticate': 'Token realm="upstream"',
        'content-type': 'application/json',
      });
      res.end('{"detail":"Invalid token."}');
    };
    const r = await request(4);
    expect(r.status).toBe(502);
    expect(r.headers['www-authenticate']).toBeUndefined();
    expect(r.json()).toMatchObject({ id: 4, error: { data: { code: 'upstream_error' } } });
  });

  it('times out a JSON body that stalls after the headers with 504', async () => {
    const slowProxy = createProxyServer({
      policy: () =>
        testPolicy(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}/mcp`, {
          timeoutMs: 300,
        }),
      store: new MemoryStore(),
      recorder: new MemoryRecorder(),
    });
    const u = `${(await slowProxy.listen('127.0.0.1', 0)).url}/mcp`;
    script = async (res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"jsonrpc":"2.0",');
      await sleep(1200);
      if (!res.destroyed) res.end('"id":1,"result":{}}');
    };
    const r = await raw(u, {
      headers: { ...POST_HEADERS, authorization: 'Bearer tok-alice' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(r.status).toBe(504);
    expect(r.json()).toMatchObject({ id: 1, error: { data: { code: 'upstream_timeout' } } });
    await slowProxy.close();
  });
});

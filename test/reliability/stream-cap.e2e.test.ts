/**
 * The per-principal SSE stream cap is exact (src/proxy/stream-limits.ts), through the real proxy
 * process: N + 3 concurrent requests that the upstream answers with stalled SSE streams admit
 * exactly N (only N reach the upstream), refuse 3 with 429 `too_many_streams`, leave other
 * principals alone, and a closed stream frees exactly one slot.
 */
import http from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../proxy-hardening/setup.js';
import { faultPolicy, session, startFaultHarness, TOKEN2, type FaultHarness } from './setup.js';

const CAP = 6;
let h: FaultHarness;
const opened: Open[] = [];

beforeAll(async () => {
  h = await startFaultHarness(
    faultPolicy({
      server: ['caps:', `  max_sse_streams_per_principal: ${CAP}`],
      upstream: ['sse_idle_timeout_ms: 60000'],
    }),
  );
});
afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});
afterAll(async () => {
  await h?.close();
});

interface Open {
  status: number;
  text: Promise<string>;
  close(): void;
}

/** POSTs a tools/call and resolves once response headers arrive (the stream stays open). */
function open(headers: Record<string, string>, id: number, tool = 'stall_sse'): Promise<Open> {
  return new Promise((resolve, reject) => {
    const req = http.request(h.url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      const done = new Promise<string>((r) => {
        res.on('end', () => r(text));
        res.on('close', () => r(text));
      });
      const o = { status: res.statusCode ?? 0, text: done, close: () => req.destroy() };
      opened.push(o);
      resolve(o);
    });
    req.on('error', reject);
    req.end(
      JSON.stringify({
        jsonrpc: '2.0',
        id,
        method: 'tools/call',
        params: { name: tool, arguments: {} },
      }),
    );
  });
}

describe('SSE stream cap per principal', () => {
  it('admits exactly the cap of concurrent streams and refuses the rest before the upstream', async () => {
    const s = await session(h.url);
    const all = await Promise.all(
      Array.from({ length: CAP + 3 }, (_, i) => open(s.headers, 1000 + i)),
    );
    const admitted = all.filter((o) => o.status === 200);
    const refused = all.filter((o) => o.status === 429);
    expect(admitted).toHaveLength(CAP);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(JSON.parse(await r.text).error).toMatchObject({
        code: -32003,
        data: { code: 'too_many_streams' },
      });
    }
    expect(h.fake.calls('stall_sse')).toHaveLength(CAP);

    // At the boundary: one more is refused, another principal is not affected.
    const extra = await open(s.headers, 2000);
    expect(extra.status).toBe(429);
    const bob = await session(h.url, TOKEN2);
    const b = await bob.call('echo', { text: 'bob' });
    expect(b.answer?.result.content[0].text).toBe('bob');

    // Closing one stream frees exactly one slot.
    admitted[0]!.close();
    const next = await waitFor(async () => {
      const o = await open(s.headers, 3000 + Math.floor(Math.random() * 1e6));
      if (o.status === 200) return o;
      return undefined;
    });
    expect(next.status).toBe(200);
    const after = await open(s.headers, 4000);
    expect(after.status).toBe(429);
    expect(h.fake.calls('stall_sse')).toHaveLength(CAP + 1);
  });

  it('counts a request whose answer is JSON only while it is in flight', async () => {
    // The first test's streams were closed: their slots come back once the proxy sees the close.
    const s = await waitFor(() => session(h.url).catch(() => undefined));
    // Sequential short requests far beyond the cap: each slot comes back when its answer closes.
    for (let i = 0; i < CAP * 3; i++) {
      const r = await s.call('echo', { text: `n${i}` });
      expect(r.answer?.result.content[0].text).toBe(`n${i}`);
    }
  });
});

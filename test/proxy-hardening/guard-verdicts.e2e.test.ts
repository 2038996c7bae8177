/**
 * Every refusal names its guard in the decision record, through the real proxy process: a
 * stream-cap refusal is the `stream-limits` admission guard's verdict, a rewrite the `Mcp-Param-*`
 * headers cannot follow is the `mcp-param-headers` guard's (refused after the chain), and the
 * per-guard verdict counters of /metrics count both.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, POST_HEADERS, raw } from '../proxy/helpers/raw.js';
import { sample } from '../helpers/metrics-text.js';
import { auditDecisions, startHarness, waitFor, type Harness } from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ caps: { max_sse_streams_per_principal: 1 } });
});
afterAll(async () => {
  await h?.close();
});

const headersFor = (token: string, sid: string) => ({
  ...POST_HEADERS,
  authorization: `Bearer ${token}`,
  'mcp-session-id': sid,
  'mcp-protocol-version': '2025-06-18',
});

const call = (id: number, name: string, args: Record<string, unknown>) =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } });

async function verdicts(guard: string, code: string): Promise<number> {
  const text = (await raw(`${h.origin}/metrics`, { method: 'GET' })).text;
  return sample(text, 'dojo_guard_guard_verdicts_total', { guard, code, outcome: 'deny' }) ?? 0;
}

describe('refusals as guard verdicts', () => {
  it('records a stream-cap refusal as the stream-limits verdict, with Retry-After', async () => {
    const sid = await openSession(h.url, 'tok-asker');
    const headers = headersFor('tok-asker', sid);
    const before = await verdicts('stream-limits', 'too_many_streams');
    // One slow request holds the principal's only slot while a second one is refused.
    const slow = new Promise<void>((resolve, reject) => {
      const req = http.request(h.url, { method: 'POST', headers }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end(call(1, 'slow', { ms: 1500 }));
    });
    const refused = await waitFor(async () => {
      const r = await raw(h.url, { headers, body: call(2, 'echo', { text: 'x' }) });
      return r.status === 429 ? r : undefined;
    });
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json().error.data).toMatchObject({
      code: 'too_many_streams',
      cap: 'sse_per_principal',
    });
    const rec = await waitFor(() =>
      auditDecisions(h.auditFile).find(
        (d) => d.code === 'too_many_streams' && d.principal?.id === 'asker-user',
      ),
    );
    expect(rec.verdicts).toEqual([
      expect.objectContaining({
        guard: 'stream-limits',
        outcome: 'deny',
        code: 'too_many_streams',
      }),
    ]);
    expect(await verdicts('stream-limits', 'too_many_streams')).toBeGreaterThan(before);
    await slow;
  });

  it('records a rewrite the Mcp-Param headers cannot follow as the mcp-param-headers verdict', async () => {
    const sid = await openSession(h.url, 'tok-plain');
    const before = await verdicts('mcp-param-headers', 'header_rewrite_conflict');
    const r = await raw(h.url, {
      headers: {
        ...headersFor('tok-plain', sid),
        'mcp-method': 'tools/call',
        'mcp-name': 'args',
        'mcp-param-x-tenant-id': 'evil-tenant',
      },
      body: call(3, 'args', { text: 'x' }),
    });
    expect(r.status).toBe(400);
    expect(r.json().error.data).toMatchObject({ code: 'header_rewrite_conflict' });
    const rec = await waitFor(() =>
      auditDecisions(h.auditFile).find((d) => d.code === 'header_rewrite_conflict'),
    );
    expect(rec.verdicts.at(-1)).toMatchObject({
      guard: 'mcp-param-headers',
      outcome: 'deny',
      mode: 'enforce',
      code: 'header_rewrite_conflict',
    });
    expect(await verdicts('mcp-param-headers', 'header_rewrite_conflict')).toBe(before + 1);
  });
});

/**
 * SSE idle and total timeouts through the real proxy process (src/proxy/upstream-timeouts.ts):
 * a stalled or endlessly trickling upstream stream ends the client's request with a JSON-RPC
 * `upstream_timeout` error and an `error` audit record, and the upstream connection is closed; a
 * per-tool override lets a long import run past the upstream-wide limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDecisions, waitFor } from '../proxy-hardening/setup.js';
import { faultPolicy, session, startFaultHarness, type FaultHarness } from './setup.js';

const IDLE_MS = 1_500;
const TOTAL_MS = 4_000;
const HEADERS_MS = 3_000;
let h: FaultHarness;

beforeAll(async () => {
  h = await startFaultHarness(
    faultPolicy({
      upstream: [
        `timeout_ms: ${HEADERS_MS}`,
        `sse_idle_timeout_ms: ${IDLE_MS}`,
        `sse_total_timeout_ms: ${TOTAL_MS}`,
        'tool_timeouts:',
        '  - { tools: [long_import], sse_idle_timeout_ms: 20000, sse_total_timeout_ms: 30000 }',
      ],
    }),
    { tools: { long_import: 'slow' } },
  );
});
afterAll(async () => {
  await h?.close();
});

/** The audit record of the request whose answer carried `decisionId`. */
async function recordOf(decisionId: string): Promise<any> {
  return waitFor(() => auditDecisions(h.auditFile).find((r) => r.decisionId === decisionId));
}

describe('SSE response timeouts', () => {
  it('ends a stalled stream after the idle limit with upstream_timeout, audited as error', async () => {
    const s = await session(h.url);
    const r = await s.call('stall_sse');
    expect(r.res.status).toBe(200);
    expect(r.answer?.error).toMatchObject({ code: -32603, data: { code: 'upstream_timeout' } });
    expect(r.ms).toBeGreaterThanOrEqual(IDLE_MS - 100);
    expect(r.ms).toBeLessThan(TOTAL_MS);
    const rec = await recordOf(r.answer.error.data.decisionId);
    expect(rec).toMatchObject({ outcome: 'error', code: 'upstream_timeout', tool: 'stall_sse' });
    // The proxy closed its upstream connection: nothing keeps waiting on the stalled stream.
    await waitFor(() => h.fake.calls('stall_sse').at(-1)?.closedAt);
  });

  it('ends a trickling stream (never idle) at the total limit, after relaying what came', async () => {
    const s = await session(h.url);
    const r = await s.call('trickle_sse', { every_ms: 200 });
    expect(r.answer?.error).toMatchObject({ data: { code: 'upstream_timeout' } });
    expect(r.ms).toBeGreaterThanOrEqual(TOTAL_MS - 100);
    expect(r.ms).toBeLessThan(TOTAL_MS + 5_000);
    const ticks = r.messages.filter((m) => m.method === 'notifications/message');
    expect(ticks.length).toBeGreaterThan(3);
    const rec = await recordOf(r.answer.error.data.decisionId);
    expect(rec).toMatchObject({ outcome: 'error', code: 'upstream_timeout' });
    await waitFor(() => h.fake.calls('trickle_sse').at(-1)?.closedAt);
  });

  it('lets a tool with a per-tool override run past both upstream-wide limits', async () => {
    const s = await session(h.url);
    const r = await s.call('long_import', { ms: TOTAL_MS + 1_000 });
    expect(r.answer?.error).toBeUndefined();
    expect(r.text).toBe(`slept ${TOTAL_MS + 1_000}`);
    expect(r.ms).toBeGreaterThanOrEqual(TOTAL_MS + 1_000);
  });

  it('still cuts the same slow answer for a tool without an override (idle limit)', async () => {
    const s = await session(h.url);
    const r = await s.call('slow', { ms: TOTAL_MS + 1_000 });
    expect(r.answer?.error).toMatchObject({ data: { code: 'upstream_timeout' } });
    expect(r.ms).toBeLessThan(TOTAL_MS);
  });

  it('answers 504 upstream_timeout when the upstream never sends headers', async () => {
    const s = await session(h.url);
    const r = await s.call('stall_headers');
    expect(r.res.status).toBe(504);
    expect(r.answer?.error).toMatchObject({ code: -32603, data: { code: 'upstream_timeout' } });
    expect(r.ms).toBeGreaterThanOrEqual(HEADERS_MS - 100);
    const rec = await recordOf(r.answer.error.data.decisionId);
    expect(rec).toMatchObject({ outcome: 'error', code: 'upstream_timeout' });
  });
});

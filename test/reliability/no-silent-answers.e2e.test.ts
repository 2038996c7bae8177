/**
 * No silent empty answers, through the real proxy process: whenever the upstream ends without
 * answering a forwarded request (SSE cut mid-event, SSE closed early, empty 200 JSON, 202 to a
 * request, empty 502, an answer to another id) the client gets a JSON-RPC error for its own id,
 * and the audit record's outcome is `error`, never `allowed`. And when the upstream fails *after*
 * its answer passed the response chain (stream reset, an HTTP error status), the one record
 * settled per request (src/proxy/post.ts) says `error` too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditDecisions, waitFor } from '../proxy-hardening/setup.js';
import { faultPolicy, session, startFaultHarness, type FaultHarness } from './setup.js';

let sse: FaultHarness;
let json: FaultHarness;

beforeAll(async () => {
  [sse, json] = await Promise.all([
    startFaultHarness(faultPolicy()),
    startFaultHarness(faultPolicy(), { json: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([sse?.close(), json?.close()]);
});

const CASES: { tool: string; status: number; code: string; on: () => FaultHarness }[] = [
  { tool: 'cut_mid_event', status: 200, code: 'upstream_incomplete', on: () => sse },
  { tool: 'end_sse_unanswered', status: 200, code: 'upstream_incomplete', on: () => sse },
  { tool: 'empty_json_200', status: 502, code: 'upstream_incomplete', on: () => json },
  { tool: 'empty_202', status: 502, code: 'upstream_incomplete', on: () => json },
  { tool: 'empty_502', status: 502, code: 'upstream_error', on: () => json },
  { tool: 'text_500', status: 502, code: 'upstream_error', on: () => json },
  { tool: 'wrong_id_json', status: 502, code: 'upstream_incomplete', on: () => json },
];

describe('the upstream ends without answering a forwarded request', () => {
  for (const c of CASES) {
    it(`${c.tool}: JSON-RPC error for the request id, audited as error`, async () => {
      const h = c.on();
      const s = await session(h.url);
      const r = await s.call(c.tool);
      expect(r.res.status).toBe(c.status);
      expect(r.answer, r.res.text).toBeDefined();
      expect(r.answer.error).toMatchObject({ code: -32603, data: { code: c.code } });
      const decisionId = r.answer.error.data.decisionId as string;
      expect(r.res.headers['mcp-guard-decision-id']).toBe(decisionId);
      const rec = await waitFor(() =>
        auditDecisions(h.auditFile).find((x) => x.decisionId === decisionId),
      );
      expect(rec).toMatchObject({ outcome: 'error', code: c.code, tool: c.tool });
      // Exactly one record for the request: no second, contradicting `allowed` one.
      expect(auditDecisions(h.auditFile).filter((x) => x.decisionId === decisionId)).toHaveLength(
        1,
      );
    });
  }

  it('relays the notifications that came before the stream ended, then the error', async () => {
    const s = await session(sse.url);
    const r = await s.call('end_sse_unanswered');
    expect(r.messages.map((m) => m.method ?? 'answer')).toEqual([
      'notifications/message',
      'answer',
    ]);
  });

  it('still relays a healthy answer in both modes', async () => {
    for (const h of [sse, json]) {
      const r = await (await session(h.url)).call('echo', { text: 'fine' });
      expect(r.text).toBe('fine');
    }
  });
});

async function recordOf(h: FaultHarness, decisionId: string) {
  const rec = await waitFor(() =>
    auditDecisions(h.auditFile).find((x) => x.decisionId === decisionId),
  );
  // Exactly one record for the request.
  expect(auditDecisions(h.auditFile).filter((x) => x.decisionId === decisionId)).toHaveLength(1);
  return rec;
}

describe('the upstream fails after its answer passed the response chain', () => {
  it('answer, then the SSE connection is reset: the client has the answer, the record says error', async () => {
    const r = await (await session(sse.url)).call('answer_then_cut');
    expect(r.text).toBe('answered, then cut');
    const decisionId = r.res.headers['mcp-guard-decision-id'] as string;
    expect(decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await recordOf(sse, decisionId)).toMatchObject({
      outcome: 'error',
      code: 'upstream_error',
      tool: 'answer_then_cut',
    });
  });

  it('a JSON-RPC result under HTTP 500: relayed with its status, the record says error', async () => {
    const r = await (await session(json.url)).call('answer_json_500');
    expect(r.res.status).toBe(500);
    expect(r.text).toBe('a result with a 500');
    const decisionId = r.res.headers['mcp-guard-decision-id'] as string;
    expect(await recordOf(json, decisionId)).toMatchObject({
      outcome: 'error',
      code: 'upstream_error',
      upstreamStatus: 500,
      tool: 'answer_json_500',
    });
  });

  it('a clean answer still records allowed', async () => {
    for (const h of [sse, json]) {
      const r = await (await session(h.url)).call('echo', { text: 'fine' });
      const decisionId = r.res.headers['mcp-guard-decision-id'] as string;
      expect(await recordOf(h, decisionId)).toMatchObject({ outcome: 'allowed', tool: 'echo' });
    }
  });
});

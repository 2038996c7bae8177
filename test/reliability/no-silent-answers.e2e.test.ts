/**
 * No silent empty answers, through the real proxy process: whenever the upstream ends without
 * answering a forwarded request (SSE cut mid-event, SSE closed early, empty 200 JSON, 202 to a
 * request, empty 502, an answer to another id) the client gets a JSON-RPC error for its own id,
 * and the audit record's outcome is `error`, never `allowed`.
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

/**
 * The decision record tells the truth when the upstream fails *after* it answered: one place
 * settles the record (src/proxy/post.ts), so a correlated answer noted as allowed does not hide
 * the broken stream or the HTTP error that came with it. Real proxy process, fake upstream.
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

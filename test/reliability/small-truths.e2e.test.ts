/**
 * Small truths through the real proxy process: a 202 to a notification names a decision id only
 * when an audit record with that id exists; a request reusing the JSON-RPC id of a request still
 * in flight in its session is refused (`duplicate_request_id`) and never forwarded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { raw } from '../proxy/helpers/raw.js';
import { auditDecisions, waitFor } from '../proxy-hardening/setup.js';
import { faultPolicy, session, startFaultHarness, type FaultHarness } from './setup.js';

let h: FaultHarness;

beforeAll(async () => {
  h = await startFaultHarness(
    faultPolicy({
      server: ['caps:', '  client_notifications_per_minute: 4'],
      upstream: ['sse_idle_timeout_ms: 20000'],
    }),
  );
});
afterAll(async () => {
  await h?.close();
});

const DECISION = 'mcp-guard-decision-id';

describe('decision ids on 202 answers', () => {
  it('names a decision id only for notifications that were audited', async () => {
    const s = await session(h.url);
    const notify = (params: Record<string, unknown>, method = 'notifications/initialized') =>
      raw(h.url, {
        headers: s.headers,
        body: JSON.stringify({ jsonrpc: '2.0', method, params }),
      });
    // Forwarded (not audited one by one): no id.
    const fwd = await notify({});
    expect(fwd.status).toBe(202);
    expect(fwd.headers[DECISION]).toBeUndefined();
    expect(h.fake.seen.filter((x) => x.body?.method === 'notifications/initialized').length).toBe(
      2,
    );
    // Denied by the chain (RBAC: a method no role lists): audited, so it names its record.
    const denied = await notify({ level: 'info', data: 'x' }, 'notifications/message');
    expect(denied.status).toBe(202);
    const deniedId = denied.headers[DECISION] as string;
    expect(
      await waitFor(() => auditDecisions(h.auditFile).find((r) => r.decisionId === deniedId)),
    ).toMatchObject({ outcome: 'denied', code: 'method_denied' });
    // Refused before the chain (spoofed related-task): audited, so it names its record.
    const refused = await notify({
      _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't1' } },
    });
    expect(refused.status).toBe(202);
    const id = refused.headers[DECISION] as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const rec = await waitFor(() => auditDecisions(h.auditFile).find((r) => r.decisionId === id));
    expect(rec).toMatchObject({ outcome: 'denied', code: 'reserved_meta_key' });
    // Flood excess (dropped, counted, not audited): no id either.
    const flood = [];
    for (let i = 0; i < 6; i++) flood.push(await notify({}));
    expect(flood.every((r) => r.status === 202)).toBe(true);
    expect(flood.filter((r) => r.headers[DECISION] !== undefined)).toHaveLength(0);
    // Every id the proxy handed out names a record.
    for (const r of [refused, denied]) {
      const d = r.headers[DECISION] as string;
      expect(auditDecisions(h.auditFile).some((x) => x.decisionId === d)).toBe(true);
    }
  });
});

describe('JSON-RPC id reuse while in flight', () => {
  it('refuses a concurrent request reusing an in-flight id, and never forwards it', async () => {
    const s = await session(h.url);
    const first = s.call('slow', { ms: 1_500 }, 42);
    await waitFor(() => h.fake.calls('slow').some((c) => c.body.id === 42));
    const dup = await s.call('echo', { text: 'dup' }, 42);
    expect(dup.res.status).toBe(400);
    expect(dup.answer?.error).toMatchObject({
      code: -32600,
      data: { code: 'duplicate_request_id' },
    });
    const rec = await waitFor(() =>
      auditDecisions(h.auditFile).find((r) => r.decisionId === dup.answer.error.data.decisionId),
    );
    expect(rec).toMatchObject({ outcome: 'denied', code: 'duplicate_request_id' });
    expect(h.fake.calls('echo').filter((c) => c.body.id === 42)).toHaveLength(0);
    const done = await first;
    expect(done.answer?.result.content[0].text).toBe('slept 1500');
    // Once answered, the id may be used again; other sessions were never affected.
    const again = await s.call('echo', { text: 'again' }, 42);
    expect(again.answer?.result.content[0].text).toBe('again');
  });

  it('refuses every one of many concurrent reuses (string and number ids kept apart)', async () => {
    const s = await session(h.url);
    const other = await session(h.url);
    const first = s.call('slow', { ms: 1_500 }, 77);
    await waitFor(() => h.fake.calls('slow').some((c) => c.body.id === 77));
    const dups = await Promise.all(Array.from({ length: 8 }, () => s.call('echo', {}, 77)));
    expect(dups.every((d) => d.answer?.error?.data?.code === 'duplicate_request_id')).toBe(true);
    // Same id in another session, and the string "77" in this one, are different requests.
    const elsewhere = await other.call('echo', { text: 'other' }, 77);
    expect(elsewhere.answer?.result.content[0].text).toBe('other');
    const asString = await raw(h.url, {
      headers: s.headers,
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: '77',
        method: 'tools/call',
        params: { name: 'echo', arguments: { text: 'str' } },
      }),
    });
    expect(asString.text).toContain('str');
    expect((await first).answer?.result).toBeDefined();
  });
});

/**
 * Trap 36: server → client requests (sampling, elicitation, roots) are governed by policy, through
 * the real proxy process: a role without `server_requests` never sees them (the proxy answers the
 * upstream with a JSON-RPC error), a role that lists them does, inheritance applies, names are
 * exact, the GET stream is covered too, and every decision lands in the audit trail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auditDecisions,
  firstText,
  sdkClient,
  startHarness,
  waitFor,
  type Harness,
} from './setup.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** Error answers the proxy itself POSTed upstream for server request ids (denials). */
const proxyAnswers = () =>
  h.upstream.seen.filter((s) => s.method === 'POST' && s.body?.error?.data?.code !== undefined);

describe('server → client requests are policy (trap 36)', () => {
  it('denies sampling to a role without server_requests: the client never sees it', async () => {
    const before = proxyAnswers().length;
    const { client, calls } = await sdkClient(h.url, 'tok-plain');
    const res = await client.callTool({ name: 'sample', arguments: {} });
    expect(calls.sampling).toBe(0);
    // The upstream got a JSON-RPC error from the proxy (it does not hang until its timeout).
    expect(firstText(res)).toMatch(/^sampling failed: -32601 server_request_denied/);
    expect(proxyAnswers().length).toBe(before + 1);
    await client.close();
  });

  it('audits the denied and the allowed server request as decision records', async () => {
    const { client, calls } = await sdkClient(h.url, 'tok-sampler');
    const res = await client.callTool({ name: 'sample', arguments: {} });
    expect(firstText(res)).toBe('sampled: model says hi');
    expect(calls.sampling).toBe(1);
    await client.close();
    const recs = await waitFor(() => {
      const r = auditDecisions(h.auditFile).filter((d) => d.method === 'sampling/createMessage');
      return r.length >= 2 ? r : undefined;
    });
    const denied = recs.find((r) => r.principal?.id === 'plain-user');
    const allowed = recs.find((r) => r.principal?.id === 'sampler-user');
    expect(denied).toMatchObject({ outcome: 'denied', code: 'server_request_denied' });
    expect(denied.verdicts).toContainEqual(
      expect.objectContaining({ guard: 'server-requests', outcome: 'deny', phase: 'response' }),
    );
    expect(allowed).toMatchObject({ outcome: 'allowed' });
  });

  it('applies per method: the sampler may sample but not elicit; inheritance adds elicitation', async () => {
    const s = await sdkClient(h.url, 'tok-sampler');
    expect(firstText(await s.client.callTool({ name: 'ask', arguments: {} }))).toMatch(
      /^elicitation failed: -32601 server_request_denied/,
    );
    expect(s.calls.elicitation).toBe(0);
    await s.client.close();

    const a = await sdkClient(h.url, 'tok-asker');
    expect(firstText(await a.client.callTool({ name: 'ask', arguments: {} }))).toBe(
      'elicited: accept',
    );
    expect(firstText(await a.client.callTool({ name: 'sample', arguments: {} }))).toBe(
      'sampled: model says hi',
    );
    expect(a.calls).toMatchObject({ elicitation: 1, sampling: 1 });
    await a.client.close();
  });

  it('compares method names exactly: case, spacing, zero-width and vendor variants are denied', async () => {
    const { client } = await sdkClient(h.url, 'tok-asker');
    const variants = [
      'Sampling/createMessage',
      'SAMPLING/CREATEMESSAGE',
      'sampling/createMessage ',
      'sampling/createMessage\u200b',
      'sampling/createMessage/',
      'ｓampling/createMessage',
      'elicitation/create/',
      'x-vendor/exec',
      'tools/call',
    ];
    for (const method of variants) {
      const res = await client.callTool({ name: 'raw_request', arguments: { method } });
      expect(firstText(res), method).toMatch(/failed: -32601 server_request_denied/);
    }
    // ping is always allowed (liveness only).
    const ping = await client.callTool({ name: 'raw_request', arguments: { method: 'ping' } });
    expect(firstText(ping)).toBe('raw ping: answered');
    await client.close();
  });

  it('governs requests on the GET stream too (roots/list)', async () => {
    const plain = await sdkClient(h.url, 'tok-plain');
    const sampler = await sdkClient(h.url, 'tok-sampler');
    const hasGet = (sid: string) =>
      h.upstream.seen.some((s) => s.method === 'GET' && s.headers['mcp-session-id'] === sid);
    // The SDK client opens its GET stream after initialization; wait until it reached the upstream.
    await waitFor(() => hasGet(plain.sessionId()) && hasGet(sampler.sessionId()));
    expect(await h.upstream.rootsOnGet(plain.sessionId())).toBe(
      'roots failed: -32601 server_request_denied',
    );
    expect(plain.calls.roots).toBe(0);
    expect(await h.upstream.rootsOnGet(sampler.sessionId())).toBe(
      'roots: file:///home/secret-project',
    );
    expect(sampler.calls.roots).toBe(1);
    const roots = await waitFor(() => {
      const r = auditDecisions(h.auditFile).filter((d) => d.method === 'roots/list');
      return r.length >= 2 ? r : undefined;
    });
    expect(roots.find((r) => r.principal?.id === 'plain-user')).toMatchObject({
      outcome: 'denied',
      code: 'server_request_denied',
      sessionId: plain.sessionId(),
    });
    expect(roots.find((r) => r.principal?.id === 'sampler-user')?.outcome).toBe('allowed');
    await plain.client.close();
    await sampler.client.close();
  });
});

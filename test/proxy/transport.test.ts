/**
 * Proxy transport end to end: real SDK Client → proxy (in process, so tests can swap guards and
 * read the MemoryRecorder) → real SDK McpServer upstream. JSON and SSE upstream modes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { MemoryStore } from '../../src/state/memory.js';
import type { Guard } from '../../src/core/guard.js';
import type { CompiledPolicy } from '../../src/policy/compiled.js';
import { createProxyServer, type ProxyServer } from '../../src/proxy/server.js';
import { startUpstream, UPSTREAM_SECRET, type TestUpstream } from './helpers/upstream.js';
import { testPolicy } from './helpers/policy.js';

interface Setup {
  upstream: TestUpstream;
  proxy: ProxyServer;
  url: string;
  recorder: MemoryRecorder;
  setPolicy: (p: CompiledPolicy) => void;
}

async function setup(jsonResponse: boolean): Promise<Setup> {
  const upstream = await startUpstream({ jsonResponse });
  const recorder = new MemoryRecorder();
  let policy = testPolicy(upstream.url, { inject: { token: 'inj-secret-123456' } });
  const proxy = createProxyServer({ policy: () => policy, store: new MemoryStore(), recorder });
  const { url } = await proxy.listen('127.0.0.1', 0);
  return { upstream, proxy, url: `${url}/mcp`, recorder, setPolicy: (p) => (policy = p) };
}

async function connect(url: string, token = 'tok-alice'): Promise<Client> {
  const client = new Client({ name: 'test-client', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

describe.each([
  ['SSE', false],
  ['JSON', true],
])('proxy with an upstream answering %s', (_mode, jsonResponse) => {
  let s: Setup;
  let client: Client;
  beforeAll(async () => {
    s = await setup(jsonResponse);
    client = await connect(s.url);
  });
  afterAll(async () => {
    await client?.close();
    await s?.proxy.close();
    await s?.upstream.close();
  });

  it('lists and calls tools through the proxy with the real SDK client', async () => {
    const tools = await client.listTools();
    expect(tools.tools.map((t) => t.name)).toContain('echo');
    const res = await client.callTool({ name: 'echo', arguments: { text: 'héllo ✓' } });
    expect(res.content).toEqual([{ type: 'text', text: 'héllo ✓' }]);
  });

  it('never forwards the client Authorization header; the upstream gets the policy credential', () => {
    const auths = s.upstream.seen.map((r) => r.headers.authorization);
    expect(auths.length).toBeGreaterThan(2);
    for (const a of auths) expect(a).toBe(`Token ${UPSTREAM_SECRET}`);
    expect(JSON.stringify(s.upstream.seen.map((r) => r.headers))).not.toContain('tok-alice');
  });

  it('writes exactly one decision record per JSON-RPC request', async () => {
    const before = s.recorder.decisions.length;
    await client.callTool({ name: 'echo', arguments: { text: 'one' } });
    const recs = s.recorder.decisions.slice(before);
    expect(recs).toHaveLength(1);
    expect(recs[0]).toMatchObject({
      method: 'tools/call',
      tool: 'echo',
      outcome: 'allowed',
      upstreamStatus: 200,
    });
    expect(recs[0]!.principal?.id).toBe('alice');
    expect(recs[0]!.sessionId).toBeTruthy();
  });

  it('redacts upstream secrets in responses', async () => {
    const res = await client.callTool({ name: 'leak', arguments: {} });
    expect(JSON.stringify(res)).not.toContain(UPSTREAM_SECRET);
    expect(JSON.stringify(res)).toContain('[REDACTED]');
  });

  it('injects upstream arguments after the guards, hidden from audit and client', async () => {
    const before = s.recorder.decisions.length;
    const res = await client.callTool({ name: 'args', arguments: { text: 'a' } });
    const last = s.upstream.seen.filter((r) => (r.body as any)?.params?.name === 'args').pop();
    expect((last!.body as any).params.arguments).toEqual({ text: 'a', token: 'inj-secret-123456' });
    expect(JSON.stringify(res)).not.toContain('inj-secret-123456');
    const rec = s.recorder.decisions.slice(before)[0]!;
    expect(JSON.stringify(rec)).not.toContain('inj-secret-123456');
    expect(rec.mutation).toBe(true);
  });
});

describe('SSE streaming', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup(false);
  });
  afterAll(async () => {
    await s?.proxy.close();
    await s?.upstream.close();
  });

  it('delivers progress events before the stream ends (slow tool)', async () => {
    const client = await connect(s.url);
    const t0 = performance.now();
    const progressAt: number[] = [];
    const res = await client.callTool(
      { name: 'slow', arguments: { steps: 3, delayMs: 300 } },
      undefined,
      {
        onprogress: () => progressAt.push(performance.now() - t0),
      },
    );
    const doneAt = performance.now() - t0;
    expect(res.content).toEqual([{ type: 'text', text: 'done after 3' }]);
    expect(progressAt).toHaveLength(3);
    // The first progress is sent immediately; the result only after 3 × 300 ms.
    expect(doneAt - progressAt[0]!).toBeGreaterThan(600);
    expect(doneAt - progressAt[1]!).toBeGreaterThan(300);
    await client.close();
  });

  it('drains an in-flight stream on graceful close', async () => {
    const upstream = await startUpstream();
    const proxy = createProxyServer({
      policy: () => testPolicy(upstream.url),
      store: new MemoryStore(),
      recorder: new MemoryRecorder(),
    });
    const { url } = await proxy.listen('127.0.0.1', 0);
    const client = await connect(`${url}/mcp`);
    let progressed!: () => void;
    const firstProgress = new Promise<void>((r) => (progressed = r));
    const call = client.callTool(
      { name: 'slow', arguments: { steps: 3, delayMs: 250 } },
      undefined,
      {
        onprogress: () => progressed(),
      },
    );
    await firstProgress;
    const closed = proxy.close();
    await expect(call).resolves.toMatchObject({
      content: [{ type: 'text', text: 'done after 3' }],
    });
    await closed;
    await client.close().catch(() => undefined);
    await upstream.close();
  });
});

describe('guard chain', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup(true);
  });
  afterAll(async () => {
    await s?.proxy.close();
    await s?.upstream.close();
  });

  const denyTool = (tool: string): Guard => ({
    name: 'test-deny',
    mode: 'enforce',
    onRequest: (ctx) =>
      ctx.request.toolName === tool
        ? { kind: 'deny', code: 'unknown_tool', reason: 'hidden' }
        : { kind: 'continue' },
  });

  it('renders unknown_tool exactly like a missing tool (no data) and does not forward it', async () => {
    s.setPolicy(testPolicy(s.upstream.url, { guards: [denyTool('echo')] }));
    const client = await connect(s.url);
    const calls = (): number =>
      s.upstream.seen.filter((r) => (r.body as any)?.method === 'tools/call').length;
    const count = calls();
    await expect(client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(
      /Unknown tool: echo/,
    );
    expect(calls()).toBe(count);
    const rec = s.recorder.decisions.at(-1)!;
    expect(rec).toMatchObject({ outcome: 'denied', code: 'unknown_tool', tool: 'echo' });
    await client.close();
  });

  it('fails closed with guard_error when a guard throws', async () => {
    const boom: Guard = {
      name: 'boom',
      mode: 'enforce',
      onRequest: (ctx) => {
        if (ctx.request.method === 'tools/call') throw new Error('bug');
        return { kind: 'continue' };
      },
    };
    s.setPolicy(testPolicy(s.upstream.url, { guards: [boom] }));
    const client = await connect(s.url);
    await expect(client.callTool({ name: 'echo', arguments: { text: 'x' } })).rejects.toThrow(
      /Internal guard error/,
    );
    await client.close();
  });

  it('records but does not enforce a shadow-mode deny', async () => {
    s.setPolicy(testPolicy(s.upstream.url, { guards: [denyTool('echo')], mode: 'shadow' }));
    const client = await connect(s.url);
    const res = await client.callTool({ name: 'echo', arguments: { text: 'shadow' } });
    expect(res.content).toEqual([{ type: 'text', text: 'shadow' }]);
    const rec = s.recorder.decisions.at(-1)!;
    expect(rec.outcome).toBe('allowed');
    expect(rec.verdicts[0]).toMatchObject({ guard: 'test-deny', outcome: 'deny', mode: 'shadow' });
    await client.close();
  });

  it('runs response rewrites and sets Content-Length to the new byte length', async () => {
    const rewrite: Guard = {
      name: 'rewrite',
      mode: 'enforce',
      onResponse: (ctx, msg) => {
        if (ctx.answeredMethod !== 'tools/call') return { kind: 'continue' };
        const result = { content: [{ type: 'text', text: '✓ réécrit 日本' }] };
        return { kind: 'rewrite', message: { ...msg, result }, note: 'test' };
      },
    };
    s.setPolicy(testPolicy(s.upstream.url, { guards: [rewrite] }));
    const client = await connect(s.url);
    const res = await client.callTool({ name: 'echo', arguments: { text: 'a' } });
    expect(res.content).toEqual([{ type: 'text', text: '✓ réécrit 日本' }]);
    await client.close();
    // Byte length check on the raw response.
    const { openSession, raw, POST_HEADERS } = await import('./helpers/raw.js');
    const sid = await openSession(s.url, 'tok-alice');
    const r = await raw(s.url, {
      headers: { ...POST_HEADERS, authorization: 'Bearer tok-alice', 'mcp-session-id': sid },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 5,
        method: 'tools/call',
        params: { name: 'echo', arguments: { text: 'a' } },
      }),
    });
    expect(r.status).toBe(200);
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.text));
    expect(r.json().result.content[0].text).toBe('✓ réécrit 日本');
    expect(r.headers['mcp-guard-decision-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('denies mutations with audit_unavailable when the recorder refuses them', async () => {
    const upstream = s.upstream;
    const recorder = new MemoryRecorder();
    recorder.acceptingMutations = () => false;
    const proxy = createProxyServer({
      policy: () => testPolicy(upstream.url),
      store: new MemoryStore(),
      recorder,
    });
    const { url } = await proxy.listen('127.0.0.1', 0);
    const client = await connect(`${url}/mcp`);
    await expect(client.callTool({ name: 'args', arguments: {} })).rejects.toThrow(
      /Audit trail unavailable/,
    );
    // Reads still work.
    await expect(client.callTool({ name: 'echo', arguments: { text: 'r' } })).resolves.toBeTruthy();
    expect(recorder.decisions.find((d) => d.code === 'audit_unavailable')).toBeTruthy();
    await client.close();
    await proxy.close();
  });

  it('refuses a mutation whose write-ahead intent cannot be written, before the upstream sees it', async () => {
    const upstream = s.upstream;
    const recorder = new MemoryRecorder();
    recorder.recordIntent = () => undefined; // e.g. the audit file write failed
    const proxy = createProxyServer({
      policy: () => testPolicy(upstream.url),
      store: new MemoryStore(),
      recorder,
    });
    const { url } = await proxy.listen('127.0.0.1', 0);
    const client = await connect(`${url}/mcp`);
    const calls = () =>
      upstream.seen.filter((r) => (r.body as { method?: string })?.method === 'tools/call').length;
    const before = calls();
    await expect(client.callTool({ name: 'args', arguments: {} })).rejects.toThrow(
      /Audit trail unavailable/,
    );
    expect(calls()).toBe(before);
    expect(recorder.decisions.at(-1)).toMatchObject({ code: 'audit_unavailable', mutation: true });
    // Reads are not written ahead: they still reach the upstream.
    await expect(client.callTool({ name: 'echo', arguments: { text: 'r' } })).resolves.toBeTruthy();
    expect(calls()).toBe(before + 1);
    await client.close();
    await proxy.close();
  });

  it('denies mutations with state_unavailable when the state store is unhealthy', async () => {
    const store = new MemoryStore();
    const recorder = new MemoryRecorder();
    const proxy = createProxyServer({ policy: () => testPolicy(s.upstream.url), store, recorder });
    const { url } = await proxy.listen('127.0.0.1', 0);
    const client = await connect(`${url}/mcp`);
    store.healthy = () => false;
    await expect(client.callTool({ name: 'args', arguments: {} })).rejects.toThrow(
      /Shared state unavailable/,
    );
    await expect(client.callTool({ name: 'echo', arguments: { text: 'r' } })).resolves.toBeTruthy();
    expect(recorder.decisions.find((d) => d.code === 'state_unavailable')?.mutation).toBe(true);
    await client.close();
    await proxy.close();
  });
});

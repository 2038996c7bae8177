/**
 * Trap 34 (`_meta` spoofing) and trap 39 (2026-07-28 `Mcp-Param-*` headers after rewrites),
 * through the real proxy process with raw HTTP, asserting on what the upstream actually received.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesOf, openSession, POST_HEADERS, raw } from '../proxy/helpers/raw.js';
import { INJECTED_TENANT, startHarness, type Harness } from './setup.js';

let h: Harness;
let sid: string;
let headers: Record<string, string>;
let nextId = 100;

beforeAll(async () => {
  h = await startHarness();
  sid = await openSession(h.url, 'tok-plain');
  headers = {
    ...POST_HEADERS,
    authorization: 'Bearer tok-plain',
    'mcp-session-id': sid,
    'mcp-protocol-version': '2025-06-18',
  };
});
afterAll(async () => {
  await h?.close();
});

const call = (name: string, args: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: nextId++,
    method: 'tools/call',
    params: { name, arguments: args, ...extra },
  });

/** The last body the upstream received for JSON-RPC id `id`. */
const upstreamGot = (id: number) =>
  [...h.upstream.seen].reverse().find((s) => s.method === 'POST' && s.body?.id === id);

describe('_meta namespace (trap 34)', () => {
  it('strips client keys in io.dojo-guard/ (any case, width or zero-width spelling), keeps others', async () => {
    const id = nextId;
    const meta = {
      'io.dojo-guard/principal': 'admin',
      'IO.DOJO-GUARD/role': 'admin',
      'io.dojo\u200b-guard/x': 1,
      'ｉｏ.ｄｏｊｏ-guard/y': 2,
      'io.dojo-guard': 'bare',
      'io.dojo-guard\u00ad/z': 3,
      'com.example/keep': 'kept',
      'io.dojo-guardian/keep': 'different namespace',
      progressToken: 7,
    };
    const r = await raw(h.url, { headers, body: call('echo', { text: 'hi' }, { _meta: meta }) });
    expect(r.status).toBe(200);
    expect(messagesOf(r)[0].result.content[0].text).toBe('hi');
    expect(upstreamGot(id)!.body.params._meta).toEqual({
      'com.example/keep': 'kept',
      'io.dojo-guardian/keep': 'different namespace',
      progressToken: 7,
    });
  });

  it('refuses a client-set related-task key on requests (any spelling), never forwarding it', async () => {
    for (const key of [
      'io.modelcontextprotocol/related-task',
      'IO.ModelContextProtocol/Related-Task',
      'io.modelcontextprotocol/related\u200d-task',
    ]) {
      const id = nextId;
      const body = call('echo', { text: 'x' }, { _meta: { [key]: { taskId: 'someone-elses' } } });
      const r = await raw(h.url, { headers, body });
      expect(r.status, key).toBe(200);
      expect(r.json().error).toMatchObject({ code: -32602, data: { code: 'reserved_meta_key' } });
      expect(r.json().id).toBe(id);
      expect(upstreamGot(id), key).toBeUndefined();
    }
  });

  it('drops notifications and responses that carry related-task with 202, unforwarded', async () => {
    const before = h.upstream.seen.length;
    const note = JSON.stringify({
      jsonrpc: '2.0',
      method: 'notifications/cancelled',
      params: { requestId: 5, _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't' } } },
    });
    const resp = JSON.stringify({
      jsonrpc: '2.0',
      id: 9,
      result: { _meta: { 'io.modelcontextprotocol/related-task': { taskId: 't' } } },
    });
    for (const body of [note, resp]) {
      const r = await raw(h.url, { headers, body });
      expect(r.status).toBe(202);
      expect(r.text).toBe('');
    }
    expect(h.upstream.seen.length).toBe(before);
  });
});

describe('Mcp-Param-* headers (trap 39)', () => {
  const modern = (extra: Record<string, string>) => ({
    ...headers,
    'mcp-method': 'tools/call',
    ...extra,
  });

  it('forwards matching and unknown headers untouched when nothing was rewritten', async () => {
    const id = nextId;
    const r = await raw(h.url, {
      headers: modern({ 'mcp-name': 'echo', 'Mcp-Param-Text': 'hello', 'mcp-param-region': 'eu' }),
      body: call('echo', { text: 'hello' }),
    });
    expect(r.status).toBe(200);
    const got = upstreamGot(id)!.headers;
    expect(got['mcp-param-text']).toBe('hello');
    expect(got['mcp-param-region']).toBe('eu');
    expect(got['mcp-name']).toBe('echo');
  });

  it('rejects a header that disagrees with its argument (case, sentinel, duplicates) with -32020', async () => {
    const b64 = (s: string) => `=?base64?${Buffer.from(s).toString('base64')}?=`;
    const cases: [Record<string, string>, Record<string, unknown>][] = [
      [{ 'mcp-param-text': 'other' }, { text: 'hello' }],
      [{ 'MCP-PARAM-TEXT': 'HELLO' }, { text: 'hello' }],
      [{ 'mcp-param-text': b64('héllo!') }, { text: 'héllo' }],
      [{ 'mcp-param-text': '=?base64?not base64?=' }, { text: '=?base64?not base64?=' }],
      [{ 'mcp-param-text': 'hello, hello' }, { text: 'hello' }],
      // Two arguments that differ only in case: the header cannot say which it mirrors.
      [{ 'mcp-param-text': 'a' }, { text: 'a', TEXT: 'b' }],
    ];
    for (const [hdrs, args] of cases) {
      const id = nextId;
      const r = await raw(h.url, {
        headers: modern({ 'mcp-name': 'echo', ...hdrs }),
        body: call('echo', args),
      });
      expect(r.status, JSON.stringify(hdrs)).toBe(400);
      expect(r.json().error.code).toBe(-32020);
      expect(upstreamGot(id)).toBeUndefined();
    }
    // The Base64 sentinel form of the right value is accepted.
    const ok = await raw(h.url, {
      headers: modern({ 'mcp-name': 'echo', 'mcp-param-text': b64('héllo') }),
      body: call('echo', { text: 'héllo' }),
    });
    expect(ok.status).toBe(200);
  });

  it('re-syncs a header whose argument the policy rewrote (injected tenant)', async () => {
    const id = nextId;
    const r = await raw(h.url, {
      headers: modern({ 'mcp-name': 'args', 'mcp-param-tenant': 'evil-tenant' }),
      body: call('args', { text: 'x', tenant: 'evil-tenant' }),
    });
    expect(r.status).toBe(200);
    const got = upstreamGot(id)!;
    expect(got.body.params.arguments.tenant).toBe(INJECTED_TENANT);
    expect(got.headers['mcp-param-tenant']).toBe(INJECTED_TENANT);
  });

  it('fails closed when a rewritten request carries a header it cannot map (-32020, not forwarded)', async () => {
    const id = nextId;
    const r = await raw(h.url, {
      headers: modern({ 'mcp-name': 'args', 'mcp-param-x-tenant-id': 'evil-tenant' }),
      body: call('args', { text: 'x' }),
    });
    expect(r.status).toBe(400);
    expect(r.json().error).toMatchObject({
      code: -32020,
      data: { code: 'header_rewrite_conflict' },
    });
    expect(upstreamGot(id)).toBeUndefined();
  });
});

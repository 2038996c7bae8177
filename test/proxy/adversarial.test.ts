/**
 * Crafted requests against the proxy transport: each must be refused with a stable code and must
 * never reach the upstream (or, for session checks, reach it only for the rightful principal).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { MemoryStore } from '../../src/state/memory.js';
import type { Guard } from '../../src/core/guard.js';
import { createProxyServer, type ProxyServer } from '../../src/proxy/server.js';
import { startUpstream, type TestUpstream } from './helpers/upstream.js';
import { testPolicy } from './helpers/policy.js';
import { messagesOf, openSession, POST_HEADERS, raw } from './helpers/raw.js';

let upstream: TestUpstream;
let proxy: ProxyServer;
let url: string;
let base: string;
let sid: string;
const recorder = new MemoryRecorder();

const hideSecretTool: Guard = {
  name: 'hide',
  mode: 'enforce',
  onRequest: (ctx) =>
    ctx.request.toolName === 'leak'
      ? { kind: 'deny', code: 'unknown_tool', reason: 'hidden' }
      : { kind: 'continue' },
};

beforeAll(async () => {
  upstream = await startUpstream({ jsonResponse: true });
  proxy = createProxyServer({
    policy: () => testPolicy(upstream.url, { guards: [hideSecretTool] }),
    store: new MemoryStore(),
    recorder,
  });
  const addr = await proxy.listen('127.0.0.1', 0);
  base = addr.url;
  url = `${addr.url}/mcp`;
  sid = await openSession(url, 'tok-alice');
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
});

const alice = (): Record<string, string> => ({
  ...POST_HEADERS,
  authorization: 'Bearer tok-alice',
  'mcp-session-id': sid,
  'mcp-protocol-version': '2025-06-18',
});
const toolCalls = (): number =>
  upstream.seen.filter((r) => (r.body as any)?.method === 'tools/call').length;

async function expectRefused(
  body: string,
  status: number,
  rpc: number,
  code: string | undefined,
  headers: Record<string, string> = alice(),
): Promise<any> {
  const before = upstream.seen.length;
  const r = await raw(url, { headers, body });
  expect(r.status).toBe(status);
  const j = r.json();
  expect(j.error.code).toBe(rpc);
  if (code) expect(j.error.data.code).toBe(code);
  expect(r.headers['mcp-guard-decision-id']).toBeTruthy();
  expect(upstream.seen.length).toBe(before);
  // Every refusal by an authenticated caller is explained in the audit trail.
  if (code && status !== 401 && status !== 403) {
    const rec = recorder.decisions.at(-1)!;
    expect(rec).toMatchObject({
      code,
      outcome: 'denied',
      decisionId: r.headers['mcp-guard-decision-id'],
    });
    expect(rec.principal?.id).toBe('alice');
  }
  return j;
}

const call = (params: unknown, id: unknown = 1): string =>
  JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params });

describe('JSON-RPC parsing', () => {
  it('rejects duplicate keys (parser differential: authorize one tool, run another)', async () => {
    await expectRefused(
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","name":"leak"}}',
      400,
      -32600,
      'duplicate_json_key',
    );
    await expectRefused(
      '{"jsonrpc":"2.0","id":1,"id":2,"method":"ping"}',
      400,
      -32600,
      'duplicate_json_key',
    );
    // Escaped spelling of the same key is still the same key.
    await expectRefused(
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","n\\u0061me":"leak"}}',
      400,
      -32600,
      'duplicate_json_key',
    );
  });

  it('rejects __proto__, constructor and prototype keys at any depth', async () => {
    for (const k of ['__proto__', 'constructor', 'prototype', '__proto\\u005f_']) {
      await expectRefused(
        `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"${k}":{"text":"x"}}}}`,
        400,
        -32600,
        'forbidden_json_key',
      );
    }
  });

  it('rejects nesting beyond the cap', async () => {
    const deep = '['.repeat(40) + ']'.repeat(40);
    await expectRefused(
      call({ name: 'echo', arguments: { text: 'x', d: '@' } }).replace('"@"', deep),
      400,
      -32600,
      'json_too_deep',
    );
  });

  it('rejects batches with -32600', async () => {
    const j = await expectRefused(
      JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'ping' }]),
      400,
      -32600,
      'batch_not_supported',
    );
    expect(j.id).toBeNull();
  });

  it('rejects malformed JSON with -32700', async () => {
    await expectRefused('{"jsonrpc":"2.0",', 400, -32700, 'parse_error');
    await expectRefused(
      '\ufeff{"jsonrpc":"2.0","id":1,"method":"ping"}',
      400,
      -32700,
      'parse_error',
    );
    await expectRefused('{"jsonrpc":"2.0","id":1,"method":"ping"} {}', 400, -32700, 'parse_error');
  });

  it('rejects bad envelopes: id null, unsafe ids, wrong version, non-string names', async () => {
    await expectRefused(
      JSON.stringify({ jsonrpc: '2.0', id: null, method: 'ping' }),
      400,
      -32600,
      'invalid_request',
    );
    await expectRefused(
      '{"jsonrpc":"2.0","id":9007199254740993,"method":"ping"}',
      400,
      -32600,
      'invalid_request',
    );
    await expectRefused(
      '{"jsonrpc":"2.0","id":1.5,"method":"ping"}',
      400,
      -32600,
      'invalid_request',
    );
    await expectRefused(
      '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}',
      400,
      -32600,
      'invalid_request',
    );
    await expectRefused(
      JSON.stringify({ jsonrpc: '2.1', id: 1, method: 'ping' }),
      400,
      -32600,
      'invalid_request',
    );
    await expectRefused(JSON.stringify({ id: 1, method: 'ping' }), 400, -32600, 'invalid_request');
    await expectRefused(call({ name: ['leak'] }), 400, -32600, 'invalid_request');
    await expectRefused(call({ name: { toString: 'leak' } }), 400, -32600, 'invalid_request');
    await expectRefused(call({ name: 'echo', arguments: ['x'] }), 400, -32600, 'invalid_request');
    await expectRefused(call(['echo']), 400, -32600, 'invalid_request');
    await expectRefused(
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":{"n":1e400}}}',
      400,
      -32600,
      'invalid_request',
    );
  });

  it('treats id 0 and "" as requests, not notifications', async () => {
    for (const id of [0, '']) {
      const r = await raw(url, {
        headers: alice(),
        body: JSON.stringify({ jsonrpc: '2.0', id, method: 'ping' }),
      });
      expect(r.status).toBe(200);
      expect(messagesOf(r)[0]).toMatchObject({ id, result: {} });
    }
  });

  it('answers a hidden tool byte-for-byte like a missing tool, whatever the spelling', async () => {
    const before = toolCalls();
    const r = await raw(url, { headers: alice(), body: call({ name: 'leak', arguments: {} }, 42) });
    expect(r.status).toBe(200);
    expect(r.text).toBe(
      '{"jsonrpc":"2.0","id":42,"error":{"code":-32602,"message":"Unknown tool: leak"}}',
    );
    expect(toolCalls()).toBe(before);
  });

  it('rejects non-JSON and compressed request bodies with 415', async () => {
    await expectRefused(call({ name: 'echo' }), 415, -32000, 'unsupported_media_type', {
      ...alice(),
      'content-type': 'text/plain; x=application/json',
    });
    await expectRefused(call({ name: 'echo' }), 415, -32000, 'unsupported_media_type', {
      ...alice(),
      'content-encoding': 'gzip',
    });
  });

  it('caps the body size (413) whether or not Content-Length is honest', async () => {
    const big = call({ name: 'echo', arguments: { text: 'x'.repeat(70 * 1024) } });
    await expectRefused(big, 413, -32600, 'body_too_large');
    const r = await raw(url, {
      headers: { ...alice(), 'transfer-encoding': 'chunked' },
      body: Buffer.from(big),
    });
    expect(r.status).toBe(413);
  });
});

describe('2026-07-28 style headers', () => {
  it('rejects a Mcp-Method / Mcp-Name header that disagrees with the body (-32020)', async () => {
    const body = call({ name: 'echo', arguments: { text: 'x' } });
    await expectRefused(body, 400, -32020, 'header_mismatch', {
      ...alice(),
      'mcp-method': 'tools/list',
    });
    await expectRefused(body, 400, -32020, 'header_mismatch', {
      ...alice(),
      'mcp-method': 'tools/call',
      'mcp-name': 'leak',
    });
    await expectRefused(body, 400, -32020, 'header_mismatch', {
      ...alice(),
      'mcp-method': 'tools/call',
    });
    await expectRefused(body, 400, -32020, 'header_mismatch', { ...alice(), 'mcp-name': 'echo' });
    await expectRefused(body, 400, -32020, 'header_mismatch', {
      ...alice(),
      'mcp-method': 'tools/call',
      'mcp-name': `=?base64?${Buffer.from('leak').toString('base64')}?=`,
    });
  });

  it('accepts matching headers (base64 sentinel too) and applies policy from the body', async () => {
    const ok = await raw(url, {
      headers: {
        ...alice(),
        'mcp-method': 'tools/call',
        'mcp-name': `=?base64?${Buffer.from('echo').toString('base64')}?=`,
      },
      body: call({ name: 'echo', arguments: { text: 'hi' } }),
    });
    expect(ok.status).toBe(200);
    expect(messagesOf(ok)[0].result.content[0].text).toBe('hi');
    const denied = await raw(url, {
      headers: { ...alice(), 'mcp-method': 'tools/call', 'mcp-name': 'leak' },
      body: call({ name: 'leak', arguments: {} }),
    });
    expect(denied.json().error).toEqual({ code: -32602, message: 'Unknown tool: leak' });
  });

  it('rejects unknown MCP-Protocol-Version values with 400', async () => {
    await expectRefused(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
      400,
      -32600,
      'unsupported_protocol_version',
      {
        ...alice(),
        'mcp-protocol-version': '2099-01-01',
      },
    );
  });
});

describe('sessions and authentication', () => {
  const ping = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'ping' });

  it('answers 401 with WWW-Authenticate when no credentials are sent, even with a valid session', async () => {
    const { authorization: _a, ...noAuth } = alice();
    const before = upstream.seen.length;
    const r = await raw(url, { headers: noAuth, body: ping });
    expect(r.status).toBe(401);
    expect(r.headers['www-authenticate']).toMatch(/^Bearer resource_metadata=/);
    expect(r.json().error.data.code).toBe('unauthenticated');
    const bad = await raw(url, {
      headers: { ...alice(), authorization: 'Bearer nope' },
      body: ping,
    });
    expect(bad.status).toBe(401);
    expect(bad.json().error.data.code).toBe('invalid_token');
    expect(upstream.seen.length).toBe(before);
    expect(recorder.events.some((e) => e.type === 'auth_failure')).toBe(true);
  });

  it('answers 404 to another principal presenting the session id (hijack), like an unknown one', async () => {
    const before = upstream.seen.length;
    const hijack = await raw(url, {
      headers: { ...alice(), authorization: 'Bearer tok-bob' },
      body: ping,
    });
    const unknown = await raw(url, {
      headers: { ...alice(), 'mcp-session-id': 'no-such-session' },
      body: ping,
    });
    expect(hijack.status).toBe(404);
    expect(unknown.status).toBe(404);
    expect(hijack.json().error.code).toBe(unknown.json().error.code);
    expect(hijack.json().error.data.code).toBe('session_not_found');
    // GET and DELETE are bound the same way.
    const get = await raw(url, {
      method: 'GET',
      headers: {
        accept: 'text/event-stream',
        authorization: 'Bearer tok-bob',
        'mcp-session-id': sid,
      },
    });
    const del = await raw(url, {
      method: 'DELETE',
      headers: { authorization: 'Bearer tok-bob', 'mcp-session-id': sid },
    });
    expect(get.status).toBe(404);
    expect(del.status).toBe(404);
    expect(upstream.seen.length).toBe(before);
  });

  it('rejects duplicated or invalid session id headers', async () => {
    await expectRefused(ping, 400, -32600, 'invalid_request', {
      ...alice(),
      'mcp-session-id': `${sid}, ${sid}`,
    });
    await expectRefused(ping, 400, -32600, 'invalid_request', {
      ...alice(),
      'mcp-session-id': 'a b',
    });
  });

  it('DELETE ends the session and drops the binding', async () => {
    const s2 = await openSession(url, 'tok-bob');
    const bob = { ...POST_HEADERS, authorization: 'Bearer tok-bob', 'mcp-session-id': s2 };
    expect((await raw(url, { headers: bob, body: ping })).status).toBe(200);
    const del = await raw(url, {
      method: 'DELETE',
      headers: { authorization: 'Bearer tok-bob', 'mcp-session-id': s2 },
    });
    expect(del.status).toBe(200);
    const after = await raw(url, { headers: bob, body: ping });
    expect(after.status).toBe(404);
  });
});

describe('Host, Origin and other endpoints', () => {
  const ping = JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'ping' });
  it('rejects foreign Host headers (DNS rebinding) with 403', async () => {
    for (const host of [
      'evil.example.com',
      'evil.example.com:80',
      'localhost.evil.com',
      '127.0.0.1.nip.io',
    ]) {
      await expectRefused(ping, 403, -32000, 'forbidden_host', { ...alice(), host });
    }
  });

  it('rejects foreign Origins with 403 and accepts loopback origins', async () => {
    for (const origin of [
      'http://evil.example.com',
      'null',
      'http://localhost.evil.com',
      'file://',
    ]) {
      await expectRefused(ping, 403, -32000, 'forbidden_origin', { ...alice(), origin });
    }
    const ok = await raw(url, {
      headers: { ...alice(), origin: 'http://localhost:6274' },
      body: ping,
    });
    expect(ok.status).toBe(200);
  });

  it('serves health, readiness and protected-resource metadata without authentication', async () => {
    expect((await raw(`${base}/healthz`, { method: 'GET' })).json()).toEqual({ status: 'ok' });
    const ready = await raw(`${base}/readyz`, { method: 'GET' });
    expect(ready.status).toBe(200);
    expect(ready.json().checks).toEqual({ upstream: true, store: true, audit: true });
    const meta = await raw(`${base}/.well-known/oauth-protected-resource/mcp`, { method: 'GET' });
    expect(meta.json().resource).toBe('http://127.0.0.1/mcp');
  });

  it('answers other HTTP methods with 405', async () => {
    const r = await raw(url, { method: 'PUT', headers: alice(), body: ping });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET, POST, DELETE');
  });
});

describe('denied notifications', () => {
  it('answers 202 with no body and does not forward', async () => {
    const blockCancel: Guard = {
      name: 'block-cancel',
      mode: 'enforce',
      onRequest: (ctx) =>
        ctx.request.method === 'notifications/cancelled'
          ? { kind: 'deny', code: 'rate_limited', reason: 'flood' }
          : { kind: 'continue' },
    };
    const p2 = createProxyServer({
      policy: () => testPolicy(upstream.url, { guards: [blockCancel] }),
      store: new MemoryStore(),
      recorder: new MemoryRecorder(),
    });
    const u2 = `${(await p2.listen('127.0.0.1', 0)).url}/mcp`;
    const s2 = await openSession(u2, 'tok-alice');
    const before = upstream.seen.length;
    const r = await raw(u2, {
      headers: { ...POST_HEADERS, authorization: 'Bearer tok-alice', 'mcp-session-id': s2 },
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 1 },
      }),
    });
    expect(r.status).toBe(202);
    expect(r.text).toBe('');
    expect(upstream.seen.length).toBe(before);
    await p2.close();
  });
});

describe('dead upstream', () => {
  it('answers 502 with a clean JSON-RPC error carrying the request id', async () => {
    const p3 = createProxyServer({
      policy: () => testPolicy('http://127.0.0.1:9/mcp'),
      store: new MemoryStore(),
      recorder: new MemoryRecorder(),
    });
    const u3 = `${(await p3.listen('127.0.0.1', 0)).url}/mcp`;
    const r = await raw(u3, {
      headers: { ...POST_HEADERS, authorization: 'Bearer tok-alice' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 'abc', method: 'initialize', params: {} }),
    });
    expect(r.status).toBe(502);
    expect(r.json()).toMatchObject({
      id: 'abc',
      error: { code: -32603, data: { code: 'upstream_unavailable' } },
    });
    const ready = await raw(u3.replace('/mcp', '/readyz'), { method: 'GET' });
    expect(ready.status).toBe(503);
    await p3.close();
  });
});

describe('CORS', () => {
  it('answers preflight only for allowed origins and exposes the session header', async () => {
    const ok = await raw(url, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:6274',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, mcp-session-id, mcp-param-region, x-evil',
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe('http://localhost:6274');
    expect(ok.headers['access-control-allow-headers']).toContain('mcp-param-region');
    expect(ok.headers['access-control-allow-headers']).not.toContain('x-evil');
    const bad = await raw(url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.com' },
    });
    expect(bad.status).toBe(403);
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
    const actual = await raw(url, {
      headers: { ...alice(), origin: 'http://127.0.0.1:3000' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(actual.headers['access-control-allow-origin']).toBe('http://127.0.0.1:3000');
    expect(actual.headers['access-control-expose-headers']).toContain('mcp-session-id');
  });
});

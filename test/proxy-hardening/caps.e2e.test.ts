/**
 * Through the real proxy process: RFC 9728 metadata per request (port 0), the GET stream caps
 * (per principal and total, trap 38) and the per-session client notification cap (trap 38).
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messagesOf, openSession, POST_HEADERS, raw } from '../proxy/helpers/raw.js';
import { startHarness, waitFor, type Harness, type Token } from './setup.js';

let h: Harness;
let port: string;
beforeAll(async () => {
  h = await startHarness();
  port = new URL(h.url).port;
});
afterAll(async () => {
  await h?.close();
});

describe('RFC 9728 protected-resource metadata', () => {
  const get = (path: string, host: string) =>
    raw(`${h.origin}${path}`, { method: 'GET', headers: { host } });

  it('names the real port (not :0) at both well-known URLs, per Host', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      for (const path of [
        '/.well-known/oauth-protected-resource',
        '/.well-known/oauth-protected-resource/mcp',
      ]) {
        const r = await get(path, host);
        expect(r.status, `${host}${path}`).toBe(200);
        expect(r.json().resource).toBe(`http://${host}/mcp`);
        expect(r.json().bearer_methods_supported).toEqual(['header']);
      }
    }
  });

  it('matches the resource_metadata URL of the 401 challenge', async () => {
    const r = await raw(h.url, {
      headers: POST_HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(r.status).toBe(401);
    const m = /resource_metadata="([^"]+)"/.exec(String(r.headers['www-authenticate']));
    expect(m?.[1]).toBe(`${h.origin}/.well-known/oauth-protected-resource/mcp`);
    const doc = await raw(m![1]!, { method: 'GET' });
    expect(doc.status).toBe(200);
    expect(doc.json().resource).toBe(h.url);
  });

  it('answers 404 for other suffixes and 403 for foreign hosts; never echoes a crafted Host', async () => {
    for (const path of [
      '/.well-known/oauth-protected-resource/other',
      '/.well-known/oauth-protected-resource/mcp/',
      '/.well-known/oauth-protected-resource/MCP',
      '/.well-known/oauth-protected-resource/%6Dcp',
    ]) {
      expect((await get(path, `127.0.0.1:${port}`)).status, path).toBe(404);
    }
    expect((await get('/.well-known/oauth-protected-resource', 'evil.example')).status).toBe(403);
    for (const host of [`127.0.0.1:${port}@evil.example`, `localhost:${port}/evil`]) {
      const r = await get('/.well-known/oauth-protected-resource', host);
      if (r.status === 200) expect(r.json().resource).not.toMatch(/evil/);
      else expect(r.status).toBe(403);
      const c = await raw(h.url, { headers: { ...POST_HEADERS, host }, body: '{}' });
      expect(String(c.headers['www-authenticate'] ?? '')).not.toMatch(/evil/);
    }
  });
});

interface OpenGet {
  status: number;
  body: Promise<string>;
  close(): void;
}

/** Opens a GET stream with raw HTTP; resolves once response headers arrive. */
function openGet(token: Token, sid: string): Promise<OpenGet> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      h.url,
      {
        method: 'GET',
        headers: {
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
          'mcp-session-id': sid,
          'mcp-protocol-version': '2025-06-18',
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        const body = new Promise<string>((r) => {
          res.on('end', () => r(text));
          res.on('close', () => r(text));
        });
        resolve({ status: res.statusCode ?? 0, body, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('GET stream caps (trap 38)', () => {
  it('caps open GET streams per principal and in total (429, JSON-RPC body), frees slots on close', async () => {
    const gets = () => h.upstream.seen.filter((s) => s.method === 'GET').length;
    // A second GET on the same upstream session is refused by the upstream (409): the slot the
    // proxy took for it must come back.
    const s2 = await openSession(h.url, 'tok-plain2');
    const e = await openGet('tok-plain2', s2);
    expect(e.status).toBe(200);
    const dup = await openGet('tok-plain2', s2);
    expect(dup.status).toBe(409);

    const sids = await Promise.all([1, 2, 3].map(() => openSession(h.url, 'tok-plain')));
    const a = await openGet('tok-plain', sids[0]!);
    const b = await openGet('tok-plain', sids[1]!);
    expect([a.status, b.status]).toEqual([200, 200]); // total 3 (so the 409 gave its slot back)
    const before = gets();
    const c = await openGet('tok-plain', sids[2]!);
    expect(c.status).toBe(429);
    expect(JSON.parse(await c.body)).toMatchObject({
      jsonrpc: '2.0',
      id: null,
      error: { code: -32003, data: { code: 'too_many_streams', cap: 'per_principal' } },
    });
    const s3 = await openSession(h.url, 'tok-plain3');
    const f = await openGet('tok-plain3', s3);
    expect(f.status).toBe(429);
    expect(JSON.parse(await f.body).error.data).toMatchObject({ cap: 'total' });
    expect(gets()).toBe(before); // refused before the upstream was asked

    // Closing a stream frees its slot: first in the total, then for the principal.
    a.close();
    const g = await waitFor(async () => {
      const s = await openGet('tok-plain3', s3);
      if (s.status === 200) return s;
      s.close();
      return undefined;
    });
    e.close();
    const d = await waitFor(async () => {
      const s = await openGet('tok-plain', sids[2]!);
      if (s.status === 200) return s;
      s.close();
      return undefined;
    });
    for (const s of [b, d, g]) s.close();
  });
});

/** POSTs `body` and resolves once response headers arrive (the body may still be streaming). */
function postStreaming(
  headers: Record<string, string>,
  body: string,
): Promise<{ status: number; type: string; done: Promise<string> }> {
  return new Promise((resolve, reject) => {
    const req = http.request(h.url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      const done = new Promise<string>((r) => res.on('end', () => r(text)));
      resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), done });
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('SSE streams per principal (trap 38)', () => {
  it('refuses new requests with 429 while the principal holds the cap of open SSE responses', async () => {
    const sid = await openSession(h.url, 'tok-asker');
    const headers = {
      ...POST_HEADERS,
      authorization: 'Bearer tok-asker',
      'mcp-session-id': sid,
      'mcp-protocol-version': '2025-06-18',
    };
    const call = (id: number, method = 'tools/call') =>
      JSON.stringify({
        jsonrpc: '2.0',
        id,
        method,
        ...(method === 'tools/call' ? { params: { name: 'slow', arguments: { ms: 1500 } } } : {}),
      });
    const slow = await Promise.all([1, 2, 3].map((i) => postStreaming(headers, call(i))));
    expect(slow.map((s) => [s.status, s.type])).toEqual(Array(3).fill([200, 'text/event-stream']));
    const before = h.upstream.seen.length;
    const refused = await raw(h.url, { headers, body: call(4, 'ping') });
    expect(refused.status).toBe(429);
    expect(refused.json()).toMatchObject({
      id: 4,
      error: { code: -32003, data: { code: 'too_many_streams' } },
    });
    expect(h.upstream.seen.length).toBe(before);
    // Another principal is not affected.
    const other = await openSession(h.url, 'tok-plain3');
    expect(other).toBeTruthy();
    for (const s of slow) expect(await s.done).toMatch(/slept 1500/);
    const ok = await waitFor(async () => {
      const r = await raw(h.url, { headers, body: call(5, 'ping') });
      return r.status === 200 ? r : undefined;
    });
    expect(messagesOf(ok)[0]).toMatchObject({ id: 5, result: {} });
  });
});

describe('client notification floods (trap 38)', () => {
  it('forwards at most the per-session cap, drops the rest with 202 and counts them', async () => {
    const sid = await openSession(h.url, 'tok-sampler'); // notifications/initialized counts: 1
    const headers = {
      ...POST_HEADERS,
      authorization: 'Bearer tok-sampler',
      'mcp-session-id': sid,
      'mcp-protocol-version': '2025-06-18',
    };
    const flood = [
      { method: 'notifications/cancelled', params: { requestId: 424242 } },
      { method: 'notifications/progress', params: { progressToken: 'p', progress: 1 } },
      { method: 'notifications/roots/list_changed' },
      { method: 'notifications/vendor/x' },
    ];
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const r = await raw(h.url, {
        headers,
        body: JSON.stringify({ jsonrpc: '2.0', ...flood[i % flood.length] }),
      });
      statuses.push(r.status);
      expect(r.text).toBe('');
    }
    expect(new Set(statuses)).toEqual(new Set([202]));
    const forwarded = h.upstream.seen.filter(
      (s) =>
        s.headers['mcp-session-id'] === sid &&
        typeof s.body?.method === 'string' &&
        s.body.method.startsWith('notifications/') &&
        s.body.method !== 'notifications/initialized',
    );
    // 20 admitted (initialized + 19); the 4 vendor notifications among them are refused by the
    // rbac method allow-list (also 202), so 15 reach the upstream. 30 - 19 = 11 are dropped.
    expect(forwarded.length).toBe(15);
    // Requests are not notifications: the session still works.
    const ping = await raw(h.url, {
      headers,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    });
    expect(ping.status).toBe(200);
    // Another session of the same principal has its own window.
    const other = await openSession(h.url, 'tok-sampler');
    expect(other).not.toBe(sid);
    const metrics = await raw(`${h.origin}/metrics`, { method: 'GET' });
    const dropped = metrics.text
      .split('\n')
      .filter((l) => l.startsWith('dojo_guard_client_notifications_dropped_total{'))
      .reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    expect(dropped).toBe(11);
  });
});

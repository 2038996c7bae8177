/**
 * Server → client requests (elicitation) travel through the proxy on the POST stream, the client's
 * answer comes back as a POSTed JSON-RPC response; a response-phase deny answers the upstream
 * itself. Upstream session loss (404) drops the proxy's binding.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { MemoryStore } from '../../src/state/memory.js';
import type { Guard } from '../../src/core/guard.js';
import type { CompiledPolicy } from '../../src/policy/compiled.js';
import { createProxyServer, type ProxyServer } from '../../src/proxy/server.js';
import { startUpstream, type TestUpstream } from './helpers/upstream.js';
import { testPolicy } from './helpers/policy.js';
import { openSession, POST_HEADERS, raw } from './helpers/raw.js';

let upstream: TestUpstream;
let proxy: ProxyServer;
let url: string;
let policy: CompiledPolicy;

beforeAll(async () => {
  upstream = await startUpstream();
  policy = testPolicy(upstream.url);
  proxy = createProxyServer({
    policy: () => policy,
    store: new MemoryStore(),
    recorder: new MemoryRecorder(),
  });
  url = `${(await proxy.listen('127.0.0.1', 0)).url}/mcp`;
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
});

async function elicitingClient(onElicit: () => void): Promise<Client> {
  const client = new Client({ name: 'c', version: '1' }, { capabilities: { elicitation: {} } });
  client.setRequestHandler(ElicitRequestSchema, async () => {
    onElicit();
    return { action: 'accept', content: { name: 'Ada' } };
  });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: 'Bearer tok-alice' } },
    }),
  );
  return client;
}

describe('server → client requests', () => {
  it('relays elicitation to the client and its answer back to the upstream', async () => {
    let asked = 0;
    const client = await elicitingClient(() => asked++);
    const res = await client.callTool({ name: 'ask', arguments: {} });
    expect(res.content).toEqual([{ type: 'text', text: 'accept: Ada' }]);
    expect(asked).toBe(1);
    const answers = upstream.seen.filter((r) => (r.body as any)?.result?.action === 'accept');
    expect(answers).toHaveLength(1);
    await client.close();
  });

  it('drops a denied server → client request and answers the upstream with an error', async () => {
    const noElicit: Guard = {
      name: 'no-elicit',
      mode: 'enforce',
      onResponse: (_ctx, msg) =>
        msg.method === 'elicitation/create'
          ? { kind: 'deny', code: 'method_denied', reason: 'no elicitation' }
          : { kind: 'continue' },
    };
    policy = testPolicy(upstream.url, { guards: [noElicit] });
    let asked = 0;
    const client = await elicitingClient(() => asked++);
    const res = await client.callTool({ name: 'ask', arguments: {} });
    expect(asked).toBe(0);
    expect((res.content as any)[0].text).toMatch(/^elicitation failed: .*denied by policy/);
    await client.close();
    policy = testPolicy(upstream.url);
  });
});

describe('upstream session loss', () => {
  it('passes the upstream 404 through and drops the binding', async () => {
    const sid = await openSession(url, 'tok-alice');
    await upstream.dropSessions();
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const headers = { ...POST_HEADERS, authorization: 'Bearer tok-alice', 'mcp-session-id': sid };
    const first = await raw(url, { headers, body: ping });
    expect(first.status).toBe(404);
    expect(first.json().error.data.code).toBe('session_not_found');
    const before = upstream.seen.length;
    const second = await raw(url, { headers, body: ping });
    expect(second.status).toBe(404);
    // Answered from the dropped binding: the upstream is not asked again.
    expect(upstream.seen.length).toBe(before);
  });
});

describe('GET stream', () => {
  it('relays server-initiated notifications through the response chain and forwards Last-Event-ID', async () => {
    const seenByGuard: (string | undefined)[] = [];
    const observe: Guard = {
      name: 'observe',
      mode: 'enforce',
      onResponse: (ctx, msg) => {
        if (msg.method === 'notifications/tools/list_changed')
          seenByGuard.push(ctx.answeredMethod ?? 'none');
        return { kind: 'continue' };
      },
    };
    policy = testPolicy(upstream.url, { guards: [observe] });
    const sid = await openSession(url, 'tok-alice');
    const http = await import('node:http');
    const got = new Promise<string>((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: 'GET',
          headers: {
            accept: 'text/event-stream',
            authorization: 'Bearer tok-alice',
            'mcp-session-id': sid,
            'mcp-protocol-version': '2025-06-18',
            'last-event-id': 'evt-41',
          },
        },
        (res) => {
          expect(res.statusCode).toBe(200);
          expect(res.headers['content-type']).toBe('text/event-stream');
          let buf = '';
          res.on('data', (c: Buffer) => {
            buf += c.toString();
            if (buf.includes('list_changed')) {
              resolve(buf);
              req.destroy();
            }
          });
          // Headers are flushed at once: the upstream can now push on this stream.
          upstream.notifyListChanged();
        },
      );
      req.on('error', reject);
      req.end();
    });
    const text = await got;
    expect(text).toMatch(/data: \{.*"method":"notifications\/tools\/list_changed"/);
    expect(seenByGuard).toEqual(['none']);
    const get = upstream.seen.filter((r) => r.method === 'GET').pop()!;
    expect(get.headers['last-event-id']).toBe('evt-41');
    expect(get.headers.authorization).not.toContain('tok-alice');
    policy = testPolicy(upstream.url);
  });
});

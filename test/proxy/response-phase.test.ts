/**
 * The response phase's contract (src/core/guard.ts `ResponseRole`, src/proxy/pipeline.ts):
 * observers see the upstream message as it came and run first; transforms run in
 * TRANSFORM_STEPS order whatever their registration order; every hook of one message shares one
 * ResponseView; an observer that rewrites fails closed. Through a real proxy and SDK upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { MemoryStore } from '../../src/state/memory.js';
import type { Guard, TransformStep } from '../../src/core/guard.js';
import type { JsonRpcMessage } from '../../src/core/jsonrpc.js';
import type { ResponseView } from '../../src/core/response-view.js';
import { createProxyServer, type ProxyServer } from '../../src/proxy/server.js';
import { testPolicy } from './helpers/policy.js';
import { startUpstream, type TestUpstream } from './helpers/upstream.js';
import { messagesOf, openSession, POST_HEADERS, raw } from './helpers/raw.js';

type Seen = { guard: string; text: string | undefined; view: ResponseView | undefined };
const seen: Seen[] = [];

const textOf = (m: JsonRpcMessage): string | undefined =>
  (m.result as { content?: { text?: string }[] } | undefined)?.content?.[0]?.text;

const withText = (m: JsonRpcMessage, text: string): JsonRpcMessage => ({
  ...m,
  result: { content: [{ type: 'text', text }] },
});

/** A transform that appends `suffix` to the echoed text, noting what it received. */
function appender(name: string, step: TransformStep, suffix: string): Guard {
  return {
    name,
    mode: 'enforce',
    response: { phase: 'transform', step },
    onResponse: (_ctx, msg, view) => {
      const text = textOf(msg);
      seen.push({ guard: name, text, view });
      if (text === undefined || !text.startsWith('order')) return { kind: 'continue' };
      return { kind: 'rewrite', message: withText(msg, text + suffix), note: suffix };
    },
  };
}

const watcher: Guard = {
  name: 'watch',
  mode: 'enforce',
  response: { phase: 'observe' },
  onResponse: (_ctx, msg, view) => {
    const text = textOf(msg);
    seen.push({ guard: 'watch', text, view });
    // An observer may only continue or deny: this rewrite must fail closed.
    if (text === 'observer rewrites')
      return { kind: 'rewrite', message: withText(msg, 'changed by an observer'), note: 'x' };
    return { kind: 'continue' };
  },
};

let upstream: TestUpstream;
let proxy: ProxyServer;
let url: string;
let sid: string;
const recorder = new MemoryRecorder();

beforeAll(async () => {
  upstream = await startUpstream({ jsonResponse: true });
  // Registered so that reverse registration order (the old rule) would run them as lists, watch,
  // wrap, redact: the step order must win, and the observer must come first.
  const guards = [
    appender('redact', 'redact-secrets', '>R'),
    appender('wrap', 'wrap-untrusted', '>W'),
    watcher,
    appender('lists', 'filter-lists', '>F'),
  ];
  const policy = testPolicy(upstream.url, { guards });
  proxy = createProxyServer({ policy: () => policy, store: new MemoryStore(), recorder });
  url = `${(await proxy.listen('127.0.0.1', 0)).url}/mcp`;
  sid = await openSession(url, 'tok-alice');
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
});

async function echo(id: number, text: string): Promise<any> {
  const r = await raw(url, {
    headers: {
      ...POST_HEADERS,
      authorization: 'Bearer tok-alice',
      'mcp-session-id': sid,
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'echo', arguments: { text } },
    }),
  });
  return messagesOf(r)[0];
}

const responseVerdicts = (id: number) =>
  recorder.decisions
    .find((d) => d.rpcId === id)!
    .verdicts.filter((v) => v.phase === 'response')
    .map((v) => [v.guard, v.outcome, v.code]);

describe('response phase', () => {
  it('runs observers on the upstream message first, then transforms in step order', async () => {
    seen.length = 0;
    const got = await echo(11, 'order');
    expect(got.result.content[0].text).toBe('order>R>W>F');
    expect(seen.map((s) => [s.guard, s.text])).toEqual([
      ['watch', 'order'],
      ['redact', 'order'],
      ['wrap', 'order>R'],
      ['lists', 'order>R>W'],
    ]);
    expect(responseVerdicts(11)).toEqual([
      ['watch', 'continue', undefined],
      ['redact', 'rewrite', undefined],
      ['wrap', 'rewrite', undefined],
      ['lists', 'rewrite', undefined],
    ]);
  });

  it('hands every hook of one message the same view of the upstream message', async () => {
    seen.length = 0;
    await echo(12, 'order');
    const view = seen[0]!.view!;
    expect(view).toBeDefined();
    for (const s of seen) expect(s.view).toBe(view);
    expect(textOf(view.message)).toBe('order');
    seen.length = 0;
    await echo(13, 'order');
    expect(seen[0]!.view).not.toBe(view); // one view per message, never reused
  });

  it('refuses the answer when an observer rewrites it (guard_error), transforms never run', async () => {
    seen.length = 0;
    const got = await echo(14, 'observer rewrites');
    expect(got.result).toBeUndefined();
    expect(got.error.data.code).toBe('guard_error');
    expect(JSON.stringify(got)).not.toContain('changed by an observer');
    expect(seen.map((s) => s.guard)).toEqual(['watch']);
    expect(responseVerdicts(14)).toEqual([['watch', 'deny', 'guard_error']]);
  });
});

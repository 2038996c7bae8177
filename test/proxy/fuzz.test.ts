/**
 * Property-based transport fuzzer: crafted variants of a call to a tool the policy does not allow
 * (spelling, escapes, duplicate keys, batches, method variants, envelope tricks) are sent through
 * the real proxy; the upstream must never receive a tools/call for anything but the allowed tool,
 * and every answer must be a well-formed JSON-RPC error or result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { MemoryStore } from '../../src/state/memory.js';
import type { Guard } from '../../src/core/guard.js';
import { createProxyServer, type ProxyServer } from '../../src/proxy/server.js';
import { startUpstream, type TestUpstream } from './helpers/upstream.js';
import { testPolicy } from './helpers/policy.js';
import { openSession, POST_HEADERS, raw } from './helpers/raw.js';

/** Allow-list guard, like RBAC: only tools/call of exactly `echo` passes. */
const allowOnlyEcho: Guard = {
  name: 'allow-only-echo',
  mode: 'enforce',
  onRequest: (ctx) =>
    ctx.request.method === 'tools/call' && ctx.request.toolName !== 'echo'
      ? { kind: 'deny', code: 'unknown_tool', reason: 'not allowed' }
      : { kind: 'continue' },
};

let upstream: TestUpstream;
let proxy: ProxyServer;
let url: string;
let sid: string;

beforeAll(async () => {
  upstream = await startUpstream({ jsonResponse: true });
  proxy = createProxyServer({
    policy: () => testPolicy(upstream.url, { guards: [allowOnlyEcho] }),
    store: new MemoryStore(),
    recorder: new MemoryRecorder(),
  });
  url = `${(await proxy.listen('127.0.0.1', 0)).url}/mcp`;
  sid = await openSession(url, 'tok-alice');
});
afterAll(async () => {
  await proxy?.close();
  await upstream?.close();
});

const nameVariants = fc.constantFrom(
  '"leak"',
  '"\\u006ceak"',
  '"LEAK"',
  '"leak "',
  '"ｌeak"',
  '"le\\u0000ak"',
  '"echo\\u0000"',
  '"Echo"',
  '"echo "',
  '["leak"]',
  '{"name":"leak"}',
  '1',
  'null',
  '"args"',
  '"big"',
);
const methodVariants = fc.constantFrom(
  'tools/call',
  'Tools/call',
  'tools/call ',
  'tools//call',
  'tools/call\\u0000',
  '\\u0074ools/call',
  'tools\\/call',
);
const idVariants = fc.constantFrom(
  '1',
  '"1"',
  '0',
  '""',
  'null',
  '9007199254740993',
  '1.5',
  '-1',
  '[1]',
);
const wrappers = fc.constantFrom<(s: string) => string>(
  (s) => s,
  (s) => `[${s}]`,
  (s) => `[${s},${s}]`,
  (s) => ` \n${s}\n `,
  (s) => `${s}${s}`,
);

const body = fc
  .record({
    name: nameVariants,
    method: methodVariants,
    id: idVariants,
    dupName: fc.boolean(),
    dupMethod: fc.boolean(),
    nameFirst: fc.boolean(),
    wrap: wrappers,
  })
  .map(({ name, method, id, dupName, dupMethod, nameFirst, wrap }) => {
    const names = dupName
      ? nameFirst
        ? `"name":"echo","name":${name}`
        : `"name":${name},"name":"echo"`
      : `"name":${name}`;
    const methods = dupMethod ? `"method":"ping","method":"${method}"` : `"method":"${method}"`;
    return wrap(
      `{"jsonrpc":"2.0","id":${id},${methods},"params":{${names},"arguments":{"text":"x"}}}`,
    );
  });

describe('transport fuzzer', () => {
  it('never lets a call to a non-allowed tool reach the upstream (300 crafted bodies)', async () => {
    const statuses = new Set<number>();
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const r = await raw(url, {
          headers: { ...POST_HEADERS, authorization: 'Bearer tok-alice', 'mcp-session-id': sid },
          body: text,
        });
        statuses.add(r.status);
        expect([200, 202, 400]).toContain(r.status);
        if (r.status !== 202) {
          const j = r.json();
          expect(j.jsonrpc).toBe('2.0');
          expect('result' in j || 'error' in j).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    const calls = upstream.seen.filter((s) => (s.body as any)?.method === 'tools/call');
    for (const c of calls) expect((c.body as any).params.name).toBe('echo');
    // The fuzzer did exercise both paths.
    expect(statuses.has(400)).toBe(true);
    expect(statuses.has(200)).toBe(true);
  });
});

/**
 * The decision functions behind the hardening e2e tests, exercised directly with real policies
 * (parsed by the real schema) and property-based inputs: `_meta` namespace handling, the
 * server-requests guard (including 2026-07-28 `input_required` results, which the SDK upstream
 * cannot send), and the `Mcp-Param-*` re-sync rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { PolicySchema } from '../../src/policy/schema.js';
import type { ResponseContext, Verdict } from '../../src/core/guard.js';
import type { JsonRpcMessage } from '../../src/core/jsonrpc.js';
import { createServerRequestsGuard } from '../../src/guards/server-requests/guard.js';
import { MemoryStore } from '../../src/state/memory.js';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { normalizeMetaKey, sanitizeClientMeta } from '../../src/guards/system/client-meta.js';
import { paramHeadersMatchBody, syncParamHeaders } from '../../src/guards/system/param-headers.js';
import { policyYaml } from './policy.js';

const policy = PolicySchema.parse(parseYaml(policyYaml()));
const deps = {
  store: new MemoryStore(),
  recorder: new MemoryRecorder(),
  mode: 'enforce' as const,
  injectedArguments: () => [],
  isMutatingTool: () => false,
  now: Date.now,
};
const guard = createServerRequestsGuard(policy.rbac, deps)!;
const ctxFor = (role: string) =>
  ({ principal: { id: 'u', role, authMethod: 'static_token' } }) as unknown as ResponseContext;
/** The guard decides synchronously. */
const decide = (role: string, msg: JsonRpcMessage): Verdict =>
  guard.onResponse!(ctxFor(role), msg) as Verdict;

describe('server-requests guard', () => {
  it('is absent without rbac (no RBAC: everything allowed, as documented)', () => {
    expect(createServerRequestsGuard(undefined, deps)).toBeUndefined();
  });

  it('refuses input_required results naming a method the role may not receive', () => {
    const mrtr = (inputRequests: unknown) => ({
      jsonrpc: '2.0',
      id: 3,
      result: { resultType: 'input_required', inputRequests, requestState: 'opaque' },
    });
    const sampling = { a: { method: 'sampling/createMessage', params: {} } };
    const elicit = [{ method: 'elicitation/create', params: {} }];
    expect(decide('plain', mrtr(sampling))).toMatchObject({
      kind: 'deny',
      code: 'server_request_denied',
    });
    expect(decide('sampler', mrtr(sampling))).toEqual({ kind: 'continue' });
    expect(decide('sampler', mrtr(elicit)).kind).toBe('deny');
    expect(decide('asker', mrtr(elicit)).kind).toBe('continue');
    // Malformed entries (no method, non-string method) fail closed.
    for (const bad of [{ a: {} }, { a: { method: 7 } }, [null], ['sampling/createMessage']]) {
      expect(decide('asker', mrtr(bad)).kind, JSON.stringify(bad)).toBe('deny');
    }
    // Ordinary results and server notifications are not this guard's business.
    const plainResult = { jsonrpc: '2.0', id: 1, result: { content: [] } };
    expect(decide('plain', plainResult).kind).toBe('continue');
    const note = { jsonrpc: '2.0', method: 'notifications/message', params: {} };
    expect(decide('plain', note).kind).toBe('continue');
  });

  it('denies unknown roles and every method but ping by default', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), (method) => {
        const msg = { jsonrpc: '2.0', id: 0, method };
        const v = decide('plain', msg);
        expect(v.kind).toBe(method === 'ping' ? 'continue' : 'deny');
        expect(decide('no-such-role', msg).kind).toBe(method === 'ping' ? 'continue' : 'deny');
      }),
    );
  });
});

describe('_meta namespace', () => {
  const withMeta = (meta: Record<string, unknown>) => ({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'x', _meta: meta },
  });
  /** Inserts ignorable code points and flips case at random positions. */
  const disguise = (s: string) =>
    fc
      .array(fc.constantFrom('', '\u200b', '\u00ad', '\u2060', '\ufeff'), {
        minLength: s.length,
        maxLength: s.length,
      })
      .chain((junk) =>
        fc
          .array(fc.boolean(), { minLength: s.length, maxLength: s.length })
          .map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c) + junk[i]).join('')),
      );

  it('strips every disguised spelling of the proxy namespace', () => {
    fc.assert(
      fc.property(disguise('io.dojo-guard/'), fc.string({ maxLength: 10 }), (prefix, rest) => {
        const out = sanitizeClientMeta(withMeta({ [prefix + rest]: 1, keep: 2 }));
        expect(out).toMatchObject({ kind: 'ok', stripped: [expect.any(String)] });
        const kept = (out as unknown as { message: { params: { _meta: object } } }).message.params
          ._meta;
        expect(kept).toEqual({ keep: 2 });
      }),
    );
  });

  it('rejects every disguised spelling of related-task, in params and result', () => {
    fc.assert(
      fc.property(disguise('io.modelcontextprotocol/related-task'), (key) => {
        expect(sanitizeClientMeta(withMeta({ [key]: {} })).kind).toBe('reject');
        const resp = { jsonrpc: '2.0', id: 1, result: { _meta: { [key]: {} } } };
        expect(sanitizeClientMeta(resp).kind).toBe('reject');
      }),
    );
  });

  it('leaves other keys, and messages without _meta, untouched (same object)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (meta) => {
        fc.pre(
          Object.keys(meta).every((k) => {
            const n = normalizeMetaKey(k);
            return !n.startsWith('io.dojo-guard') && n !== 'io.modelcontextprotocol/related-task';
          }),
        );
        const msg = withMeta(meta);
        const out = sanitizeClientMeta(msg);
        expect(out.kind === 'ok' && out.message).toBe(msg);
      }),
    );
  });
});

describe('Mcp-Param-* rules', () => {
  it('re-syncs changed scalars, drops removed ones, refuses unmappable or non-scalar ones', () => {
    const h = { 'mcp-param-tenant': 'a', 'mcp-param-limit': '5' };
    expect(syncParamHeaders(h, { tenant: 'a', limit: 5 }, { tenant: 'b', limit: 5 })).toEqual({
      kind: 'ok',
      set: { 'mcp-param-tenant': 'b', 'mcp-param-limit': '5' },
      drop: [],
    });
    expect(syncParamHeaders(h, { tenant: 'a', limit: 5 }, { limit: 6 })).toEqual({
      kind: 'ok',
      set: { 'mcp-param-limit': '6' },
      drop: ['mcp-param-tenant'],
    });
    expect(
      syncParamHeaders(h, { tenant: 'a', limit: 5 }, { tenant: 'a', limit: { n: 5 } }),
    ).toEqual({
      kind: 'conflict',
      header: 'mcp-param-limit',
    });
    expect(syncParamHeaders({ 'mcp-param-t': 'a' }, { tenant: 'a' }, { tenant: 'b' }).kind).toBe(
      'conflict',
    );
    // Unchanged arguments: headers untouched, even unknown ones.
    expect(syncParamHeaders({ 'mcp-param-zzz': '1' }, { a: 1 }, { a: 1 })).toEqual({
      kind: 'ok',
      set: {},
      drop: [],
    });
    // Non-ASCII values use the Base64 sentinel.
    const s = syncParamHeaders({ 'mcp-param-name': 'x' }, { name: 'x' }, { name: 'é' });
    expect(s).toMatchObject({ set: { 'mcp-param-name': `=?base64?${btoa('\u00c3\u00a9')}?=` } });
  });

  it('accepts exactly the mirrored value on the way in', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), (v, other) => {
        const enc = `=?base64?${Buffer.from(v).toString('base64')}?=`;
        expect(paramHeadersMatchBody({ 'mcp-param-q': enc }, { q: v })).toBe(true);
        expect(paramHeadersMatchBody({ 'mcp-param-q': enc }, { q: other })).toBe(v === other);
      }),
    );
  });
});

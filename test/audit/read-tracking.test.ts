/**
 * The read-tracking guard against the real MemoryStore: id extraction from results (structured
 * and JSON text), adversarial argument spellings and encodings, session isolation, fail-closed.
 */
import { describe, expect, it } from 'vitest';
import {
  createReadTrackingGuard,
  FINDINGS_READ_FACT,
} from '../../src/guards/read-tracking/guard.js';
import { MemoryStore } from '../../src/state/memory.js';
import { MemoryRecorder } from '../../src/core/recorder.js';
import type { Guard, RequestContext, ResponseContext } from '../../src/core/guard.js';
import type { StateStore } from '../../src/core/store.js';
import { PolicySchema } from '../../src/policy/schema.js';

const MUTATING = new Set(['close_finding', 'update_finding', 'add_finding_note', 'bulk_close']);

function guardFor(
  findings: Record<string, unknown> = { require_read_for: ['close_finding', 'bulk_close'] },
  store: StateStore = new MemoryStore(),
) {
  const policy = PolicySchema.parse({ version: 1, audit: { findings } });
  const g = createReadTrackingGuard(policy.audit!.findings!, {
    store,
    recorder: new MemoryRecorder(),
    mode: 'enforce',
    injectedArguments: () => [],
    isMutatingTool: (t) => MUTATING.has(t),
    now: Date.now,
  }) as Guard;
  return { g, store };
}

function ctx(
  store: StateStore,
  sessionId: string | undefined,
  tool: string,
  args: Record<string, unknown>,
): ResponseContext {
  return {
    requestId: 'r',
    decisionId: 'd',
    principal: { id: 'p', role: 'writer', authMethod: 'static_token' },
    sessionId,
    request: {
      kind: 'request',
      id: 1,
      method: 'tools/call',
      toolName: tool,
      arguments: args,
      message: {},
    },
    http: { remoteAddress: '127.0.0.1' },
    store,
    facts: new Map(),
    now: Date.now,
    answeredMethod: 'tools/call',
  };
}

const finding = (id: unknown) => ({
  id,
  title: 't',
  severity: 'High',
  numerical_severity: 'S1',
  test: 1,
});

async function read(
  g: Guard,
  store: StateStore,
  session: string,
  tool: string,
  result: Record<string, unknown>,
  args: Record<string, unknown> = {},
) {
  await g.onResponse!(ctx(store, session, tool, args), { jsonrpc: '2.0', id: 1, result });
}

async function mutate(
  g: Guard,
  store: StateStore,
  session: string | undefined,
  tool: string,
  args: Record<string, unknown>,
) {
  const c: RequestContext = ctx(store, session, tool, args);
  const v = await g.onRequest!(c);
  return {
    v,
    fact: c.facts.get(FINDINGS_READ_FACT) as
      { readIds: number[]; targetIds: number[]; targetsRead: number[] } | undefined,
  };
}

describe('read-tracking guard', () => {
  it('records ids from structuredContent lists and denies unread targets', async () => {
    const { g, store } = guardFor();
    await read(g, store, 's1', 'get_findings', {
      structuredContent: { count: 2, results: [finding(1), finding(2)] },
      content: [],
    });
    expect((await mutate(g, store, 's1', 'close_finding', { finding_id: 2 })).v.kind).toBe(
      'continue',
    );
    const d = await mutate(g, store, 's1', 'close_finding', { finding_id: 3 });
    expect(d.v).toMatchObject({ kind: 'deny', code: 'not_read_before_mutation' });
    expect(d.fact).toEqual({ readIds: [2, 1], targetIds: [3], targetsRead: [] });
  });

  it('records ids from JSON text content and single-finding results; ignores note ids', async () => {
    const { g, store } = guardFor();
    await read(g, store, 's1', 'get_finding_by_id', {
      content: [{ type: 'text', text: JSON.stringify({ result: finding(7) }) }],
    });
    // Notes of finding 8 show notes, not finding 8: the argument does not make it read.
    await read(
      g,
      store,
      's1',
      'get_finding_notes',
      { structuredContent: { finding_id: 8, notes: [{ id: 555, entry: 'note', author: 'x' }] } },
      { finding_id: 8 },
    );
    expect(await store.getReadFindings('s1')).toEqual([7]);
  });

  it('never takes read ids from the arguments of the call that produced the result', async () => {
    const { g, store } = guardFor();
    const page = { structuredContent: { count: 1, results: [finding(1)] } };
    for (const args of [
      { limit: 1, ids: '261,262' },
      { finding_id: [261] },
      { ids: [261] },
      { finding_id: 261 },
      { id__in: Array.from({ length: 900 }, (_, i) => i + 1000) },
    ]) {
      await read(g, store, 's', 'get_findings', page, args);
    }
    expect(await store.getReadFindings('s')).toEqual([1]);
    expect((await mutate(g, store, 's', 'close_finding', { finding_id: 261 })).v).toMatchObject({
      kind: 'deny',
      code: 'not_read_before_mutation',
    });
  });

  it('counts only objects with the finding shape (tests, groups, stubs, notes, string ids do not)', async () => {
    const { g, store } = guardFor();
    const { numerical_severity: _n, ...stub } = finding(31);
    await read(g, store, 's', 'get_findings', {
      structuredContent: {
        results: [
          { ...finding(30), test: { id: 4, title: 'expanded test' } },
          { id: 32, title: 'ZAP scan', engagement: 1, test_type: 3 }, // a test
          { id: 33, name: 'group', test: 1, jira_issue: null }, // a finding group
          stub, // a stub finding: no numerical_severity
          { id: 34, entry: 'note', author: { id: 1, username: 'u' } }, // a note
          { ...finding('35') }, // an id that is a string
          { ...finding(36), test: 0 },
          { ...finding(37), title: 7 },
          { related_fields: { test: { id: 38, title: 'x', severity: 'High' } } },
          { ...finding(39), notes: [finding(40)] }, // a finding's members are not walked
        ],
      },
    });
    expect(await store.getReadFindings('s')).toEqual([39, 30]);
  });

  it('finds findings in nested wrappers and bare JSON lists, and in mismatched text blocks', async () => {
    const { g, store } = guardFor();
    await read(g, store, 's', 'get_findings', {
      structuredContent: { data: { page: { items: [finding(50)] } } },
      content: [
        { type: 'text', text: JSON.stringify([finding(51)]) },
        { type: 'text', text: 'not json {"id": 52}' },
        { type: 'text', text: JSON.stringify({ a: { b: { c: finding(53) } } }) },
      ],
    });
    expect((await store.getReadFindings('s')).sort()).toEqual([50, 51, 53]);
  });

  it('counts every read tool by default and only the listed ones with result_tools', async () => {
    const { g, store } = guardFor({ require_read_for: ['close_finding'] });
    await read(g, store, 's', 'search_findings', { structuredContent: { results: [finding(60)] } });
    // A mutating tool's answer is not a read.
    await read(g, store, 's', 'update_finding', { structuredContent: { result: finding(61) } });
    expect(await store.getReadFindings('s')).toEqual([60]);
    const listed = guardFor({ result_tools: ['get_findings'] });
    await read(listed.g, listed.store, 's', 'search_findings', {
      structuredContent: { results: [finding(62)] },
    });
    expect(await listed.store.getReadFindings('s')).toEqual([]);
  });

  it('ignores error results', async () => {
    const { g, store } = guardFor();
    await read(g, store, 's1', 'get_finding_by_id', {
      isError: true,
      structuredContent: { result: finding(9) },
    });
    expect(await store.getReadFindings('s1')).toEqual([]);
  });

  it('keeps sessions apart', async () => {
    const { g, store } = guardFor();
    await read(g, store, 'A', 'get_findings', { structuredContent: { results: [finding(1)] } });
    expect((await mutate(g, store, 'B', 'close_finding', { finding_id: 1 })).v.kind).toBe('deny');
    expect((await mutate(g, store, undefined, 'close_finding', { finding_id: 1 })).v.kind).toBe(
      'deny',
    );
  });

  it('finds targets under alternate spellings, nesting, arrays, strings and Unicode digits', async () => {
    const { g, store } = guardFor();
    await read(g, store, 's', 'get_findings', { structuredContent: { results: [finding(42)] } });
    for (const args of [
      { Finding_ID: 42 },
      { 'finding-id': '42' },
      { findingId: ' 42 ' },
      { FINDING_IDS: [42] },
      { finding_ids: '42,42' },
      { finding_id: '４２' },
      { nested: { finding_id: 42 } },
    ]) {
      expect(
        (await mutate(g, store, 's', 'close_finding', args)).v.kind,
        JSON.stringify(args),
      ).toBe('continue');
    }
    for (const args of [
      { Finding_ID: 43 },
      { finding_ids: [42, 43] },
      { finding_ids: '42,43' },
      { findingId: '42abc' },
      { finding_id: 42.5 },
      { finding_id: -42 },
      { finding_id: '0x2a' },
      { finding_id: null },
      { id: 42, finding_id: 43 },
      {},
      { note: 'finding 42' },
    ]) {
      const r = await mutate(g, store, 's', 'close_finding', args);
      expect(r.v, JSON.stringify(args)).toMatchObject({
        kind: 'deny',
        code: 'not_read_before_mutation',
      });
    }
  });

  it('checks every id of a bulk mutation', async () => {
    const { g, store } = guardFor();
    await read(g, store, 's', 'get_findings', {
      structuredContent: { results: [finding(1), finding(2)] },
    });
    expect((await mutate(g, store, 's', 'bulk_close', { ids: [1, 2] })).v.kind).toBe('continue');
    expect((await mutate(g, store, 's', 'bulk_close', { ids: [1, 2, 3] })).v.kind).toBe('deny');
  });

  it('records the fact on mutations that do not require a read, and skips reads', async () => {
    const { g, store } = guardFor();
    const r = await mutate(g, store, 's', 'update_finding', { finding_id: 5 });
    expect(r.v.kind).toBe('continue');
    expect(r.fact).toEqual({ readIds: [], targetIds: [5], targetsRead: [] });
    const q = await mutate(g, store, 's', 'get_findings', { finding_id: 5 });
    expect(q.fact).toBeUndefined();
  });

  it('fails closed when the store is down (required tools only)', async () => {
    const broken = new MemoryStore();
    broken.getReadFindings = () => Promise.reject(new Error('down'));
    const { g } = guardFor(undefined, broken);
    expect((await mutate(g, broken, 's', 'close_finding', { finding_id: 1 })).v).toMatchObject({
      kind: 'deny',
      code: 'state_unavailable',
    });
    expect((await mutate(g, broken, 's', 'update_finding', { finding_id: 1 })).v.kind).toBe(
      'continue',
    );
  });

  it('scope principal: reads count across sessions and without one, per principal only', async () => {
    const { g, store } = guardFor({ require_read_for: ['close_finding'], scope: 'principal' });
    await read(g, store, 'A', 'get_findings', { structuredContent: { results: [finding(70)] } });
    // Same principal, another session and no session at all: allowed.
    expect((await mutate(g, store, 'B', 'close_finding', { finding_id: 70 })).v.kind).toBe(
      'continue',
    );
    expect((await mutate(g, store, undefined, 'close_finding', { finding_id: 70 })).v.kind).toBe(
      'continue',
    );
    // A stateless read (no session) counts too.
    const c = ctx(store, undefined, 'get_findings', {});
    await g.onResponse!(c, {
      jsonrpc: '2.0',
      id: 1,
      result: { structuredContent: { results: [finding(71)] } },
    });
    const m = await mutate(g, store, 'C', 'close_finding', { finding_id: 71 });
    expect(m.v.kind).toBe('continue');
    expect(m.fact?.readIds.sort()).toEqual([70, 71]);
    // Another principal (same id under another auth method too) has read nothing.
    const others: RequestContext['principal'][] = [
      { id: 'q', role: 'writer', authMethod: 'static_token' },
      { id: 'p', role: 'writer', authMethod: 'jwt' },
    ];
    for (const principal of others) {
      const other = { ...ctx(store, 'A', 'close_finding', { finding_id: 70 }), principal };
      expect(await g.onRequest!(other), JSON.stringify(principal)).toMatchObject({
        kind: 'deny',
        code: 'not_read_before_mutation',
      });
    }
    // Session scope keeps sessions apart over the same store.
    const s = guardFor({ require_read_for: ['close_finding'] }, store).g;
    expect((await mutate(s, store, 'B', 'close_finding', { finding_id: 70 })).v.kind).toBe('deny');
  });

  it('scope principal: the read set expires after principal_ttl_seconds', async () => {
    const store = new MemoryStore();
    const seen: (number | undefined)[] = [];
    const add = store.addReadFindings.bind(store);
    store.addReadFindings = (k, p, ids, ttl) => (seen.push(ttl), add(k, p, ids, ttl));
    const { g } = guardFor({ scope: 'principal', principal_ttl_seconds: 90 }, store);
    await read(g, store, 'A', 'get_findings', { structuredContent: { results: [finding(72)] } });
    expect(seen).toEqual([90_000]);
  });

  it('does not let a huge result flood the read set (max_ids_per_response)', async () => {
    const { g, store } = guardFor({ max_ids_per_response: 10 });
    const results = Array.from({ length: 100 }, (_, i) => finding(i + 1));
    await read(g, store, 's', 'get_findings', { structuredContent: { results } });
    expect((await store.getReadFindings('s')).length).toBe(10);
  });
});

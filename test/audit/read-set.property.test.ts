/**
 * Property (fast-check, fixed seed): for random tool results — findings and finding look-alikes
 * nested at random depths in random wrappers, delivered as structuredContent, as JSON text or
 * both — and random arguments naming other ids, the read set the guard records equals the ids of
 * the finding objects present in the result, and nothing else.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReadTrackingGuard } from '../../src/guards/read-tracking/guard.js';
import { MemoryStore } from '../../src/state/memory.js';
import { MemoryRecorder } from '../../src/core/recorder.js';
import type { Guard, ResponseContext } from '../../src/core/guard.js';
import { PolicySchema } from '../../src/policy/schema.js';

const SEED = 0x121;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A node of a generated result plus the finding ids it holds (computed while generating). */
interface Gen {
  value: Json;
  ids: number[];
}

const id = fc.integer({ min: 1, max: 5000 });
const severity = fc.constantFrom('Critical', 'High', 'Medium', 'Low', 'Info');

const findingGen: fc.Arbitrary<Gen> = fc
  .record({ id, title: fc.string({ maxLength: 8 }), severity, test: id, expanded: fc.boolean() })
  .map(({ id: fid, title, severity: sev, test, expanded }) => ({
    value: {
      id: fid,
      title,
      severity: sev,
      numerical_severity: 'S1',
      test: expanded ? { id: test, title: 'a test' } : test,
      description: `see finding ${fid + 1}`,
      notes: [{ id: fid + 7, entry: 'x', author: { id: 1, username: 'u' } }],
    },
    ids: [fid],
  }));

/** Objects that share some finding fields but are not findings: never counted. */
const lookAlike: fc.Arbitrary<Gen> = fc
  .tuple(id, fc.constantFrom('test', 'group', 'stub', 'note', 'stringId', 'zeroTest'))
  .map(([oid, kind]) => {
    const full = { id: oid, title: 't', severity: 'High', numerical_severity: 'S1', test: 3 };
    const by: Record<string, Json> = {
      test: { id: oid, title: 'ZAP', engagement: 2, test_type: 5 },
      group: { id: oid, name: 'g', test: 3, jira_issue: null },
      stub: { id: oid, title: 't', severity: 'High', test: 3 },
      note: { id: oid, entry: 'e', finding_id: oid },
      stringId: { ...full, id: String(oid) },
      zeroTest: { ...full, test: 0 },
    };
    return { value: by[kind]!, ids: [] };
  });

const scalar: fc.Arbitrary<Gen> = fc
  .oneof(fc.integer(), fc.string({ maxLength: 6 }), fc.boolean(), fc.constant(null))
  .map((v) => ({ value: v, ids: [] }));

const tree: fc.Arbitrary<Gen> = fc.letrec<{ node: Gen }>((tie) => ({
  node: fc.oneof(
    { maxDepth: 4, depthSize: 'small', withCrossShrink: true },
    scalar,
    findingGen,
    lookAlike,
    fc.array(tie('node'), { maxLength: 4 }).map((xs) => ({
      value: xs.map((x) => x.value),
      ids: xs.flatMap((x) => x.ids),
    })),
    fc
      .dictionary(fc.constantFrom('results', 'result', 'items', 'data', 'x'), tie('node'), {
        maxKeys: 3,
      })
      .map((d) => ({
        value: Object.fromEntries(Object.entries(d).map(([k, v]) => [k, v.value])),
        ids: Object.values(d).flatMap((v) => v.ids),
      })),
  ),
})).node;

function guard(store: MemoryStore): Guard {
  const policy = PolicySchema.parse({ version: 1, audit: { findings: {} } });
  return createReadTrackingGuard(policy.audit!.findings!, {
    store,
    recorder: new MemoryRecorder(),
    mode: 'enforce',
    injectedArguments: () => [],
    isMutatingTool: (t) => t.startsWith('close'),
    now: Date.now,
  }) as Guard;
}

function ctx(store: MemoryStore, session: string, args: Record<string, unknown>): ResponseContext {
  return {
    requestId: 'r',
    decisionId: 'd',
    principal: { id: 'p', role: 'writer', authMethod: 'static_token' },
    sessionId: session,
    request: {
      kind: 'request',
      id: 1,
      method: 'tools/call',
      toolName: 'get_findings',
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

describe('read set = ids of the findings present in the result (property)', () => {
  it('holds for random results, deliveries and arguments', async () => {
    // One store and guard (a MemoryStore preallocates its LRU); one session per run.
    const store = new MemoryStore();
    const g = guard(store);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        tree,
        fc.constantFrom('structured', 'text', 'both'),
        fc.array(id, { maxLength: 5 }),
        async (t, delivery, argIds) => {
          const session = `s${run++}`;
          const wrapped: Record<string, Json> = { page: t.value };
          const result: Record<string, unknown> = {};
          if (delivery !== 'text') result.structuredContent = wrapped;
          result.content =
            delivery === 'structured' ? [] : [{ type: 'text', text: JSON.stringify(wrapped) }];
          const args = { ids: argIds, finding_id: argIds[0] ?? 1, id__in: argIds.join(',') };
          await g.onResponse!(ctx(store, session, args), { jsonrpc: '2.0', id: 1, result });
          const read = await store.getReadFindings(session);
          expect(new Set(read)).toEqual(new Set(t.ids));
          expect(read.length).toBe(new Set(t.ids).size);
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});

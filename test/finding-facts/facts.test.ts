/**
 * Unit tests of the finding-facts pieces: fact conditions (adversarial spellings), the fact view,
 * the per-principal cache, the lookup's failure handling and audit, and undo planning.
 */
import { describe, expect, it } from 'vitest';
import { compileCondition, UNKNOWN_FACTS } from '../../src/guards/rbac/conditions.js';
import { factView } from '../../src/guards/finding-facts/fact-view.js';
import { FactCache } from '../../src/guards/finding-facts/fact-cache.js';
import { FactLookup } from '../../src/guards/finding-facts/lookup.js';
import {
  factsOf,
  lookupResultOf,
  type FindingFacts,
} from '../../src/guards/finding-facts/facts.js';
import { planUndo } from '../../src/guards/finding-facts/undo-plan.js';
import { MemoryRecorder } from '../../src/core/recorder.js';
import type { ConditionSchema } from '../../src/guards/rbac/schema.js';
import type { z } from 'zod';

const finding = (over: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: 7,
  title: 'T',
  severity: 'Critical',
  active: true,
  verified: false,
  risk_accepted: false,
  tags: ['PenTest', 'web'],
  test: 3,
  related_fields: {
    test: { id: 3, engagement: { id: 2, product: { id: 1, prod_type: { id: 9 } } } },
  },
  ...over,
});
const facts = (over: Record<string, unknown> = {}): FindingFacts => factsOf(finding(over))!;
const cond = (c: z.input<typeof ConditionSchema>) => compileCondition(c as never);
const answer = (o: unknown) => ({
  jsonrpc: '2.0',
  id: 1,
  result: { structuredContent: { result: o } },
});

describe('fact conditions', () => {
  it('tags match any tag, case-insensitively, and not_in holds only when none matches', () => {
    const v = factView(facts(), {});
    expect(cond({ fact: 'tags', in: ['pentest'] })({}, v)).toBe(true);
    expect(cond({ fact: 'tags', in: ['PENTEST'] })({}, v)).toBe(true);
    expect(cond({ fact: 'tags', not_in: ['pentest'] })({}, v)).toBe(false);
    expect(cond({ fact: 'tags', not_in: ['other'] })({}, v)).toBe(true);
    expect(cond({ fact: 'tags', matches: 'pen*' })({}, v)).toBe(true);
    expect(cond({ fact: 'tags', exists: false })({}, factView(facts({ tags: [] }), {}))).toBe(true);
  });

  it('a lowering is recognised in every spelling; an unknown severity counts as lowered', () => {
    for (const s of ['Info', 'info', 'ＩＮＦＯ', ' low ', 'Medium', 'bogus', 7, null])
      expect(factView(facts(), { severity: s }).severity_lowered, String(s)).toBe(true);
    for (const s of ['Critical', 'critical'])
      expect(factView(facts(), { severity: s }).severity_lowered, s).toBe(false);
    expect(factView(facts({ severity: 'Low' }), { severity: 'High' }).severity_raised).toBe(true);
    expect(factView(facts(), {}).severity_lowered).toBe(false);
  });

  it('without facts a fact condition holds (the stricter reading); an absent product fails `in`', () => {
    expect(cond({ fact: 'severity', in: ['Low'] })({}, UNKNOWN_FACTS)).toBe(true);
    expect(cond({ fact: 'severity', in: ['Low'] })({})).toBe(true);
    const noProduct = factView(facts({ related_fields: null }), {});
    expect(cond({ fact: 'product', in: [1] })({}, noProduct)).toBe(false);
    expect(cond({ fact: 'product', not_in: [1] })({}, noProduct)).toBe(true);
    expect(
      cond({ fact: 'active', equals: 'true' })({}, factView(facts({ active: false }), {})),
    ).toBe(true);
  });
});

describe('lookup answers', () => {
  it('reads the finding and its product; refuses another finding, an error or a non-finding', () => {
    const r = lookupResultOf(answer(finding()), 7);
    expect(r.kind === 'found' && [r.facts.product, r.facts.product_type, r.facts.tags]).toEqual([
      1,
      9,
      ['pentest', 'web'],
    ]);
    expect(lookupResultOf(answer(finding()), 8).kind).toBe('unavailable');
    expect(lookupResultOf(answer({ id: 7 }), 7).kind).toBe('unavailable');
    const missing = {
      jsonrpc: '2.0',
      id: 1,
      result: {
        isError: true,
        content: [{ type: 'text', text: '{"error":{"code":"dojo_not_found"}}' }],
      },
    };
    expect(lookupResultOf(missing, 7).kind).toBe('absent');
    const other = {
      ...missing,
      result: {
        ...missing.result,
        content: [{ type: 'text', text: '{"error":{"code":"dojo_forbidden"}}' }],
      },
    };
    expect(lookupResultOf(other, 7).kind).toBe('unavailable');
  });
});

describe('the fact cache', () => {
  it('is keyed by principal, expires, is bounded, and a change drops a finding for everyone', () => {
    let now = 0;
    const c = new FactCache(1000, 3, () => now);
    c.set('a', 7, facts());
    expect(c.get('a', 7)).toBeDefined();
    expect(c.get('b', 7)).toBeUndefined();
    now = 1000;
    expect(c.get('a', 7)).toBeUndefined();
    c.set('a', 1, facts());
    c.set('b', 1, facts());
    c.set('a', 2, facts());
    c.set('a', 3, facts());
    expect(c.size).toBe(3);
    expect(c.get('a', 1)).toBeUndefined(); // oldest went first
    c.invalidate(1);
    expect(c.get('b', 1)).toBeUndefined();
  });
});

describe('FactLookup', () => {
  it('shares one lookup in flight, audits each, and turns a hung upstream into unavailable', async () => {
    const rec = new MemoryRecorder();
    let calls = 0;
    const ok = new FactLookup(
      async () => {
        calls++;
        await new Promise((r) => setTimeout(r, 20));
        return answer(finding());
      },
      { timeoutMs: 1000, cacheTtlMs: 5000, cacheMaxEntries: 10 },
      rec,
      Date.now,
    );
    const [x, y] = await Promise.all([ok.facts('a', 7), ok.facts('a', 7)]);
    expect(x).toBe(y);
    expect(calls).toBe(1);
    await ok.facts('b', 7);
    expect(calls).toBe(2);
    expect(ok.productOfTest(3)).toEqual({ product: 1, type: 9 });
    const hung = new FactLookup(
      (_id, signal) =>
        new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason))),
      { timeoutMs: 30, cacheTtlMs: 5000, cacheMaxEntries: 10 },
      rec,
      Date.now,
    );
    expect(await hung.facts('a', 7)).toEqual({ kind: 'unavailable', reason: 'lookup timed out' });
    expect(rec.events.map((e) => [e.type, e.detail.outcome])).toEqual([
      ['finding_lookup', 'found'],
      ['finding_lookup', 'found'],
      ['finding_lookup', 'unavailable'],
    ]);
  });
});

describe('undo planning', () => {
  const closed = {
    finding: 7,
    tool: 'close_finding',
    before: { active: true, verified: true, under_review: false },
    after: { active: false },
  };
  it('reopens a close, restoring verified; refuses a finding changed since unless forced', () => {
    const step = planUndo(closed, { active: false, verified: false, under_review: false }, false);
    expect(step).toMatchObject({
      kind: 'calls',
      calls: [
        { tool: 'reopen_finding', arguments: { finding_id: 7 } },
        { tool: 'update_finding', arguments: { finding_id: 7, verified: true } },
      ],
    });
    expect(planUndo(closed, { active: true }, false).kind).toBe('changed');
    expect(planUndo(closed, { active: true }, true).kind).toBe('calls');
  });

  it('restores fields, never a masked one; tags by difference; notes are reported', () => {
    const upd = {
      finding: 7,
      tool: 'update_finding',
      before: { severity: 'Critical', description: '[MASKED]' },
      after: { severity: 'Info', description: 'x' },
    };
    expect(planUndo(upd, { severity: 'Info', description: 'x' }, false)).toMatchObject({
      kind: 'calls',
      calls: [{ tool: 'update_finding', arguments: { finding_id: 7, severity: 'Critical' } }],
    });
    const tags = {
      finding: 7,
      tool: 'add_finding_tags',
      before: { tags: ['a'] },
      after: { tags: ['a', 'b'] },
    };
    expect(planUndo(tags, { tags: ['a', 'b'] }, false)).toMatchObject({
      calls: [{ tool: 'remove_finding_tags', arguments: { finding_id: 7, tags: ['b'] } }],
    });
    expect(planUndo(tags, { tags: ['a'] }, false).kind).toBe('changed');
    expect(
      planUndo({ finding: 7, tool: 'add_finding_note', before: {}, after: {} }, {}, false).kind,
    ).toBe('none');
  });
});

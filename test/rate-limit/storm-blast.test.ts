/** Denial storms and blast-radius quotas, in-memory store, controlled clock. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { register } from 'prom-client';
import { createRateLimitGuard } from '../../src/guards/rate-limit/rate-limit.js';
import type { Guard, Verdict } from '../../src/core/guard.js';
import { MemoryStore } from '../../src/state/memory.js';
import { callCtx, deps, policy, principal } from './ctx.js';

const alice = principal('alice');
const bob = principal('bob');

function setup(rateLimits: unknown) {
  const store = new MemoryStore();
  const d = deps(store);
  const g = createRateLimitGuard(policy(rateLimits).rate_limits, d) as Guard;
  const call = (p = alice, tool = 'get_finding', args: Record<string, unknown> = {}) =>
    Promise.resolve(g.onRequest!(callCtx(store, p, tool, args)));
  const denied = (p = alice, code: Parameters<NonNullable<Guard['onDenied']>>[1] = 'rbac_denied') =>
    g.onDenied!(callCtx(store, p, 'delete_everything'), code);
  return { g, d, store, call, denied };
}

function denial(v: Verdict) {
  if (v.kind !== 'deny') throw new Error(`expected deny, got ${v.kind}`);
  return v;
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setTimeout', 'clearTimeout'] });
  vi.setSystemTime(new Date('2026-01-01T00:00:00Z'));
});
afterEach(() => vi.useRealTimers());

describe('denial storm', () => {
  const storm = { denial_storm: { threshold: 3, window_seconds: 60, lockout_seconds: 300 } };

  it('locks a principal out after more than threshold denials and raises one critical event', async () => {
    const { call, denied, d } = setup(storm);
    for (let i = 0; i < 3; i++) await denied();
    expect((await call()).kind).toBe('continue'); // threshold itself is tolerated
    await denied();
    const v = denial(await call());
    expect(v.code).toBe('principal_locked');
    expect(v.data?.retryAfterMs).toBe(300_000);
    // Further denials while locked do not raise more events.
    for (let i = 0; i < 5; i++) await denied();
    const events = d.recorder.events.filter((e) => e.type === 'denial_storm');
    expect(events).toHaveLength(1);
    const lockouts = await register
      .getSingleMetric('dojo_guard_denial_storm_lockouts_total')!
      .get();
    expect(lockouts.values[0]?.value).toBe(1);
    expect(events[0]).toMatchObject({
      severity: 'critical',
      detail: { principalId: 'alice', lastCode: 'rbac_denied', threshold: 3 },
    });
    // Other principals are unaffected; every method of the locked one is refused.
    expect((await call(bob)).kind).toBe('continue');
    const { g, store } = setup(storm);
    expect(g.name).toBe('rate-limit');
    expect(store.kind).toBe('memory');
  });

  it('locks every request kind, not only tools/call', async () => {
    const { g, store, denied } = setup(storm);
    for (let i = 0; i < 4; i++) await denied();
    const v = await g.onRequest!(callCtx(store, alice, undefined, {}, 'tools/list'));
    expect(denial(v).code).toBe('principal_locked');
  });

  it('lockout expires after lockout_seconds and counting starts afresh', async () => {
    const { call, denied } = setup(storm);
    for (let i = 0; i < 4; i++) await denied();
    vi.advanceTimersByTime(299_999);
    expect(denial(await call()).code).toBe('principal_locked');
    vi.advanceTimersByTime(1);
    expect((await call()).kind).toBe('continue');
    for (let i = 0; i < 3; i++) await denied();
    expect((await call()).kind).toBe('continue');
  });

  it('denials spread beyond the window do not add up', async () => {
    const { call, denied } = setup(storm);
    for (let i = 0; i < 3; i++) await denied();
    vi.advanceTimersByTime(60_000);
    for (let i = 0; i < 3; i++) await denied();
    expect((await call()).kind).toBe('continue');
  });

  it('does not count our own outages or the lockout itself', async () => {
    const { call, denied } = setup(storm);
    for (const code of [
      'state_unavailable',
      'audit_unavailable',
      'guard_error',
      'upstream_timeout',
    ] as const) {
      for (let i = 0; i < 5; i++) await denied(alice, code);
    }
    expect((await call()).kind).toBe('continue');
  });

  it('rate_limited denials count toward the storm', async () => {
    const { call, denied } = setup({
      ...storm,
      limits: [{ id: 'one', points: 1, duration_seconds: 600 }],
    });
    expect((await call()).kind).toBe('continue');
    for (let i = 0; i < 4; i++) {
      const v = denial(await call());
      expect(v.code).toBe('rate_limited');
      await denied(alice, v.code);
    }
    expect(denial(await call()).code).toBe('principal_locked');
  });
});

describe('blast radius', () => {
  const quota = {
    blast_radius: [
      {
        id: 'findings-per-10min',
        max_findings: 10,
        duration_seconds: 600,
        bulk: [
          {
            tools: ['import_scan'],
            arguments: [{ path: 'close_old_findings', equals: true }],
            counts_as: 10,
          },
        ],
      },
    ],
  };

  it('counts the distinct findings in list arguments, not calls', async () => {
    const { call } = setup(quota);
    expect((await call(alice, 'close_findings', { finding_ids: [1, 2, 3, 3, 3] })).kind).toBe(
      'continue',
    );
    expect((await call(alice, 'close_findings', { finding_ids: [4, 5, 6, 7, 8, 9] })).kind).toBe(
      'continue',
    );
    const v = denial(await call(alice, 'close_findings', { finding_ids: [10, 11] }));
    expect(v.code).toBe('blast_radius_exceeded');
    expect(v.ruleId).toBe('findings-per-10min');
    // The denied call took nothing: one more finding still fits.
    expect((await call(alice, 'close_finding', { finding_id: 12 })).kind).toBe('continue');
    expect(denial(await call(alice, 'close_finding', { finding_id: 13 })).code).toBe(
      'blast_radius_exceeded',
    );
  });

  it('sees through alternate key spellings, strings with separators and duplicated keys', async () => {
    const { call } = setup(quota);
    const v = await call(alice, 'close_findings', {
      findingIds: '1, 2;3 4',
      'Finding-IDs': [5, 6],
      finding_id: 1,
      ids: [[7], { id: 8 }],
    });
    // 1..7 distinct = 7, plus one opaque object = 8 of 10.
    expect(v.kind).toBe('continue');
    expect((await call(alice, 'close_findings', { FINDING_IDS: [20, 21] })).kind).toBe('continue');
    expect(denial(await call(alice, 'close_finding', { finding_id: 22 })).code).toBe(
      'blast_radius_exceeded',
    );
  });

  it('a single call larger than the quota is denied outright', async () => {
    const { call } = setup(quota);
    const ids = Array.from({ length: 11 }, (_, i) => i);
    expect(denial(await call(alice, 'close_findings', { finding_ids: ids })).code).toBe(
      'blast_radius_exceeded',
    );
    expect((await call(alice, 'close_findings', { finding_ids: ids.slice(0, 10) })).kind).toBe(
      'continue',
    );
  });

  it('charges bulk tools by their configured weight', async () => {
    const { call } = setup(quota);
    expect((await call(alice, 'import_scan', { close_old_findings: false })).kind).toBe('continue');
    expect((await call(alice, 'import_scan', { close_old_findings: 'TRUE' })).kind).toBe(
      'continue',
    );
    expect(denial(await call(alice, 'close_finding', { finding_id: 1 })).code).toBe(
      'blast_radius_exceeded',
    );
    vi.advanceTimersByTime(600_000);
    expect((await call(alice, 'close_finding', { finding_id: 1 })).kind).toBe('continue');
  });

  it('does not charge reads (default match: mutating tools)', async () => {
    const { call } = setup(quota);
    for (let i = 0; i < 5; i++) {
      expect((await call(alice, 'list_findings', { ids: [1, 2, 3, 4, 5] })).kind).toBe('continue');
    }
  });
});

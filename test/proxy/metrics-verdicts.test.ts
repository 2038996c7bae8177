/**
 * The per-guard tallies (src/proxy/metrics-verdicts.ts) on prom-client's real registry: counts
 * reach the exposition at scrape time exactly once, label values stay bounded whatever a verdict
 * carries, injection rules are counted from deny verdicts and shadow annotations.
 */
import { describe, expect, it } from 'vitest';
import type { VerdictRecord } from '../../src/core/guard.js';
import { observeVerdicts } from '../../src/proxy/metrics-verdicts.js';
import { metricsRegistry } from '../../src/shared/metrics.js';
import { sample } from '../helpers/metrics-text.js';

const scrape = (): Promise<string> => metricsRegistry.metrics();

const verdict = (v: Partial<VerdictRecord> & { guard: string }): VerdictRecord => ({
  phase: 'request',
  outcome: 'continue',
  mode: 'enforce',
  durationUs: 0,
  ...v,
});

describe('per-guard verdict tallies', () => {
  it('hands counts to /metrics at scrape time, once, and keeps counting after a scrape', async () => {
    const labels = {
      guard: 't-count',
      phase: 'request',
      outcome: 'deny',
      mode: 'shadow',
      code: 'rbac_denied',
    };
    const v = verdict({ guard: 't-count', outcome: 'deny', mode: 'shadow', code: 'rbac_denied' });
    observeVerdicts([v, v]);
    expect(sample(await scrape(), 'dojo_guard_guard_verdicts_total', labels)).toBe(2);
    expect(sample(await scrape(), 'dojo_guard_guard_verdicts_total', labels)).toBe(2);
    observeVerdicts([v]);
    expect(sample(await scrape(), 'dojo_guard_guard_verdicts_total', labels)).toBe(3);
  });

  it('sums guard time per phase in seconds', async () => {
    observeVerdicts([
      verdict({ guard: 't-time', durationUs: 1500 }),
      verdict({ guard: 't-time', durationUs: 500, outcome: 'rewrite' }),
      verdict({ guard: 't-time', phase: 'response', durationUs: 250 }),
    ]);
    const text = await scrape();
    expect(
      sample(text, 'dojo_guard_guard_seconds_total', { guard: 't-time', phase: 'request' }),
    ).toBe(0.002);
    expect(
      sample(text, 'dojo_guard_guard_seconds_total', { guard: 't-time', phase: 'response' }),
    ).toBe(0.00025);
  });

  it('labels a code outside the denial table as other', async () => {
    observeVerdicts([
      verdict({ guard: 't-code', outcome: 'deny', code: 'made_up_code' as never }),
      verdict({ guard: 't-code', outcome: 'deny', code: '__proto__' as never }),
    ]);
    const text = await scrape();
    expect(
      sample(text, 'dojo_guard_guard_verdicts_total', { guard: 't-code', code: 'other' }),
    ).toBe(2);
    expect(text).not.toContain('made_up_code');
  });

  it('counts read-side hits (injection-results) under side="read", write-side under side="write"', async () => {
    observeVerdicts([
      verdict({
        guard: 'injection-results',
        phase: 'response',
        outcome: 'rewrite',
        annotations: { injectionResultHits: [{ ruleId: 't-read.a' }, { ruleId: 't-read.a' }] },
      }),
      verdict({
        guard: 'injection-results',
        phase: 'response',
        mode: 'shadow',
        annotations: { injectionResultHits: [{ ruleId: 't-read.b' }] },
      }),
      verdict({ guard: 'injection-filter', outcome: 'deny', ruleId: 't-read.a' }),
    ]);
    const text = await scrape();
    const at = (rule: string, mode: string, side: string) =>
      sample(text, 'dojo_guard_injection_hits_total', { rule, mode, side });
    expect(at('t-read.a', 'enforce', 'read')).toBe(2);
    expect(at('t-read.b', 'shadow', 'read')).toBe(1);
    expect(at('t-read.a', 'enforce', 'write')).toBe(1);
  });

  it('counts injection rules from deny verdicts and shadow annotations, capped in distinct values', async () => {
    observeVerdicts([
      verdict({
        guard: 'injection-filter',
        outcome: 'deny',
        code: 'injection_detected',
        ruleId: 't-rule.enforced',
      }),
      verdict({
        guard: 'injection-filter',
        annotations: {
          injectionShadowHits: [{ ruleId: 't-rule.shadowed' }, { ruleId: 42 }, null],
        },
      }),
      // Another guard's rule ids (e.g. pinning hashes) are not injection rules.
      verdict({ guard: 'tool-pinning', outcome: 'deny', ruleId: 'pinning:changed:abc' }),
    ]);
    let text = await scrape();
    expect(
      sample(text, 'dojo_guard_injection_hits_total', { rule: 't-rule.enforced', mode: 'enforce' }),
    ).toBe(1);
    expect(
      sample(text, 'dojo_guard_injection_hits_total', { rule: 't-rule.shadowed', mode: 'shadow' }),
    ).toBe(1);
    expect(text).not.toContain('pinning:changed');

    // However many distinct ids arrive, the label set stays bounded (the rest count as other).
    const many = Array.from({ length: 600 }, (_, i) =>
      verdict({ guard: 'injection-filter', outcome: 'deny', ruleId: `t-flood.${i}` }),
    );
    observeVerdicts(many);
    text = await scrape();
    const series = text.match(/^dojo_guard_injection_hits_total\{/gm) ?? [];
    expect(series.length).toBeLessThanOrEqual(256 + 2);
    expect(
      sample(text, 'dojo_guard_injection_hits_total', { rule: 'other', mode: 'enforce' }),
    ).toBe(600 - (256 - 5)); // 5 cells counted above: 2 write-side, 3 read/write of the side test
  });
});

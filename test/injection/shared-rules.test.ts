/**
 * The built-in rule set is compiled once per process (src/guards/injection/compile.ts
 * `builtinRules`): a policy that does not customise it shares that instance with tool-description
 * scanning and `scan-text`, and one that does gets its own.
 */
import { describe, expect, it } from 'vitest';
import { builtinRules, isBuiltinRuleSet } from '../../src/guards/injection/compile.js';
import { compileInjection } from '../../src/guards/injection/injection-filter.js';
import { InjectionPolicySchema } from '../../src/guards/injection/schema.js';
import {
  DEFAULT_SIGNAL_THRESHOLD,
  DEFAULT_THRESHOLD,
} from '../../src/guards/injection/ml/model.js';

const compiled = (section: object) => compileInjection(InjectionPolicySchema.parse(section)).rules;

describe('shared built-in rules', () => {
  it('an uncustomised section (and an explicit default threshold) shares the built-in set', () => {
    expect(compiled({})).toBe(builtinRules());
    expect(compiled({ results: 'withhold', mode: 'shadow' })).toBe(builtinRules());
  });

  it.each([
    [
      'custom rules',
      { custom_rules: [{ id: 'x.custom', pattern: 'frobnicate now', family: 'override' }] },
    ],
    ['rule modes', { rule_modes: { 'ml.v1': 'shadow' } }],
    ['disabled rules', { disabled_rules: ['ml.v1'] }],
    ['the model off', { ml: { enabled: false } }],
    ['another threshold', { ml: { threshold: DEFAULT_THRESHOLD / 2 } }],
    ['another signal threshold', { ml: { signal_threshold: DEFAULT_SIGNAL_THRESHOLD / 2 } }],
  ])('%s compile a set of their own', (_, section) => {
    const rules = compiled(section);
    expect(rules).not.toBe(builtinRules());
  });

  it('isBuiltinRuleSet reads only what changes the set', () => {
    expect(isBuiltinRuleSet({})).toBe(true);
    expect(isBuiltinRuleSet({ gate: false })).toBe(false);
    expect(isBuiltinRuleSet({ ml: { enabled: true } })).toBe(true);
    expect(
      isBuiltinRuleSet({ ml: { enabled: true, signal_threshold: DEFAULT_SIGNAL_THRESHOLD } }),
    ).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { compileCondition, jsonEqual } from '../../src/guards/rbac/conditions.js';
import { ConditionSchema } from '../../src/guards/rbac/schema.js';

const cond = (c: unknown) => compileCondition(ConditionSchema.parse(c));

describe('argument conditions', () => {
  it('equals is type-strict deep equality', () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual(1, '1')).toBe(false);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(cond({ arg: 'r', equals: 'x' })({ r: 'x' })).toBe(true);
    expect(cond({ arg: 'r', equals: 'x' })({ r: 'y' })).toBe(false);
  });

  it('treats a value of another JSON type as matching (fail closed)', () => {
    const c = cond({ arg: 'close_old_findings', equals: true });
    expect(c({ close_old_findings: 'true' })).toBe(true);
    expect(c({ close_old_findings: 1 })).toBe(true);
    expect(c({ close_old_findings: false })).toBe(false);
    expect(cond({ arg: 'r', not_equals: 'mitigated' })({ r: ['mitigated'] })).toBe(true);
  });

  it('uses default for absent arguments and nothing for inherited keys', () => {
    const c = cond({ arg: 'close_old_findings', default: true, equals: true });
    expect(c({})).toBe(true);
    expect(c(undefined)).toBe(true);
    expect(c({ close_old_findings: false })).toBe(false);
    const e = cond({ arg: 'toString', exists: true });
    expect(e({})).toBe(false);
    expect(e(Object.create({ toString: 1 }) as Record<string, unknown>)).toBe(false);
  });

  it('supports in, not_in, exists and matches', () => {
    const inC = cond({ arg: 'r', in: ['false_positive', 'duplicate'] });
    expect(inC({ r: 'duplicate' })).toBe(true);
    expect(inC({ r: 'mitigated' })).toBe(false);
    expect(inC({})).toBe(false);
    const notIn = cond({ arg: 'r', not_in: ['mitigated'] });
    expect(notIn({ r: 'false_positive' })).toBe(true);
    expect(notIn({ r: 'mitigated' })).toBe(false);
    expect(notIn({})).toBe(true);
    expect(cond({ arg: 'x', exists: false })({})).toBe(true);
    const m = cond({ arg: 'scan_type', matches: 'Trivy*' });
    expect(m({ scan_type: 'Trivy Scan' })).toBe(true);
    expect(m({ scan_type: 'trivy Scan' })).toBe(false);
    expect(m({ scan_type: 7 })).toBe(true);
  });

  it('rejects conditions with zero or two operators', () => {
    expect(ConditionSchema.safeParse({ arg: 'a' }).success).toBe(false);
    expect(ConditionSchema.safeParse({ arg: 'a', equals: 1, in: [1] }).success).toBe(false);
    expect(ConditionSchema.safeParse({ arg: 'a', equalz: 1 }).success).toBe(false);
  });
});

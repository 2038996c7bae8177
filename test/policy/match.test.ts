import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compilePattern, compilePatternSet } from '../../src/core/match.js';

describe('patterns', () => {
  it('matches globs with * anywhere', () => {
    expect(compilePattern('get_*').test('get_findings')).toBe(true);
    expect(compilePattern('get_*').test('get_')).toBe(true);
    expect(compilePattern('*_finding').test('close_finding')).toBe(true);
    expect(compilePattern('a*b*c').test('abc')).toBe(true);
    expect(compilePattern('a*b*c').test('acb')).toBe(false);
    expect(compilePattern('ab*ba').test('aba')).toBe(false);
    expect(compilePattern('*').test('')).toBe(true);
  });

  it('ranks exact > longer literal > prefix > suffix > *', () => {
    const set = compilePatternSet(['*', '!get_*', 'get_finding*', '!*_by_id', 'get_finding_by_id']);
    expect(set.resolve('get_finding_by_id')?.source).toBe('get_finding_by_id');
    expect(set.resolve('get_findings')?.source).toBe('get_finding*');
    expect(set.resolve('get_users')?.source).toBe('!get_*');
    expect(set.resolve('get_user_by_id')?.source).toBe('!*_by_id'); // 6 literal chars beat 4
    expect(set.resolve('list_by_id')?.source).toBe('!*_by_id');
    expect(set.resolve('health_check')?.source).toBe('*');
    expect(set.allows('get_users')).toBe(false);
    expect(set.allows('get_findings')).toBe(true);
  });

  it('lets a deny win a tie of equal specificity, in any order', () => {
    expect(compilePatternSet(['get_*', '!get_*']).allows('get_x')).toBe(false);
    expect(compilePatternSet(['!get_*', 'get_*']).allows('get_x')).toBe(false);
    expect(compilePatternSet(['x', '!x']).allows('x')).toBe(false);
    expect(compilePatternSet(['!x', 'x']).allows('x')).toBe(false);
  });

  it('denies by default', () => {
    expect(compilePatternSet([]).allows('anything')).toBe(false);
    expect(compilePatternSet(['get_*']).allows('list_findings')).toBe(false);
  });

  it('compares exact code points: case, full-width and Cyrillic look-alikes are other names', () => {
    const set = compilePatternSet(['get_findings', 'close_*']);
    for (const name of [
      'Get_findings',
      'GET_FINDINGS',
      'ｇet_findings', // full-width g
      'get_fіndings', // Cyrillic і
      'get_findings ',
      'get_findings\u200b',
      'get_finding\u0073\u0307',
      'Close_finding',
      'сlose_finding', // Cyrillic с
    ]) {
      expect(set.allows(name), JSON.stringify(name)).toBe(false);
    }
    expect(set.allows('get_findings')).toBe(true);
    expect(set.allows('close_finding')).toBe(true);
  });

  it('agrees with a regex reference implementation (property)', () => {
    const alpha = fc.constantFrom('a', 'b', '_', '*');
    fc.assert(
      fc.property(
        fc.string({ unit: alpha, maxLength: 8 }),
        fc.string({ unit: fc.constantFrom('a', 'b', '_'), maxLength: 10 }),
        (pat, name) => {
          const re = new RegExp(
            `^${pat
              .split('*')
              .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
              .join('.*')}$`,
            's',
          );
          expect(compilePattern(pat).test(name)).toBe(re.test(name));
        },
      ),
      { numRuns: 2000 },
    );
  });
});

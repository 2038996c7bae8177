/**
 * The exact-set condition (src/guards/injection/exact-sets.ts) is necessary: whenever re2js finds
 * a match, the condition holds on the text. Random patterns from a grammar covering every node the
 * extractor reads (literals, small and large classes, `?`, `*`, `+`, counted repeats, empty-width
 * assertions, alternations, concatenations, case folding) on random text over their alphabet,
 * plus the conditions it must find for the rules it was written for.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { exactSetTree } from '../../src/guards/injection/exact-sets.js';

interface Tree {
  type: number;
  str?: string;
  subs?: Tree[];
}

/** The condition on a text: a literal occurs, all, any; anything else holds. */
function holds(t: Tree, text: string): boolean {
  if (t.type === 1) return text.includes(t.str!);
  if (t.type === 2) return t.subs!.every((s) => holds(s, text));
  if (t.type === 3) return t.subs!.some((s) => holds(s, text));
  return true;
}

/** Literals of a tree, for readable expectations. */
function show(t: Tree): string {
  if (t.type === 1) return JSON.stringify(t.str);
  if (t.type === 2) return `(${t.subs!.map(show).join(' & ')})`;
  if (t.type === 3) return `(${t.subs!.map(show).join(' | ')})`;
  return 'true';
}

const tree = (p: string): Tree => exactSetTree(p) as Tree;

const pattern: fc.Arbitrary<string> = fc.letrec<{ re: string }>((tie) => ({
  re: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('a', 'b', 'ab', 'ba', 'c', ' ', '[ab]', '[a-c]', '[^a]', '.', '\\b', '\\B'),
    fc.constantFrom(
      '^',
      '$',
      '(?m:^)',
      '(?i:a)',
      '(?i:ab)',
      '\\s',
      '[ab ]',
      '(?:)',
      '[^x]{0,2}',
      'c.?',
    ),
    tie('re').map((r) => `(?:${r})?`),
    tie('re').map((r) => `(?:${r})*`),
    tie('re').map((r) => `(?:${r})+`),
    fc.tuple(tie('re'), fc.nat(3), fc.nat(3)).map(([r, a, b]) => `(?:${r}){${a},${a + b}}`),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => `(?:${x}|${y})`),
    fc.tuple(tie('re'), tie('re'), tie('re')).map(([x, y, z]) => `${x}${y}${z}`),
    fc.tuple(tie('re'), tie('re')).map(([x, y]) => `${x}${y}`),
  ),
})).re;

const text = fc.array(fc.constantFrom('a', 'b', 'c', 'A', ' ', 'ab', 'ba', 'x'), { maxLength: 14 });

describe('exact-set gate condition', () => {
  it('holds on every text re2js matches (random patterns and texts)', () => {
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 12 }), (p, texts) => {
        const re = RE2JS.compile(p);
        const t = tree(p);
        for (const parts of texts) {
          const s = parts.join('');
          if (re.test(s))
            expect(holds(t, s), `${p} on ${JSON.stringify(s)}: ${show(t)}`).toBe(true);
        }
      }),
      { numRuns: 4000 },
    );
  });

  it('a counted repeat of a large class is not taken for the empty string', () => {
    // the extractor once closed `a[^x]{0,3}b` to "ab" (the class run was dropped as if empty)
    const cases: Array<[string, string]> = [
      ['a[^x]{0,3}b', 'a12b'],
      ['!\\[[^\\]\\n]{0,200}\\]\\(', '![alt]('],
      ['a.?b', 'a b'],
      ['a\\s*b', 'a  b'],
    ];
    for (const [p, s] of cases) {
      const t = tree(p);
      expect(RE2JS.compile(p).test(s)).toBe(true);
      expect(holds(t, s), show(t)).toBe(true);
    }
  });

  it('keeps factored word lists whole and concatenations together', () => {
    expect(show(tree('in(?:active|fo)'))).toBe('("inactive" | "info")');
    expect(show(tree('your (?:answer|response)s?'))).toBe(
      '("your answer" | "your answers" | "your response" | "your responses")',
    );
    expect(show(tree('(?i)abc'))).toBe('true');
    expect(show(tree('x*yz'))).toBe('"yz"');
    expect(show(tree('ignore\\b.*previous'))).toBe('("ignore" & "previous")');
  });
});

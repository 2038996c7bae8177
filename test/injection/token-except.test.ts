/**
 * `tokenExcept` (src/guards/injection/rules/types.ts): the RE2 complement of a word list used as
 * a lookbehind substitute, checked against a brute-force definition on every short token and on
 * random longer ones (prefixes, extensions and `ly` endings are where a hand-built trie slips).
 */
import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { tokenExcept } from '../../src/guards/injection/rules/types.js';

const WORDS = ['not', 'never', 't', 'no', 'would', 'will', 'can', 'cannot', 'nor'];
const ALPHA = 'abcdefglnortuwy1';

function* shortTokens(max: number): Generator<string> {
  let level = [''];
  for (let n = 1; n <= max; n++) {
    level = level.flatMap((p) => [...ALPHA].map((c) => p + c));
    yield* level;
  }
}

describe('tokenExcept', () => {
  for (const noAdverb of [false, true]) {
    it(`matches exactly the tokens outside the list (noAdverb ${noAdverb})`, () => {
      const re = RE2JS.compile(`^${tokenExcept(WORDS, noAdverb)}$`);
      const expected = (t: string): boolean =>
        !WORDS.includes(t) && !(noAdverb && t.endsWith('ly'));
      const wrong: string[] = [];
      const random = Array.from({ length: 2000 }, (_, i) =>
        Array.from(
          { length: 5 + (i % 7) },
          (_, k) => ALPHA[(i * 7 + k * 13 + i * k) % ALPHA.length],
        ).join(''),
      );
      for (const t of [...shortTokens(4), ...random, 'quietly', 'incorrectly', 'please', 'also'])
        if (re.matches(t) !== expected(t)) wrong.push(t);
      expect(wrong).toEqual([]);
    });
  }
});

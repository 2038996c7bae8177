/**
 * Texts of up to 40 characters drawn from JSON's punctuation, digits, escapes and literal
 * letters: mostly invalid, often nearly valid (stray quotes, backslashes, truncated literals).
 * The parser tests feed it to their differentials.
 */
import fc from 'fast-check';

const alphabet = fc.constantFrom(...'{}[]",:0123456789.eE-+ \n\\u"abtrufnl'.split(''));

export const jsonSoup: fc.Arbitrary<string> = fc
  .array(alphabet, { maxLength: 40 })
  .map((a) => a.join(''));

/** Spellings the scanner's canonical views must undo, shared by the rule-family tests. */

export const ZWSP = '\u200b';

/** Case, Cyrillic look-alikes and zero-width splits. */
export const OBFUSCATE: ReadonlyArray<[string, (s: string) => string]> = [
  ['upper case', (s) => s.toUpperCase()],
  ['homoglyphs', (s) => s.replace(/a/g, '\u0430').replace(/o/g, '\u043e').replace(/e/g, '\u0435')],
  ['zero-width', (s) => s.replace(/([a-z])([a-z])/g, `$1${ZWSP}$2`)],
];

/** Printable ASCII as its full-width forms. */
export const fullWidth = (s: string): string =>
  s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SECRET_CATALOG } from '../../src/guards/content/secret-catalog.js';
import { createSecretScanner } from '../../src/guards/content/secret-scanner.js';
import { SECRET_SAMPLES } from './secret-samples.js';

/** What the scanner's per-pattern pre-check requires of a string before running the RegExp. */
function hintsAllow(p: (typeof SECRET_CATALOG)[number], text: string): boolean {
  const lower = text.toLowerCase();
  if (p.assigns && !lower.includes(':') && !lower.includes('=')) return false;
  return p.hints.some((h) => lower.includes(h));
}

// Case-flipped, prefixed and suffixed variants of every sample, and of each pattern's literals.
const fragments = [
  ...SECRET_SAMPLES.map((s) => s.text),
  ...SECRET_CATALOG.flatMap((p) => p.hints),
  ':',
  '=',
  ' ',
  '"',
  '-----BEGIN RSA PRIVATE KEY-----',
  'AKIAIOSFODNN7EXAMPLE',
  'aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789',
];
const flipCase = (s: string, seed: number): string =>
  [...s].map((c, i) => ((seed >> (i % 31)) & 1 ? c.toUpperCase() : c.toLowerCase())).join('');

describe('secret catalog hints (per-pattern pre-check)', () => {
  it('never skip a string a pattern matches (samples and fuzzed mixtures)', () => {
    const check = (text: string): void => {
      for (const p of SECRET_CATALOG) {
        if (new RegExp(p.source, p.flags ?? '').test(text)) {
          expect(hintsAllow(p, text), `${p.id} on ${JSON.stringify(text)}`).toBe(true);
        }
      }
    };
    for (const s of SECRET_SAMPLES) check(s.text);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...fragments), { maxLength: 6 }),
        fc.integer(),
        (parts, seed) => {
          const text = parts.join('');
          check(text);
          check(flipCase(text, seed));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('still redacts every sample, and in upper and lower case where its pattern allows', () => {
    const scanner = createSecretScanner([]);
    for (const s of SECRET_SAMPLES) {
      expect(scanner.redactString(`x ${s.text} y`), s.kind).not.toContain(s.secret);
    }
    // Case-insensitive patterns: the check runs on lower-cased text, so upper case must pass.
    expect(scanner.redactString('PASSWORD = "Sup3rS3cretValue!"')).toContain('[REDACTED:');
    expect(scanner.redactString('Authorization: BEARER abcdefghijklmnopqrstuvwx')).toContain(
      '[REDACTED:bearer_token]',
    );
  });

  it('keeps hints lower case (the scanner refuses a catalog that does not)', () => {
    for (const p of SECRET_CATALOG) {
      expect(p.hints.length).toBeGreaterThan(0);
      for (const h of p.hints) expect(h).toBe(h.toLowerCase());
    }
  });
});

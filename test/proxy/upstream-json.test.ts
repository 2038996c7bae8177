/**
 * The upstream parser (native JSON.parse plus a shape scan) must accept exactly what the strict
 * parser accepts for upstream data and return the same value: a differential against
 * parseStrictJson(text, { lossyNumbers: true }) on random texts built to hit every refusal.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStrictJson, StrictJsonError } from '../../src/proxy/strict-json.js';
import { parseUpstreamJson } from '../../src/proxy/upstream-json.js';
import { mirrorsJson } from '../../src/guards/content/compact-json.js';
import { jsonSoup } from './helpers/json-soup.js';

type Outcome = { ok: true; json: string } | { ok: false };

function run(fn: () => unknown): Outcome {
  try {
    return { ok: true, json: JSON.stringify(fn()) };
  } catch (err) {
    expect(err).toBeInstanceOf(StrictJsonError);
    return { ok: false };
  }
}

function agree(text: string, maxDepth: number): void {
  const strict = run(() => parseStrictJson(text, { maxDepth, lossyNumbers: true }));
  const ours = run(() => parseUpstreamJson(text, maxDepth));
  expect(ours, text).toEqual(strict);
}

function prototypes(v: unknown): unknown[] {
  if (v === null || typeof v !== 'object') return [];
  if (Array.isArray(v)) return v.flatMap(prototypes);
  return [Object.getPrototypeOf(v), ...Object.values(v).flatMap(prototypes)];
}

const ws = fc.constantFrom('', ' ', '\n', '\t', '\r\n  ');
const key = fc.constantFrom(
  'a',
  'b',
  'id',
  'result',
  'structuredContent',
  '\\u0061',
  'a\\"b',
  'x\\\\',
  '__proto__',
  '__pro\\u0074o__',
  'constructor',
  'prototype',
  'é',
);
/** JSON texts with whitespace, escapes and possibly repeated or forbidden keys. */
const text: fc.Arbitrary<string> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', '-0', '1e400', '12345678901234567890', 'true', 'null', '"s"', '"\\\\"'),
    fc.string({ maxLength: 6 }).map((s) => JSON.stringify(s)),
    tie('array'),
    tie('object'),
  ),
  array: fc
    .array(fc.tuple(ws, tie('value')), { maxLength: 4 })
    .map((items) => `[${items.map(([w, v]) => w + (v as string)).join(',')}]`),
  object: fc
    .array(fc.tuple(key, ws, tie('value')), { maxLength: 4 })
    .map((members) => `{${members.map(([k, w, v]) => `"${k}"${w}:${w}${v as string}`).join(',')}}`),
})).value as fc.Arbitrary<string>;

describe('parseUpstreamJson', () => {
  it('accepts and returns exactly what parseStrictJson (lossy numbers) does', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 6 }), (t, maxDepth) => agree(t, maxDepth)),
      { numRuns: 3000 },
    );
  });

  it('agrees on arbitrary character soup (syntax errors, stray quotes and backslashes)', () => {
    fc.assert(
      fc.property(jsonSoup, (t) => agree(t, 64)),
      { numRuns: 3000 },
    );
  });

  it('agrees on every JSON value JSON.stringify produces, and builds prototype-free objects', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const t = JSON.stringify(v, null, 1);
        agree(t, 64);
        let parsed: unknown;
        try {
          parsed = parseUpstreamJson(t, 64);
        } catch {
          return; // forbidden keys: agree() already checked the strict parser refuses too
        }
        expect(prototypes(parsed).every((p) => p === null)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses duplicates however they are spelled, forbidden keys, and depth past the limit', () => {
    const refused = [
      '{"a":1,"a":2}',
      '{"a":1,"\\u0061":2}',
      '{"x":[{"id":1,"id":1}]}',
      '{"result":{"structuredContent":{},"structuredContent":{}}}',
      '{"__proto__":{}}',
      '{"a":{"__pro\\u0074o__":1}}',
      '{"constructor":1}',
      '[{"prototype":null}]',
      '\ufeff{}',
      '{"a":1} x',
    ];
    for (const t of refused) {
      expect(() => parseUpstreamJson(t, 64), t).toThrow(StrictJsonError);
      agree(t, 64);
    }
    expect(parseUpstreamJson('[[[]]]', 3)).toEqual([[[]]]);
    expect(() => parseUpstreamJson('[[[[]]]]', 3)).toThrow(/nesting deeper than 3/);
    expect(() => parseUpstreamJson('['.repeat(100_000) + ']'.repeat(100_000), 64)).toThrow(
      StrictJsonError,
    );
  });

  it('remembers the source text of result.structuredContent only, exactly', () => {
    const sc = '{ "b" : [1, 2] ,"c":"}"}';
    const other = '{ "a" : 1 }';
    const msg = `{"jsonrpc":"2.0","id":1,"error":{"structuredContent":${other}},"result":{"x":{"structuredContent":{}},"structuredContent":${sc}}}`;
    const v = parseUpstreamJson(msg, 64) as {
      result: { structuredContent: object };
      error: { structuredContent: object };
    };
    // Pretty-printed source: only the remembered text can match (compact JSON would not).
    expect(mirrorsJson(sc, v.result.structuredContent)).toBe(true);
    expect(mirrorsJson(other, v.result.structuredContent)).toBe(false);
    expect(mirrorsJson(other, v.error.structuredContent)).toBe(false);
    // A batch is not one message: nothing is remembered, the compact form still matches.
    const batch = parseUpstreamJson(`[{"result":{"structuredContent":${sc}}}]`, 64) as [
      { result: { structuredContent: object } },
    ];
    expect(mirrorsJson(sc, batch[0].result.structuredContent)).toBe(false);
    expect(mirrorsJson('{"b":[1,2],"c":"}"}', batch[0].result.structuredContent)).toBe(true);
  });
});

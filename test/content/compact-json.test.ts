import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  compactJson,
  mirrorsJson,
  stringifyMessage,
} from '../../src/guards/content/compact-json.js';
import { parseStrictJson } from '../../src/proxy/strict-json.js';
import { parseUpstreamJson } from '../../src/proxy/upstream-json.js';

describe('stringifyMessage', () => {
  it('splices the cached structuredContent JSON and equals a plain stringify semantically', () => {
    const sc = { results: [{ id: 1, title: 'x "0}}" \u2028 }}' }], n: null };
    const message = {
      jsonrpc: '2.0',
      id: 7,
      result: { structuredContent: sc, content: [{ type: 'text', text: compactJson(sc) }] },
    };
    const text = stringifyMessage(message);
    expect(JSON.parse(text)).toEqual(message);
    // Keys carrying the splice are last; the cached string is what was spliced in.
    expect(text.endsWith(`"structuredContent":${compactJson(sc)}}}`)).toBe(true);
  });

  it('falls back to JSON.stringify when nothing is cached or there is no result object', () => {
    const plain = { jsonrpc: '2.0', id: 1, result: { structuredContent: { a: 1 } } };
    expect(stringifyMessage(plain)).toBe(JSON.stringify(plain));
    const err = { jsonrpc: '2.0', id: 1, error: { code: 1, message: 'm' } };
    expect(stringifyMessage(err)).toBe(JSON.stringify(err));
  });

  it('round-trips arbitrary JSON (null-prototype objects from the strict parser too)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (sc, other) => {
        const forbidden = /"(?:__proto__|constructor|prototype)":/;
        fc.pre(!forbidden.test(JSON.stringify([sc, other])));
        const parsed = parseStrictJson(
          JSON.stringify({ jsonrpc: '2.0', id: 'a', result: { other, structuredContent: { sc } } }),
          { maxDepth: 200, lossyNumbers: true },
        ) as { result: { structuredContent: object } };
        compactJson(parsed.result.structuredContent);
        expect(JSON.parse(stringifyMessage(parsed))).toEqual(JSON.parse(JSON.stringify(parsed)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('strict parser objects', () => {
  it('have a null prototype and reject duplicate keys, also past the small-object fast path', () => {
    const keys = Array.from({ length: 40 }, (_, i) => `k${i}`);
    const o = parseStrictJson(`{${keys.map((k) => `"${k}":1`).join(',')}}`, {
      maxDepth: 8,
    }) as Record<string, unknown>;
    expect(Object.getPrototypeOf(o)).toBeNull();
    expect(Object.keys(o)).toEqual(keys);
    expect('toString' in o).toBe(false);
    for (const n of [2, 16, 17, 40]) {
      const dup = keys.slice(0, n - 1).concat(['k0']);
      // The duplicate is spelled with an escape, so it only matches after decoding.
      const body = `{${dup.map((k, i) => `"${i === dup.length - 1 ? '\\u006b0' : k}":1`).join(',')}}`;
      expect(() => parseStrictJson(body, { maxDepth: 8 })).toThrow(/duplicate/);
    }
    expect(() => parseStrictJson('{"a":1,"__proto__":{}}', { maxDepth: 8 })).toThrow(/forbidden/);
    const small = parseStrictJson('{"toString":1,"hasOwnProperty":2}', { maxDepth: 8 }) as object;
    expect(Object.getPrototypeOf(small)).toBeNull();
    expect(Object.keys(small)).toEqual(['toString', 'hasOwnProperty']);
  });
});

describe('mirrorsJson', () => {
  it('matches the parsed source text byte for byte, or the compact JSON, nothing else', () => {
    const sc = '{ "a": 1, "s": "\\u0041" }';
    const body = `{"result":{"content":[],"structuredContent":${sc}}}`;
    const parsed = parseUpstreamJson(body, 8) as {
      result: { structuredContent: object };
    };
    const value = parsed.result.structuredContent;
    expect(mirrorsJson(sc, value)).toBe(true); // same bytes as the source, not compact
    expect(mirrorsJson('{"a":1,"s":"A"}', value)).toBe(true); // compact JSON.stringify
    expect(mirrorsJson('{"a":1,"s":"B"}', value)).toBe(false);
    expect(mirrorsJson(`${sc} `, value)).toBe(false);
    expect(mirrorsJson('{"a": 1, "s": "\\u0041"}', { a: 1, s: 'A' })).toBe(false); // no source
  });
});

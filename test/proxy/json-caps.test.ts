/**
 * Count caps of the strict parser (src/proxy/strict-json.ts, src/policy/compiled.ts JsonCaps): members per
 * object, elements per array and values per message are refused while reading, exactly at the
 * cap + 1, wherever they sit, and nothing inside strings counts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStrictJson, StrictJsonError } from '../../src/proxy/strict-json.js';
import { JsonRpcRejection, parseClientBody } from '../../src/proxy/jsonrpc.js';

const caps = { maxDepth: 64, maxMembers: 5, maxElements: 7, maxValues: 30 };
const wide = (n: number): string =>
  '{' + Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',') + '}';
const list = (n: number): string => '[' + Array.from({ length: n }, (_, i) => i).join(',') + ']';

function kindOf(text: string, opts = caps): string {
  try {
    parseStrictJson(text, opts);
    return 'ok';
  } catch (err) {
    if (err instanceof StrictJsonError) return err.kind;
    throw err;
  }
}

/** Counts of a parsed value, computed independently of the parser. */
function counts(v: unknown): { members: number; elements: number; values: number } {
  let members = 0;
  let elements = 0;
  let values = 0;
  const walk = (x: unknown): void => {
    values++;
    if (Array.isArray(x)) {
      elements = Math.max(elements, x.length);
      x.forEach(walk);
    } else if (x !== null && typeof x === 'object') {
      const vs = Object.values(x);
      members = Math.max(members, vs.length);
      vs.forEach(walk);
    }
  };
  walk(v);
  return { members, elements, values };
}

describe('JSON count caps', () => {
  it('accepts an object at the member cap and refuses one more member', () => {
    expect(kindOf(wide(5))).toBe('ok');
    expect(kindOf(wide(6))).toBe('count');
    expect(kindOf(`{"a":${wide(6)}}`)).toBe('count');
    expect(kindOf(`[[${wide(6)}]]`)).toBe('count');
  });

  it('accepts an array at the element cap and refuses one more element', () => {
    expect(kindOf(list(7))).toBe('ok');
    expect(kindOf(list(8))).toBe('count');
    expect(kindOf(`{"a":{"b":${list(8)}}}`)).toBe('count');
    expect(kindOf('[' + Array(8).fill('[]').join(',') + ']')).toBe('count');
  });

  it('caps values over the whole text, each object and array counting once', () => {
    // 1 outer array + 4 × (1 array + 6 numbers) = 29 values; one more number is 30, two is 31.
    const four = '[' + Array(4).fill(list(6)).join(',') + ']';
    expect(kindOf(four)).toBe('ok');
    expect(kindOf(four.slice(0, -1) + ',1]')).toBe('ok');
    expect(kindOf(four.slice(0, -1) + ',1,2]')).toBe('count');
    // Many small objects, each under the member cap: the total still counts.
    expect(kindOf('[' + Array(7).fill('{"a":{"b":[1,2]}}').join(',') + ']')).toBe('count');
  });

  it('does not count commas, colons or brackets inside strings', () => {
    const s = JSON.stringify({ text: '{"a":1,"b":[1,2,3],'.repeat(1000) });
    expect(kindOf(s)).toBe('ok');
  });

  it('refuses at the first value over the cap, without reading the rest', () => {
    const text = wide(100_000);
    try {
      parseStrictJson(text, caps);
      expect.unreachable();
    } catch (err) {
      expect((err as StrictJsonError).kind).toBe('count');
      expect((err as StrictJsonError).position).toBeLessThan(100);
    }
  });

  it('agrees with an independent count on random values (accepted iff within every cap)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const text = JSON.stringify(v);
        if (/"(__proto__|constructor|prototype)"/.test(text)) return;
        const parsed = JSON.parse(text) as unknown;
        if (/\d{16,}/.test(text)) return; // integers beyond 2^53 are refused for another reason
        const c = counts(parsed);
        const within =
          c.members <= caps.maxMembers &&
          c.elements <= caps.maxElements &&
          c.values <= caps.maxValues;
        expect(kindOf(text)).toBe(within ? 'ok' : 'count');
      }),
      { numRuns: 1000 },
    );
  });

  it('maps a count refusal to json_too_complex for client bodies', () => {
    const body = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"t","arguments":${wide(6)}}}`;
    expect(() => parseClientBody(body, 64, caps)).toThrow(JsonRpcRejection);
    try {
      parseClientBody(body, 64, caps);
    } catch (err) {
      expect((err as JsonRpcRejection).code).toBe('json_too_complex');
    }
    // Without caps (upstream output, embedders) nothing changes.
    expect(parseClientBody(body, 64).arguments).toEqual(JSON.parse(wide(6)));
  });
});

/**
 * Property and differential tests for the strict JSON parser (mcp-protocol.md traps 15–17): what it
 * accepts, JSON.parse reads identically; what is ambiguous, it refuses.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseStrictJson, StrictJsonError } from '../../src/proxy/strict-json.js';
import { classifyMessage, parseClientBody, JsonRpcRejection } from '../../src/proxy/jsonrpc.js';
import { jsonSoup } from './helpers/json-soup.js';

const opts = { maxDepth: 64 };
/** Integers beyond 2^53 are refused on purpose (trap 16), so the generator avoids them. */
function lossless(v: unknown): boolean {
  if (typeof v === 'number')
    return !Number.isInteger(v) || Number.isSafeInteger(v) || /e/.test(String(v));
  if (v && typeof v === 'object') return Object.values(v).every(lossless);
  return true;
}
const safeJson = fc
  .jsonValue({ maxDepth: 6 })
  .filter((v) => lossless(v) && !/"(__proto__|constructor|prototype)"/.test(JSON.stringify(v)));

describe('parseStrictJson', () => {
  it('round-trips every JSON value JSON.stringify produces (keys, Unicode, numbers)', () => {
    fc.assert(
      fc.property(safeJson, (v) => {
        const text = JSON.stringify(v);
        expect(JSON.stringify(parseStrictJson(text, opts))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with JSON.parse on everything it accepts (no parser differential)', () => {
    fc.assert(
      fc.property(jsonSoup, (text) => {
        let ours: unknown;
        try {
          ours = parseStrictJson(text, opts);
        } catch (err) {
          expect(err).toBeInstanceOf(StrictJsonError);
          return;
        }
        expect(JSON.stringify(ours)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 2000 },
    );
  });

  it('finds the end of strings with backslash runs before quotes exactly as JSON.parse', () => {
    // The escaped-string path looks for the closing quote with indexOf and counts the
    // backslashes before it: even runs end the string, odd runs escape the quote.
    const piece = fc.constantFrom('\\\\', '\\"', '\\', '"', 'a', '\\u0061', '\\n', ':', ',');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.boolean(), (parts, asKey) => {
        const literal = `"${parts.join('')}"`;
        const text = asKey ? `{${literal}:1,"a":2}` : `[${literal},1]`;
        let ours: unknown;
        try {
          ours = parseStrictJson(text, opts);
        } catch (err) {
          expect(err).toBeInstanceOf(StrictJsonError);
          // Refused: JSON.parse refuses too, or it is a duplicate key (`"\u0061"` is "a").
          let theirs: unknown;
          try {
            theirs = JSON.parse(text);
          } catch {
            return;
          }
          expect((err as StrictJsonError).kind).toBe('duplicate_key');
          expect(Object.keys(theirs as object)).toContain('a');
          return;
        }
        expect(JSON.stringify(ours)).toBe(JSON.stringify(JSON.parse(text)));
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects a duplicated key wherever it is injected', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), safeJson, safeJson, (key, a, b) => {
        fc.pre(!['__proto__', 'constructor', 'prototype'].includes(key));
        const text = `{"outer":{${JSON.stringify(key)}:${JSON.stringify(a)},${JSON.stringify(key)}:${JSON.stringify(b)}}}`;
        expect(() => parseStrictJson(text, opts)).toThrow(
          expect.objectContaining({ kind: 'duplicate_key' }),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('refuses lossy numbers and forbidden keys; builds prototype-free objects', () => {
    for (const t of ['9007199254740993', '-9007199254740993', '1e400', '-1e999']) {
      expect(() => parseStrictJson(t, opts)).toThrow(expect.objectContaining({ kind: 'number' }));
    }
    expect(parseStrictJson('1.5e3', opts)).toBe(1500);
    expect(parseStrictJson('9007199254740991', opts)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => parseStrictJson('{"a":{"\\u005f_proto__":1}}', opts)).toThrow(
      expect.objectContaining({ kind: 'forbidden_key' }),
    );
    const o = parseStrictJson('{"a":{}}', opts) as Record<string, object>;
    expect(Object.getPrototypeOf(o)).toBeNull();
    expect(Object.getPrototypeOf(o.a)).toBeNull();
  });

  it('caps depth exactly at the limit', () => {
    expect(() => parseStrictJson('['.repeat(64) + ']'.repeat(64), opts)).not.toThrow();
    expect(() => parseStrictJson('['.repeat(65) + ']'.repeat(65), opts)).toThrow(
      expect.objectContaining({ kind: 'depth' }),
    );
    // Deep input never overflows the stack: the cap stops it first.
    expect(() => parseStrictJson('['.repeat(200_000), opts)).toThrow(StrictJsonError);
  });
});

describe('JSON-RPC classification', () => {
  const parse = (t: string): ReturnType<typeof parseClientBody> => parseClientBody(t, 32);
  const code = (t: string): string | undefined => {
    try {
      parse(t);
      return undefined;
    } catch (err) {
      return (err as JsonRpcRejection).code;
    }
  };

  it('decides request vs notification by the presence of id', () => {
    expect(parse('{"jsonrpc":"2.0","id":0,"method":"ping"}').kind).toBe('request');
    expect(parse('{"jsonrpc":"2.0","id":"","method":"ping"}').kind).toBe('request');
    expect(parse('{"jsonrpc":"2.0","method":"notifications/initialized"}').kind).toBe(
      'notification',
    );
    expect(parse('{"jsonrpc":"2.0","id":3,"result":{}}').kind).toBe('response');
    expect(code('{"jsonrpc":"2.0","id":null,"method":"ping"}')).toBe('invalid_request');
  });

  it('extracts tool, prompt and resource names exactly (no folding)', () => {
    const t = parse(
      '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"Ｒead_file","arguments":{"a":1}}}',
    );
    expect(t.toolName).toBe('Ｒead_file');
    expect(t.arguments).toEqual({ a: 1 });
    expect(
      parse('{"jsonrpc":"2.0","id":1,"method":"prompts/get","params":{"name":"p"}}').promptName,
    ).toBe('p');
    expect(
      parse('{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":"file:///x"}}')
        .resourceUri,
    ).toBe('file:///x');
    expect(code('{"jsonrpc":"2.0","id":1,"method":"resources/read","params":{"uri":1}}')).toBe(
      'invalid_request',
    );
    expect(code('{"jsonrpc":"2.0","id":1,"method":"tools/call"}')).toBe('invalid_request');
  });

  it('rejects ambiguous envelopes', () => {
    expect(code('{"jsonrpc":"2.0","id":1,"method":"ping","result":{}}')).toBe('invalid_request');
    expect(code('{"jsonrpc":"2.0","id":1,"result":{},"error":{}}')).toBe('invalid_request');
    expect(code('{"jsonrpc":"2.0","id":1,"method":"ping","params":[1]}')).toBe('invalid_request');
    expect(code('{"jsonrpc":"2.0","id":1,"method":""}')).toBe('invalid_request');
    expect(code('[{"jsonrpc":"2.0","id":1,"method":"ping"}]')).toBe('batch_not_supported');
    expect(code('[]')).toBe('batch_not_supported');
    expect(() => classifyMessage('x')).toThrow(JsonRpcRejection);
  });
});

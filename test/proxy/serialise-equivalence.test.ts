/**
 * `ResponseView.serialise` builds its shell with `withoutKey` loops instead of object rest
 * (src/core/response-view.ts). These tests hold it byte-identical to the rest-destructuring
 * version it replaced, on arbitrary messages and on the lazy mirrored text block secret-redact
 * leaves for untrusted-wrap (src/guards/content/compact-json.ts `mirrorBlock`).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ResponseView } from '../../src/core/response-view.js';
import type { JsonRpcMessage } from '../../src/core/jsonrpc.js';
import { mirrorBlock } from '../../src/guards/content/compact-json.js';
import { parseUpstreamJson } from '../../src/proxy/upstream-json.js';

type Obj = Record<string, unknown>;

/** The previous implementation, kept here as the reference. */
function serialiseWithRest(view: ResponseView, message: JsonRpcMessage): string {
  const result = message['result'] as Obj;
  const json = view.jsonOf(result['structuredContent'] as Obj);
  const { result: _r, ...head } = message;
  const { structuredContent: _s, ...rest } = result;
  const shell = JSON.stringify({ ...head, result: { ...rest, structuredContent: 0 } });
  return `${shell.slice(0, -3)}${json}}}`;
}

const FORBIDDEN = /"(?:__proto__|constructor|prototype)":/;

describe('ResponseView.serialise without object rest', () => {
  it('writes the same bytes as the rest-destructuring version on arbitrary rewritten messages', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.boolean(),
        (head, rest, sc, scFirst) => {
          fc.pre(!FORBIDDEN.test(JSON.stringify([head, rest, sc])));
          const text = JSON.stringify({ jsonrpc: '2.0', id: 3, result: { structuredContent: sc } });
          const upstream = parseUpstreamJson(text, 200) as JsonRpcMessage;
          const view = new ResponseView(upstream, text);
          // A transform's copy: members in any order, structuredContent anywhere in result.
          const result: Obj = scFirst ? { structuredContent: sc, ...rest } : { ...rest };
          if (!scFirst) result['structuredContent'] = sc;
          const rewritten = { ...head, jsonrpc: '2.0', result, id: 3 } as JsonRpcMessage;
          expect(view.serialise(rewritten)).toBe(serialiseWithRest(view, rewritten));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a lazy mirrored text block exactly as before (the small tool result)', () => {
    const text =
      '{"jsonrpc":"2.0","id":7,"result":{"content":[{"type":"text","text":"{\\"status\\":\\"ok\\",\\"user\\":\\"admin\\",\\"latency_ms\\":14}"}],"structuredContent":{"status":"ok","user":"admin","latency_ms":14}}}';
    const upstream = parseUpstreamJson(text, 64) as JsonRpcMessage;
    const view = new ResponseView(upstream, text);
    const result = upstream['result'] as Obj;
    const sc = { ...(result['structuredContent'] as Obj), user: { value: 'admin', _warning: 'w' } };
    const block = mirrorBlock((result['content'] as Obj[])[0]!, sc, view);
    const rewritten = {
      ...upstream,
      result: { ...result, content: [block], structuredContent: sc },
    };
    const out = view.serialise(rewritten);
    expect(out).toBe(serialiseWithRest(view, rewritten));
    expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(rewritten)));
  });
});

/** renderDenial: one table, stable codes, and hidden things that look exactly like missing ones. */
import { describe, expect, it } from 'vitest';
import { DENIALS, type DenialCode } from '../../src/core/denials.js';
import { renderDenial } from '../../src/proxy/denial.js';

describe('renderDenial', () => {
  it('takes HTTP status and JSON-RPC code from the table for every code', () => {
    for (const code of Object.keys(DENIALS) as DenialCode[]) {
      const r = renderDenial({ code, id: 1, decisionId: 'd' });
      expect(r.status).toBe(DENIALS[code].http);
      expect(r.body.error.code).toBe(DENIALS[code].rpc);
      expect(r.body.id).toBe(1);
    }
  });

  it('renders hidden tools, prompts and resources with no decision id or denial code', () => {
    expect(
      JSON.stringify(
        renderDenial({
          code: 'unknown_tool',
          id: 3,
          decisionId: 'd',
          toolName: 'x',
          data: { leak: 1 },
        }).body,
      ),
    ).toBe('{"jsonrpc":"2.0","id":3,"error":{"code":-32602,"message":"Unknown tool: x"}}');
    expect(
      renderDenial({ code: 'unknown_prompt', id: 3, decisionId: 'd', promptName: 'p' }).body.error,
    ).toEqual({
      code: -32602,
      message: 'Unknown prompt: p',
    });
    expect(
      renderDenial({ code: 'unknown_resource', id: 3, decisionId: 'd', resourceUri: 'dojo://f/1' })
        .body.error,
    ).toEqual({
      code: -32002,
      message: 'Resource not found',
      data: { uri: 'dojo://f/1' },
    });
  });

  it('never lets guard data override the code or the decision id', () => {
    const r = renderDenial({
      code: 'rate_limited',
      id: 'a',
      decisionId: 'real',
      data: { code: 'fake', decisionId: 'fake', retryAfterMs: 100 },
    });
    expect(r.body.error.data).toEqual({
      code: 'rate_limited',
      decisionId: 'real',
      retryAfterMs: 100,
    });
  });
});

/**
 * The context builders of src/proxy/context.ts are written as assignments (no spreads). These
 * tests hold them to the spread versions they replaced: same own members, in the same order,
 * with the same values, and `client` present only when given.
 */
import { describe, expect, it } from 'vitest';
import {
  createRequestContext,
  orphanResponseContext,
  type ContextInput,
} from '../../src/proxy/context.js';
import { MemoryStore } from '../../src/state/memory.js';
import type { ClientChannel } from '../../src/core/elicit.js';
import type { JsonRpcMessage } from '../../src/core/jsonrpc.js';

/** The previous implementation, kept here as the reference. */
function createWithSpread(input: ContextInput): Record<string, unknown> {
  return {
    requestId: input.requestId,
    decisionId: input.decisionId,
    principal: input.principal,
    sessionId: input.sessionId,
    request: input.request,
    http: { remoteAddress: input.remoteAddress, userAgent: input.userAgent },
    store: input.store,
    facts: new Map(),
    ...(input.client && { client: input.client }),
    now: () => Date.now(),
  };
}

/** Own members as [key, value] pairs, functions and the fresh facts map compared by kind. */
function shape(ctx: object): [string, unknown][] {
  return Object.entries(ctx).map(([k, v]) => [
    k,
    typeof v === 'function' ? 'function' : v instanceof Map ? `Map(${v.size})` : v,
  ]);
}

const store = new MemoryStore();
const base = {
  requestId: 'req-1',
  principal: { id: 'alice', role: 'reader', authMethod: 'static_token' as const },
  sessionId: 's-1',
  remoteAddress: '127.0.0.1',
  userAgent: 'ua/1',
  store,
};
const client = { ask: async () => ({ action: 'cancel' }) } as unknown as ClientChannel;

describe('context builders', () => {
  for (const withClient of [false, true]) {
    it(`createRequestContext matches the spread version (client ${withClient ? 'given' : 'absent'})`, () => {
      const input: ContextInput = {
        ...base,
        decisionId: 'd-1',
        request: { kind: 'request', id: 1, method: 'tools/call', message: { jsonrpc: '2.0' } },
        ...(withClient ? { client } : {}),
      };
      const ctx = createRequestContext(input);
      expect(shape(ctx)).toEqual(shape(createWithSpread(input)));
      expect('client' in ctx).toBe(withClient);
      expect(Math.abs(ctx.now() - Date.now())).toBeLessThan(1000);
    });
  }

  it('orphanResponseContext matches the spread version for notifications and server requests', () => {
    const messages: JsonRpcMessage[] = [
      {
        jsonrpc: '2.0',
        method: 'notifications/progress',
        params: { progressToken: 'p', progress: 1 },
      },
      { jsonrpc: '2.0', id: 9, method: 'sampling/createMessage', params: {} },
    ];
    for (const message of messages) {
      const ctx = orphanResponseContext(base, message);
      const id = message['id'] as number | undefined;
      const request = {
        kind: id !== undefined ? 'request' : 'notification',
        message,
        ...(id !== undefined ? { id } : {}),
        method: message['method'],
      };
      const expected = {
        ...createWithSpread({ ...base, request: request as never, decisionId: ctx.decisionId }),
        answeredMethod: undefined,
      };
      expect(shape(ctx)).toEqual(shape(expected));
      expect(Object.keys(ctx)).toEqual(Object.keys(expected));
      expect(ctx.decisionId).toMatch(/^[0-9a-f-]{36}$/);
      expect('client' in ctx).toBe(false);
    }
  });
});

/** Builds real RequestContexts for driving the injection guard directly. */
import { randomUUID } from 'node:crypto';
import type { RequestContext, ResponseContext } from '../../src/core/guard.js';
import type { StateStore } from '../../src/core/store.js';

/** A tools/call context for `toolName` with `args`. */
export function callCtx(
  store: StateStore,
  toolName: string,
  args: Record<string, unknown>,
  method = 'tools/call',
): RequestContext {
  return {
    requestId: randomUUID(),
    decisionId: randomUUID(),
    principal: { id: 'agent-1', role: 'triager', authMethod: 'static_token' },
    sessionId: 's1',
    request: {
      kind: 'request',
      id: 1,
      method,
      // jsonrpc.ts classifies params.name as the prompt name for prompts/get
      ...(method === 'prompts/get' ? { promptName: toolName } : { toolName }),
      arguments: args,
      message: { jsonrpc: '2.0', id: 1, method, params: { name: toolName, arguments: args } },
    },
    http: { remoteAddress: '127.0.0.1' },
    store,
    facts: new Map(),
    now: () => Date.now(),
  };
}

/** A response context answering `method`. */
export function responseCtx(store: StateStore, method: string): ResponseContext {
  return { ...callCtx(store, 'x', {}, method), answeredMethod: method };
}

/**
 * RequestContext factory (STYLE.md §2 step 2): one per JSON-RPC message, holding the snapshot of
 * everything guards may read. Guards never see express objects.
 */
import { randomUUID } from 'node:crypto';
import type { RequestContext, ResponseContext } from '../core/guard.js';
import type { ClassifiedRequest, JsonRpcMessage } from '../core/jsonrpc.js';
import type { Principal } from '../core/principal.js';
import type { StateStore } from '../core/store.js';
import type { ClientChannel } from '../core/elicit.js';
import { messageId } from './jsonrpc.js';

export interface ContextInput {
  requestId: string;
  decisionId: string;
  principal: Principal;
  sessionId: string | undefined;
  request: ClassifiedRequest;
  remoteAddress: string | undefined;
  userAgent: string | undefined;
  store: StateStore;
  /** The client, when it can be asked in band (src/proxy/elicitation.ts). */
  client?: ClientChannel;
}

/** Builds a RequestContext with a fresh facts map. */
export function createRequestContext(input: ContextInput): RequestContext {
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

/** The same context with a replaced (rewritten) request; facts are shared on purpose. */
export function withRequest(ctx: RequestContext, request: ClassifiedRequest): RequestContext {
  return { ...ctx, request };
}

/** Context for a response-phase message answering the request `ctx` decided on. */
export function responseContext(ctx: RequestContext): ResponseContext {
  return { ...ctx, answeredMethod: ctx.request.method };
}

/**
 * Context for an upstream message that answers no client request (server→client requests and
 * notifications): the message itself is the "request". Responses always have a decision; one
 * without is refused before the chain (exchange.ts, `uncorrelated_response`).
 */
export function orphanResponseContext(
  base: Omit<ContextInput, 'request' | 'decisionId'>,
  message: JsonRpcMessage,
): ResponseContext {
  const id = messageId(message);
  const method = typeof message.method === 'string' ? message.method : undefined;
  const request: ClassifiedRequest = {
    kind: method ? (id !== undefined ? 'request' : 'notification') : 'response',
    message,
  };
  if (id !== undefined) request.id = id;
  if (method) request.method = method;
  return {
    ...createRequestContext({ ...base, request, decisionId: randomUUID() }),
    answeredMethod: undefined,
  };
}

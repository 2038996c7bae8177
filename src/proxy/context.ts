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

/** `ctx.now` of every context (one function, not a closure per request). */
const nowMs = (): number => Date.now();

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Builds a RequestContext with a fresh facts map. Built by assignment: a conditional spread for
 * `client` took V8's slow generic path on every request and every SSE event (exchange.ts).
 */
export function createRequestContext(input: ContextInput): RequestContext {
  const ctx = {
    requestId: input.requestId,
    decisionId: input.decisionId,
    principal: input.principal,
    sessionId: input.sessionId,
    request: input.request,
    http: { remoteAddress: input.remoteAddress, userAgent: input.userAgent },
    store: input.store,
    facts: new Map(),
  } as Mutable<RequestContext>;
  // Members in the order they always had: `client` (when given) before `now`.
  if (input.client) ctx.client = input.client;
  ctx.now = nowMs;
  return ctx;
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
  const ctx = createRequestContext({
    requestId: base.requestId,
    decisionId: randomUUID(),
    principal: base.principal,
    sessionId: base.sessionId,
    request,
    remoteAddress: base.remoteAddress,
    userAgent: base.userAgent,
    store: base.store,
    client: base.client,
  }) as Mutable<ResponseContext>;
  ctx.answeredMethod = undefined;
  return ctx;
}

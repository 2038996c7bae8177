/**
 * One downstream HTTP exchange and what the response phase needs to know about it, plus the
 * per-message response processing shared by JSON bodies and SSE events.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse as Response } from 'node:http';
import type { JsonRpcMessage } from '../core/jsonrpc.js';
import type { Principal } from '../core/principal.js';
import type { ResponseContext } from '../core/guard.js';
import type { DenialCode } from '../core/denials.js';
import type { AuditRecorder } from '../core/recorder.js';
import type { CompiledPolicy, UpstreamTimeouts } from '../policy/compiled.js';
import type { StateStore } from '../core/store.js';
import { logCorrelation, logger } from '../shared/logger.js';
import { orphanResponseContext, responseContext } from './context.js';
import { renderDenial } from './denial.js';
import { errorBody, idKey, messageId } from './jsonrpc.js';
import { Decision, recordTransportDenial, runResponseChain } from './pipeline.js';
import { redactSecrets } from './redact.js';
import { stringifyMessage } from '../guards/content/compact-json.js';
import type { SessionTable } from './sessions.js';
import type { UpstreamClient } from './upstream.js';
import type { RequestTrace } from './tracing.js';
import { isGuardElicitId, type ElicitationTable } from './elicitation-table.js';

/** Process-wide parts every exchange uses. */
export interface ProxyRuntime {
  policy: () => CompiledPolicy;
  store: StateStore;
  recorder: AuditRecorder;
  sessions: SessionTable;
  /** Calls waiting for their client's in-band answer (src/proxy/elicitation.ts). */
  elicitations: ElicitationTable;
  upstreamFor: (policy: CompiledPolicy) => UpstreamClient;
  needlesFor: (policy: CompiledPolicy) => string[];
}

export interface Exchange {
  rt: ProxyRuntime;
  /** Policy snapshot taken when the exchange started (reload never changes it mid-flight). */
  policy: CompiledPolicy;
  res: Response;
  requestId: string;
  decisionId: string;
  /** W3C trace id and the request's trace, when tracing is on (src/proxy/tracing.ts). */
  traceId?: string;
  trace?: RequestTrace;
  principal: Principal;
  /** Session id of the exchange (from the request, or issued by the initialize response). */
  sessionId: string | undefined;
  remoteAddress: string | undefined;
  userAgent: string | undefined;
  /** The POST's own request (undefined for GET streams and notification POSTs). */
  own?: Decision;
  /** The POST's message decision, request or not (`own` is it for requests). */
  decision?: Decision;
  /** A refusal before the guard chain, recorded when the exchange settles (post.ts). */
  refusal?: {
    code: DenialCode;
    rpcId?: string | number;
    method?: string;
    tool?: string;
    guard?: string;
  };
  /** Client headers forwarded when the proxy answers a server→client request upstream. */
  upstreamHeaders: Record<string, string>;
  upstreamStatus?: number;
  /** Timeouts of the forwarded request and when it was sent (forward.ts; sse.ts's watchdog). */
  timeouts?: UpstreamTimeouts;
  sentAt?: number;
}

/** The Decision whose request this upstream message answers, if the proxy knows it. */
function correlate(ex: Exchange, id: string | number): Decision | undefined {
  const own = ex.own;
  if (own && own.ctx.request.id !== undefined && idKey(own.ctx.request.id) === idKey(id))
    return own;
  return ex.sessionId ? ex.rt.sessions.lookup(ex.sessionId, id)?.decision : undefined;
}

/**
 * Runs the response chain on one upstream message and returns the text to send the client, or
 * `null` to drop it. `original` is the upstream text, forwarded verbatim when nothing changed so
 * numbers and key order survive.
 */
export async function processUpstreamMessage(
  ex: Exchange,
  message: JsonRpcMessage,
  original: string,
): Promise<string | null> {
  const id = messageId(message);
  const isResponse = typeof message.method !== 'string' && id !== undefined;
  const decision = isResponse ? correlate(ex, id) : undefined;
  // A response to no request this process decided on (its correlation was forgotten, or another
  // replica forwarded the request and this one serves the resumed stream) cannot be guarded: the
  // response guards need the tool it answers. Fail closed rather than pass it unfiltered.
  if (isResponse && !decision) return refuseUncorrelated(ex, id);
  const rctx = decision
    ? responseContext(decision.ctx)
    : orphanResponseContext(
        {
          requestId: ex.requestId,
          principal: ex.principal,
          sessionId: ex.sessionId,
          remoteAddress: ex.remoteAddress,
          userAgent: ex.userAgent,
          store: ex.rt.store,
        },
        message,
      );
  // A server→client request (sampling, elicitation, roots) is a decision of its own: audited
  // whether allowed or denied. Pings carry nothing and would only flood the trail.
  const serverRequest =
    typeof message.method === 'string' && id !== undefined && message.method !== 'ping'
      ? new Decision(rctx, ex.rt.recorder, false)
      : undefined;
  if (!serverRequest) return respond(ex, message, original, id, isResponse, rctx, decision);
  // A server request's decision is owned here: settled once, whatever happens.
  try {
    // The proxy's own elicitation ids are not the upstream's to use: the client's answer would
    // be taken by the proxy (src/proxy/elicitation.ts), so such a request is refused at once.
    if (isGuardElicitId(id)) return refuseServerRequest(ex, id, serverRequest);
    return await respond(ex, message, original, id, isResponse, rctx, serverRequest);
  } finally {
    serverRequest.settle({ outcome: 'error', code: 'guard_error' });
  }
}

/** The response chain and what follows from its result; `decision` notes the outcome. */
async function respond(
  ex: Exchange,
  message: JsonRpcMessage,
  original: string,
  id: string | number | undefined,
  isResponse: boolean,
  rctx: ResponseContext,
  decision: Decision | undefined,
): Promise<string | null> {
  const serverRequest = isResponse ? undefined : decision;
  const t0 = ex.trace ? performance.now() : 0;
  const result = await runResponseChain(ex.policy, rctx, message, decision?.verdicts);
  ex.trace?.stage('guard chain response', t0, performance.now(), {
    'dojo_guard.phase': 'response',
    'dojo_guard.verdict': result.kind,
    'dojo_guard.denial_code': result.kind === 'deny' ? result.verdict.code : undefined,
  });
  let text: string;
  if (result.kind === 'deny') {
    const code = result.verdict.code;
    if (!isResponse) {
      // A denied server→client request still needs an answer, or the upstream waits.
      // The record of a denied server request is its own decision (pings have none).
      const logged = logCorrelation(serverRequest?.ctx ?? ex);
      if (id !== undefined) void answerUpstream(ex, id, code, logged);
      serverRequest?.note('denied', code);
      logger.info('upstream message dropped', { code, ...logged });
      return null;
    }
    decision?.note('denied', code, ex.upstreamStatus);
    const rendered = renderDenial({
      code,
      id: id ?? null,
      decisionId: decision?.ctx.decisionId ?? ex.decisionId,
      publicMessage: result.verdict.publicMessage,
      data: result.verdict.data,
      toolName: decision?.ctx.request.toolName,
      promptName: decision?.ctx.request.promptName,
      resourceUri: decision?.ctx.request.resourceUri,
    });
    text = JSON.stringify(rendered.body);
  } else {
    text = result.changed ? stringifyMessage(result.message) : original;
    if (serverRequest) serverRequest.note('allowed');
    else if (decision) {
      await noteInitialize(ex, decision, result.message);
      decision.note('allowed', undefined, ex.upstreamStatus);
    }
  }
  // Answered either way (result or denial): the correlation entry becomes an "answered" one.
  if (isResponse && decision && id !== undefined && ex.sessionId) {
    ex.rt.sessions.settle(ex.sessionId, id, decision);
  }
  // The `upstream-credentials` step, response side: whatever the guards did, the proxy's own
  // upstream secrets never reach the client; a hit is a verdict in the record (never the value).
  const out = redactSecrets(text, ex.rt.needlesFor(ex.policy));
  if (out !== text) {
    decision?.verdicts.push({
      guard: 'upstream-credentials',
      phase: 'response',
      outcome: 'rewrite',
      mode: 'enforce',
      note: 'redacted an upstream credential',
      durationUs: 0,
    });
  }
  return out;
}

/** Drops a server→client request and answers it upstream with an error (a denied request). */
function refuseServerRequest(ex: Exchange, id: string | number, d: Decision): null {
  const logged = logCorrelation(d.ctx);
  void answerUpstream(ex, id, 'server_request_denied', logged);
  d.note('denied', 'server_request_denied');
  logger.warn('upstream request in the proxy elicitation id namespace dropped', logged);
  return null;
}

/** Answers an uncorrelated upstream response with an error in its place, and audits it. */
function refuseUncorrelated(ex: Exchange, id: string | number): string {
  const decisionId = randomUUID();
  recordTransportDenial(ex.rt.recorder, {
    decisionId,
    requestId: ex.requestId,
    principal: ex.principal,
    sessionId: ex.sessionId,
    code: 'uncorrelated_response',
    rpcId: id,
  });
  logger.warn('uncorrelated upstream response refused', {
    ...logCorrelation({ decisionId }),
    sessionId: ex.sessionId,
  });
  return JSON.stringify(renderDenial({ code: 'uncorrelated_response', id, decisionId }).body);
}

/** Records the negotiated protocol version on the session binding. */
async function noteInitialize(ex: Exchange, d: Decision, msg: JsonRpcMessage): Promise<void> {
  if (d.ctx.request.method !== 'initialize' || !ex.sessionId) return;
  const result = msg.result as Record<string, unknown> | undefined;
  const version = typeof result?.protocolVersion === 'string' ? result.protocolVersion : undefined;
  if (!version) return;
  await ex.rt.sessions.bind(ex.sessionId, ex.principal, version).catch(() => undefined);
}

/**
 * Headers for the proxy's own answer POST: the exchange's session and credential, but not what
 * described the client's message (`Last-Event-ID` of a GET, 2026-07-28 `Mcp-Method`/`Mcp-Name`/
 * `Mcp-Param-*` of a POST, which would mismatch a response body). The GET stream's `Accept` names
 * only SSE; a POST must accept both (SDK servers answer 406 otherwise).
 */
function answerHeaders(base: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) {
    if (k === 'last-event-id' || k === 'mcp-method' || k === 'mcp-name') continue;
    if (k.startsWith('mcp-param-')) continue;
    out[k] = v;
  }
  out.accept = 'application/json, text/event-stream';
  out['content-type'] = 'application/json';
  return out;
}

async function answerUpstream(
  ex: Exchange,
  id: string | number,
  code: string,
  logged: ReturnType<typeof logCorrelation>,
): Promise<void> {
  const body = JSON.stringify(errorBody(id, -32601, 'Request denied by policy', { code }));
  try {
    const res = await ex.rt.upstreamFor(ex.policy).send({
      method: 'POST',
      headers: answerHeaders(ex.upstreamHeaders),
      body,
    });
    await res.body.dump();
  } catch (err) {
    logger.warn('could not answer denied server request upstream', {
      error: err instanceof Error ? err.message : 'unknown',
      ...logged,
    });
  }
}

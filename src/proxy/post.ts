/**
 * POST to the MCP endpoint: gate → read body (capped) → parse once → header checks → guard chain
 * → forward the re-serialized message → relay the response (mcp-protocol.md §1.2).
 */
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import type { DenialCode } from '../core/denials.js';
import type { ClassifiedRequest, JsonRpcId } from '../core/jsonrpc.js';
import { createRequestContext } from './context.js';
import { renderDenial } from './denial.js';
import type { Exchange, ProxyRuntime } from './exchange.js';
import { passGate } from './gate.js';
import {
  DECISION_HEADER,
  encodeMcpHeaderValue,
  headersMatchBody,
  KNOWN_PROTOCOL_VERSIONS,
  mirroredName,
  sendDenial,
} from './http-checks.js';
import {
  JsonRpcRejection,
  classifyMessage,
  isNotificationMethod,
  parseClientBody,
} from './jsonrpc.js';
import { Decision, recordTransportDenial, runRequestChain } from './pipeline.js';
import { failExchange, isTimeout, mediaType, readCapped, relayResponse } from './relay.js';
import { upstreamRequestHeaders } from './upstream.js';
import { forwardUpstream } from './forward.js';
import { paramSyncFor, preChainChecks } from './post-hardening.js';
import { applyParamSync } from './param-headers.js';
import { BodyTimeoutError, bodyTimeouts } from './body-timeouts.js';
import { jsonCaps } from './json-caps.js';
import { writeAhead } from './write-ahead.js';

import { startRequestTrace, type RequestTrace } from './tracing.js';

/**
 * 202 Accepted with no body (notifications and responses the client sent). The decision id goes
 * out only when an audit record with that id was written (`recorded`): a header naming no record
 * would send an operator looking for something that does not exist.
 */
function accepted(res: Response, decisionId: string, recorded: boolean): void {
  res.statusCode = 202;
  if (recorded) res.setHeader(DECISION_HEADER, decisionId);
  else res.removeHeader(DECISION_HEADER);
  res.end();
}

/**
 * Request-span attributes of a message, after the OpenTelemetry semantic conventions for MCP and
 * JSON-RPC: identifiers only, never arguments (span name `{mcp.method.name} {target}`).
 */
function traceMessage(trace: RequestTrace, m: ClassifiedRequest): void {
  const target = m.toolName ?? m.promptName;
  trace.set(
    {
      'mcp.method.name': m.method,
      'rpc.method': m.method,
      'gen_ai.tool.name': m.toolName,
      'gen_ai.prompt.name': m.promptName,
      'jsonrpc.request.id': m.id === undefined ? undefined : String(m.id),
    },
    m.method === undefined ? undefined : target ? `${m.method} ${target}` : m.method,
  );
}

/** True when a request reuses the id of a request still in flight in its session. */
function reusesInFlightId(
  rt: ProxyRuntime,
  sessionId: string | undefined,
  parsed: ClassifiedRequest,
): boolean {
  if (!sessionId || parsed.kind !== 'request' || parsed.id === undefined) return false;
  return rt.sessions.inFlight(sessionId, parsed.id);
}

/** Handles one POST; never throws (errors become JSON-RPC answers). */
export async function handlePost(rt: ProxyRuntime, req: Request, res: Response): Promise<void> {
  // Tracing off: `trace` is undefined and every use below is one `?.` (src/proxy/tracing.ts).
  const trace = startRequestTrace(req.headers);
  if (!trace) return exchangePost(rt, req, res, undefined);
  try {
    await exchangePost(rt, req, res, trace);
  } catch (err) {
    trace.outcome('error', 'guard_error');
    throw err;
  } finally {
    trace.end(res.statusCode);
  }
}

async function exchangePost(
  rt: ProxyRuntime,
  req: Request,
  res: Response,
  trace: RequestTrace | undefined,
): Promise<void> {
  const arrived = Date.now();
  const gate = await passGate(rt, req, res, trace?.traceId);
  if (!gate) return;
  trace?.set({
    'enduser.id': gate.principal.id,
    'enduser.role': gate.principal.role,
    'dojo_guard.auth_method': gate.principal.authMethod,
    'dojo_guard.decision_id': gate.decisionId,
  });
  const { policy, decisionId } = gate;
  let parsed: ClassifiedRequest | undefined;
  const reject = (code: DenialCode, id: JsonRpcId | null = null): void => {
    recordTransportDenial(rt.recorder, {
      ...gate,
      code,
      rpcId: id ?? undefined,
      method: parsed?.method,
      tool: parsed?.toolName,
    });
    sendDenial(res, renderDenial({ code, id, decisionId }));
  };

  // Compressed or non-JSON bodies are refused, never parsed.
  if (mediaType(req.headers['content-type']) !== 'application/json') {
    return reject('unsupported_media_type');
  }
  const enc = req.headers['content-encoding'];
  if (enc !== undefined && enc.toLowerCase() !== 'identity')
    return reject('unsupported_media_type');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > policy.server.maxBodyBytes) {
    res.setHeader('connection', 'close');
    req.resume();
    return reject('body_too_large');
  }
  const limits = bodyTimeouts(policy);
  let timedOut = false;
  const buf = await readCapped(req, policy.server.maxBodyBytes, 'stop', {
    idleMs: limits.idleMs,
    deadline: arrived + limits.totalMs,
  }).catch((err: unknown) => void (timedOut = err instanceof BodyTimeoutError));
  if (timedOut) {
    // A trickled or half-sent body: answer while we still can, and never read the rest.
    res.setHeader('connection', 'close');
    return reject('request_timeout');
  }
  if (!buf) {
    // Answer, then close the connection: the rest of an oversized body is never read or parsed.
    res.setHeader('connection', 'close');
    req.resume();
    return reject('body_too_large');
  }

  try {
    // Count caps are the request's work budget: refused here, before any guard or audit work.
    parsed = parseClientBody(buf.toString('utf8'), policy.server.maxJsonDepth, jsonCaps(policy));
  } catch (err) {
    if (err instanceof JsonRpcRejection) return reject(err.code, err.id);
    throw err;
  }
  const id = parsed.id ?? null;
  if (trace) traceMessage(trace, parsed);

  // A request method without an id (e.g. tools/call as a notification) is refused and audited
  // with its method and tool before anything else looks at it (jsonrpc.ts isNotificationMethod).
  if (parsed.kind === 'notification' && !isNotificationMethod(parsed.method!)) {
    return reject('request_without_id');
  }
  const version = req.headers['mcp-protocol-version'];
  if (version !== undefined && !KNOWN_PROTOCOL_VERSIONS.has(version as string)) {
    return reject('unsupported_protocol_version', id);
  }
  // 2026-07-28 style: the body is the truth; headers that disagree are refused (-32020).
  if (!headersMatchBody(req.headers, parsed)) return reject('header_mismatch', id);
  // Notification cap, Mcp-Param-* agreement, _meta namespace (src/proxy/post-hardening.ts).
  const pre = preChainChecks(rt, policy, gate, req.headers, parsed);
  // Flood excess is counted, not audited (a flood must not flood the trail): no record, no id.
  if (pre.kind === 'drop') return accepted(res, decisionId, false);
  if (pre.kind === 'reject') {
    if (parsed.kind === 'request') return reject(pre.code, id);
    recordTransportDenial(rt.recorder, { ...gate, code: pre.code, method: parsed.method });
    return accepted(res, decisionId, true);
  }
  parsed = pre.parsed;
  // The request's stream slot is held while its response is open (src/proxy/stream-limits.ts).
  if (pre.release) res.once('close', pre.release);
  if (reusesInFlightId(rt, gate.sessionId, parsed)) return reject('duplicate_request_id', id);

  const ctx = createRequestContext({ ...gate, request: parsed, store: rt.store });
  // Mutation classes come from advertised annotations too (src/policy/tool-classes.ts): learn an
  // unseen tool's definition before anything classifies the call, or a client that never listed
  // tools would have its reads classed (and tracked) as mutations. Bounded: one upstream
  // tools/list at a time, a name still unknown is not refetched for 10 s (src/guards/tool-catalog/definitions.ts).
  if (
    parsed.method === 'tools/call' &&
    parsed.toolName &&
    !policy.toolDefinitions?.known(parsed.toolName)
  ) {
    await policy.toolDefinitions?.lookup(parsed.toolName);
  }
  const mutation =
    parsed.method === 'tools/call' && !!parsed.toolName && policy.isMutatingTool(parsed.toolName);
  const decision = new Decision(ctx, rt.recorder, mutation);
  if (trace) decision.trace = trace;
  const outcome = await runRequestChain(policy, decision, rt.recorder);
  if (outcome.kind === 'deny') {
    const v = outcome.verdict;
    decision.finish('denied', v.code);
    // Denied notifications and responses get 202 and no body.
    if (parsed.kind !== 'request') return accepted(res, decisionId, true);
    return sendDenial(
      res,
      renderDenial({
        code: v.code,
        id,
        decisionId,
        publicMessage: v.publicMessage,
        data: v.data,
        toolName: outcome.ctx.request.toolName,
        promptName: outcome.ctx.request.promptName,
        resourceUri: outcome.ctx.request.resourceUri,
      }),
    );
  }

  const overrides: Record<string, string> = { 'content-type': 'application/json' };
  if (typeof req.headers['mcp-name'] === 'string') {
    // A rewrite may have changed the name: keep the mirrored header consistent.
    const name = mirroredName(classifyMessage(outcome.message));
    if (name !== undefined) overrides['mcp-name'] = encodeMcpHeaderValue(name);
  }
  const headers = upstreamRequestHeaders(req.headers, policy.upstream, overrides);
  // A rewrite (guard or injected arguments) must not leave stale Mcp-Param-* mirrors.
  const sync = paramSyncFor(req.headers, parsed, outcome.message);
  if (sync.kind === 'conflict') {
    decision.finish('denied', 'header_rewrite_conflict');
    return sendDenial(res, renderDenial({ code: 'header_rewrite_conflict', id, decisionId }));
  }
  applyParamSync(headers, sync);
  // Write-ahead: no mutation reaches the upstream before its intent record is on file.
  if (decision.mutation && !writeAhead(rt.recorder, decision)) {
    decision.finish('denied', 'audit_unavailable');
    return sendDenial(res, renderDenial({ code: 'audit_unavailable', id, decisionId }));
  }
  let answerHeaders: Record<string, string> | undefined;
  const ex: Exchange = {
    rt,
    policy,
    res,
    requestId: gate.requestId,
    decisionId,
    ...(trace && { traceId: trace.traceId, trace }),
    principal: gate.principal,
    sessionId: gate.sessionId,
    remoteAddress: gate.remoteAddress,
    userAgent: gate.userAgent,
    own: parsed.kind === 'request' ? decision : undefined,
    // Needed only to answer a server→client request upstream: built on first use.
    get upstreamHeaders() {
      return (answerHeaders ??= upstreamRequestHeaders(req.headers, policy.upstream));
    },
  };
  if (gate.sessionId && parsed.kind === 'request' && parsed.id !== undefined) {
    // Checked again here, synchronously with remember(): another request with this id may have
    // been forwarded while this one's guard chain ran.
    if (rt.sessions.inFlight(gate.sessionId, parsed.id)) {
      decision.finish('denied', 'duplicate_request_id');
      return sendDenial(res, renderDenial({ code: 'duplicate_request_id', id, decisionId }));
    }
    rt.sessions.remember(gate.sessionId, parsed.id, { decision });
  }
  const up = await forwardUpstream(ex, {
    method: 'POST',
    headers,
    // Forward the canonical re-serialization of exactly what policy evaluated.
    body: JSON.stringify(outcome.message),
    isInitialize: parsed.method === 'initialize',
  });
  if (!up) return;
  if (up.statusCode === 202) {
    await up.body.dump();
    // 202 acknowledges notifications; to a request it is an answer that never comes.
    if (ex.own) return failExchange(ex, 'upstream_incomplete');
    // Forwarded notifications and client responses are not audited one by one.
    return accepted(res, decisionId, false);
  }
  try {
    await relayResponse(ex, up);
  } catch (err) {
    failExchange(ex, isTimeout(err) ? 'upstream_timeout' : 'upstream_error');
  }
  if (parsed.kind === 'request') decision.finish('allowed', undefined, up.statusCode);
}

/**
 * POST to the MCP endpoint: gate → read body (capped) → parse once → transport checks → guard
 * chain → forward the re-serialized message → relay the response (mcp-protocol.md §1.2); one
 * `Exchange` flows through, one `finally` settles its audit record.
 */
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import type { DenialCode } from '../core/denials.js';
import type { Principal } from '../core/principal.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import type { ClassifiedRequest, JsonRpcId, JsonRpcMessage } from '../core/jsonrpc.js';
import { createRequestContext } from './context.js';
import { renderDenial } from './denial.js';
import type { Exchange, ProxyRuntime } from './exchange.js';
import { passGate, type GateResult } from './gate.js';
import {
  DECISION_HEADER,
  encodeMcpHeaderValue,
  headersMatchBody,
  KNOWN_PROTOCOL_VERSIONS,
  mirroredName,
  sendDenial,
} from './http-checks.js';
import { JsonRpcRejection, idKey, isNotificationMethod, parseClientBody } from './jsonrpc.js';
import {
  afterChainDenial,
  Decision,
  isMutatingCall,
  recordTransportDenial,
  runAdmission,
  runRequestChain,
} from './pipeline.js';
import { shadowCandidate } from './candidate.js';
import { failExchange, isTimeout, mediaType, readCapped, relayResponse } from './relay.js';
import { upstreamRequestHeaders } from './upstream.js';
import { forwardUpstream } from './forward.js';
import { applyParamSync, paramHeadersGuard, paramSyncFor } from '../guards/system/param-headers.js';
import { failClosedGuard } from '../guards/system/fail-closed.js';
import { admissionPort } from './runtime-limits.js';
import { BodyTimeoutError } from './body-timeouts.js';
import { writeAhead } from './write-ahead.js';
import { clientChannelFor } from './elicitation.js';
import { isGuardElicitId } from './elicitation-table.js';
import { logCorrelation, logger } from '../shared/logger.js';

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

/**
 * One POST, one `Exchange`: created right after the gate, it flows one way through the stages
 * below (read → parse → transport checks → guard chain → forward → relay), each returning its
 * result or `undefined` once it has answered. The `finally` is the one place the exchange's audit
 * record is settled, so every path (denial, upstream error, broken stream, a thrown bug) records
 * what happened.
 */
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
  const ex = openExchange(rt, req, res, gate, trace);
  try {
    await postStages(ex, req, arrived);
  } catch (err) {
    ex.own?.note('error', 'guard_error', ex.upstreamStatus);
    throw err;
  } finally {
    settleExchange(ex);
  }
}

/** The exchange of one POST, as the gate left it. */
function openExchange(
  rt: ProxyRuntime,
  req: Request,
  res: Response,
  gate: GateResult,
  trace: RequestTrace | undefined,
): Exchange {
  return new PostExchange(rt, req, res, gate, trace);
}

/**
 * A class rather than an object literal: V8 creates a literal that has a getter in dictionary
 * mode, and every stage of the request reads `ex`. Here the lazy getter is on the prototype and
 * the exchange keeps fast properties; its own members are the ones the literal had.
 */
class PostExchange implements Exchange {
  readonly #req: Request;
  #answerHeaders: Record<string, string> | undefined;
  rt: ProxyRuntime;
  policy: CompiledPolicy;
  res: Response;
  requestId: string;
  decisionId: string;
  declare traceId?: string;
  declare trace?: RequestTrace;
  principal: Principal;
  sessionId: string | undefined;
  remoteAddress: string | undefined;
  userAgent: string | undefined;

  constructor(
    rt: ProxyRuntime,
    req: Request,
    res: Response,
    gate: GateResult,
    trace: RequestTrace | undefined,
  ) {
    this.#req = req;
    this.rt = rt;
    this.policy = gate.policy;
    this.res = res;
    this.requestId = gate.requestId;
    this.decisionId = gate.decisionId;
    if (trace) {
      this.traceId = trace.traceId;
      this.trace = trace;
    }
    this.principal = gate.principal;
    this.sessionId = gate.sessionId;
    this.remoteAddress = gate.remoteAddress;
    this.userAgent = gate.userAgent;
  }

  /** Needed only to answer a server→client request upstream: built on first use. */
  get upstreamHeaders(): Record<string, string> {
    return (this.#answerHeaders ??= upstreamRequestHeaders(
      this.#req.headers,
      this.policy.upstream,
    ));
  }
}

/**
 * Writes the exchange's one record: a refusal before the guard chain, or the decision's noted
 * outcome. A request with nothing noted was forwarded and not refused (its client may have left
 * before the answer): allowed. Forwarded notifications and client responses are not audited one
 * by one, so their decision is recorded only when something was noted (a denial).
 */
function settleExchange(ex: Exchange): void {
  if (ex.refusal) {
    recordTransportDenial(ex.rt.recorder, {
      decisionId: ex.decisionId,
      requestId: ex.requestId,
      principal: ex.principal,
      sessionId: ex.sessionId,
      traceId: ex.traceId,
      ...ex.refusal,
    });
    return;
  }
  if (ex.own) ex.own.settle({ outcome: 'allowed', upstreamStatus: ex.upstreamStatus });
  else ex.decision?.settle();
}

/** Refuses before the guard chain: answered now, recorded when the exchange settles. */
function refuse(
  ex: Exchange,
  code: DenialCode,
  parsed?: ClassifiedRequest,
  id: JsonRpcId | null = parsed?.id ?? null,
  by?: { guard: string; data?: Record<string, unknown> },
): undefined {
  ex.refusal = {
    code,
    rpcId: id ?? undefined,
    method: parsed?.method,
    tool: parsed?.toolName,
    guard: by?.guard,
  };
  sendDenial(ex.res, renderDenial({ code, id, decisionId: ex.decisionId, data: by?.data }));
  return undefined;
}

async function postStages(ex: Exchange, req: Request, arrived: number): Promise<void> {
  const buf = await readBody(ex, req, arrived);
  if (!buf) return;
  const parsed = transportChecks(ex, req, buf);
  if (!parsed) return;
  // The client's answer to the proxy's own question: taken here, never forwarded.
  if (parsed.kind === 'response' && isGuardElicitId(parsed.id)) {
    return takeElicitationAnswer(ex, parsed, parsed.id);
  }
  if (parsed.method === 'notifications/cancelled') cancelWaitingCall(ex, parsed);
  const decided = await decide(ex, req, parsed);
  if (!decided) return;
  const up = await forwardUpstream(ex, {
    method: 'POST',
    headers: decided.headers,
    // Forward the canonical re-serialization of exactly what policy evaluated.
    body: JSON.stringify(decided.message),
    isInitialize: parsed.method === 'initialize',
  });
  if (!up) return;
  if (up.statusCode === 202) {
    await up.body.dump();
    // 202 acknowledges notifications; to a request it is an answer that never comes.
    if (ex.own) return failExchange(ex, 'upstream_incomplete');
    // Forwarded notifications and client responses are not audited one by one.
    return accepted(ex.res, ex.decisionId, false);
  }
  try {
    await relayResponse(ex, up);
  } catch (err) {
    failExchange(ex, isTimeout(err) ? 'upstream_timeout' : 'upstream_error');
  }
}

/**
 * Hands a client response in the proxy's elicitation namespace to the call waiting for it
 * (src/proxy/elicitation.ts). One that answers nothing asked in this session (forged, replayed,
 * late, another session's) is refused and audited; 202 either way, as for any client response.
 */
function takeElicitationAnswer(ex: Exchange, parsed: ClassifiedRequest, id: string): void {
  const sessionId = ex.sessionId;
  const taken =
    sessionId !== undefined && ex.rt.elicitations.answer(id, sessionId, ex.principal.id, parsed);
  if (!taken) {
    ex.refusal = { code: 'elicitation_answer_unknown', rpcId: id, guard: 'elicitation' };
    logger.warn('elicitation answer refused', { ...logCorrelation(ex), sessionId });
  }
  accepted(ex.res, ex.decisionId, !taken);
}

/** A cancelled call that waits for its in-band answer stops waiting (then goes on as before). */
function cancelWaitingCall(ex: Exchange, parsed: ClassifiedRequest): void {
  const requestId = (parsed.message.params as { requestId?: unknown } | undefined)?.requestId;
  if (ex.sessionId === undefined) return;
  if (typeof requestId !== 'string' && typeof requestId !== 'number') return;
  ex.rt.elicitations.cancelCall(ex.sessionId, ex.principal.id, idKey(requestId));
}

/** Media type, encoding and size checks, then the capped, timed read of the body. */
async function readBody(ex: Exchange, req: Request, arrived: number): Promise<Buffer | undefined> {
  const { policy, res } = ex;
  // Compressed or non-JSON bodies are refused, never parsed.
  if (mediaType(req.headers['content-type']) !== 'application/json') {
    return refuse(ex, 'unsupported_media_type');
  }
  const enc = req.headers['content-encoding'];
  if (enc !== undefined && enc.toLowerCase() !== 'identity')
    return refuse(ex, 'unsupported_media_type');
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > policy.server.maxBodyBytes) {
    res.setHeader('connection', 'close');
    req.resume();
    return refuse(ex, 'body_too_large');
  }
  const limits = policy.server.bodyTimeouts;
  let timedOut = false;
  const buf = await readCapped(req, policy.server.maxBodyBytes, 'stop', {
    idleMs: limits.idleMs,
    deadline: arrived + limits.totalMs,
  }).catch((err: unknown) => void (timedOut = err instanceof BodyTimeoutError));
  if (timedOut) {
    // A trickled or half-sent body: answer while we still can, and never read the rest.
    res.setHeader('connection', 'close');
    return refuse(ex, 'request_timeout');
  }
  if (!buf) {
    // Answer, then close the connection: the rest of an oversized body is never read or parsed.
    res.setHeader('connection', 'close');
    req.resume();
    return refuse(ex, 'body_too_large');
  }
  return buf;
}

/**
 * Parses the body once and runs the checks that need the message but no guard: ids, protocol
 * version, header/body agreement, the admission guards (stream and notification caps), in-flight
 * ids. Returns the message the guard chain sees.
 */
function transportChecks(ex: Exchange, req: Request, buf: Buffer): ClassifiedRequest | undefined {
  const { policy, rt } = ex;
  let parsed: ClassifiedRequest;
  try {
    // Count caps are the request's work budget: refused here, before any guard or audit work.
    parsed = parseClientBody(
      buf.toString('utf8'),
      policy.server.maxJsonDepth,
      policy.server.jsonCaps,
    );
  } catch (err) {
    if (err instanceof JsonRpcRejection) return refuse(ex, err.code, undefined, err.id);
    throw err;
  }
  if (ex.trace) traceMessage(ex.trace, parsed);

  // A request method without an id (e.g. tools/call as a notification) is refused and audited
  // with its method and tool before anything else looks at it (jsonrpc.ts isNotificationMethod).
  if (parsed.kind === 'notification' && !isNotificationMethod(parsed.method!)) {
    return refuse(ex, 'request_without_id', parsed, null);
  }
  const version = req.headers['mcp-protocol-version'];
  if (version !== undefined && !KNOWN_PROTOCOL_VERSIONS.has(version as string)) {
    return refuse(ex, 'unsupported_protocol_version', parsed);
  }
  // 2026-07-28 style: the body is the truth; headers that disagree are refused (-32020).
  if (!headersMatchBody(req.headers, parsed)) return refuse(ex, 'header_mismatch', parsed);
  // The admission guards (stream slots, notification floods: src/guards/system/); Mcp-Param-*
  // agreement and the `_meta` namespace are system guards first in the chain. A request's stream
  // slot is held until its response closes (any later refusal closes it too).
  const admitted = runAdmission({
    principal: ex.principal,
    message: parsed,
    caps: policy.server.transportCaps,
    port: admissionPort(rt, ex, ex.res),
  });
  if (admitted.kind === 'deny') {
    const v = admitted.verdict;
    if (admitted.audited) {
      return refuse(ex, v.code, parsed, undefined, { guard: admitted.guard, data: v.data });
    }
    // Counted, not audited (a flood must not flood the trail): no record, no decision id.
    return void accepted(ex.res, ex.decisionId, false);
  }
  if (reusesInFlightId(rt, ex.sessionId, parsed)) {
    return refuse(ex, 'duplicate_request_id', parsed);
  }
  return parsed;
}

/**
 * The guard chain and what follows from an allowed request before it can leave: upstream
 * headers, the `Mcp-Param-*` re-sync, the write-ahead intent of a mutation, correlation.
 */
async function decide(
  ex: Exchange,
  req: Request,
  parsed: ClassifiedRequest,
): Promise<{ message: JsonRpcMessage; headers: Record<string, string> } | undefined> {
  const { policy, rt, res, decisionId } = ex;
  const id = parsed.id ?? null;
  const ctx = createRequestContext({
    requestId: ex.requestId,
    decisionId,
    principal: ex.principal,
    sessionId: ex.sessionId,
    remoteAddress: ex.remoteAddress,
    userAgent: ex.userAgent,
    request: parsed,
    store: rt.store,
    client: clientChannelFor(ex, req, parsed),
  });
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
  const decision = new Decision(ctx, rt.recorder, isMutatingCall(policy, parsed));
  if (ex.trace) decision.trace = ex.trace;
  ex.decision = decision;
  if (parsed.kind === 'request') ex.own = decision;
  const outcome = await runRequestChain(policy, decision, rt.recorder, req.headers);
  // The candidate policy (--candidate) decides the same request in shadow, after this request
  // has moved on (its guards are synchronous: run inline they would add to this call's latency).
  if (policy.candidate) {
    const verdicts = [...decision.verdicts];
    setImmediate(() => void shadowCandidate(policy, ctx, verdicts, rt.recorder));
  }
  if (outcome.kind === 'deny') {
    const v = outcome.verdict;
    decision.note('denied', v.code);
    // Denied notifications and responses get 202 and no body.
    if (parsed.kind !== 'request') return void accepted(res, decisionId, true);
    return void sendDenial(
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
  // Refusals after the chain judge what it produced; each is the verdict of the guard whose
  // invariant it keeps, so the record and dojo_guard_guard_verdicts_total name it.
  const deny = (code: DenialCode, guard: string): undefined => {
    decision.verdicts.push(afterChainDenial(guard, code));
    decision.note('denied', code);
    sendDenial(res, renderDenial({ code, id, decisionId }));
    return undefined;
  };

  const overrides: Record<string, string> = { 'content-type': 'application/json' };
  if (typeof req.headers['mcp-name'] === 'string') {
    // A rewrite may have changed the name: keep the mirrored header consistent. The chain
    // re-classified any rewrite; injected arguments never change the name.
    const name = mirroredName(outcome.ctx.request);
    if (name !== undefined) overrides['mcp-name'] = encodeMcpHeaderValue(name);
  }
  const headers = upstreamRequestHeaders(req.headers, policy.upstream, overrides);
  // A rewrite (guard or injected arguments) must not leave stale Mcp-Param-* mirrors.
  const sync = paramSyncFor(req.headers, parsed, outcome.message);
  if (sync.kind === 'conflict') return deny('header_rewrite_conflict', paramHeadersGuard.name);
  applyParamSync(headers, sync);
  // Write-ahead: no mutation reaches the upstream before its intent record is on file.
  if (decision.mutation && !writeAhead(rt.recorder, decision))
    return deny('audit_unavailable', failClosedGuard.name);
  if (ex.sessionId && parsed.kind === 'request' && parsed.id !== undefined) {
    // Checked again here, synchronously with remember(): another request with this id may have
    // been forwarded while this one's guard chain ran.
    if (rt.sessions.inFlight(ex.sessionId, parsed.id))
      return deny('duplicate_request_id', 'transport');
    rt.sessions.remember(ex.sessionId, parsed.id, { decision });
  }
  return { message: outcome.message, headers };
}

/**
 * GET (server → client stream, and resumption with `Last-Event-ID`) and DELETE (end session) on
 * the MCP endpoint (mcp-protocol.md §1.3, §1.4, §1.6). Both pass the same gate as POST.
 */
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import type { Exchange, ProxyRuntime } from './exchange.js';
import { forwardUpstream } from './forward.js';
import { passGate } from './gate.js';
import { DECISION_HEADER, KNOWN_PROTOCOL_VERSIONS, sendDenial } from './http-checks.js';
import { renderDenial } from './denial.js';
import { failExchange, isTimeout, relayResponse } from './relay.js';
import { upstreamRequestHeaders } from './upstream.js';
import { recordTransportDenial, runAdmission } from './pipeline.js';
import { admissionPort } from './runtime-limits.js';

async function exchangeFor(
  rt: ProxyRuntime,
  req: Request,
  res: Response,
): Promise<Exchange | undefined> {
  const gate = await passGate(rt, req, res);
  if (!gate) return undefined;
  const version = req.headers['mcp-protocol-version'];
  if (version !== undefined && !KNOWN_PROTOCOL_VERSIONS.has(version as string)) {
    sendDenial(
      res,
      renderDenial({ code: 'unsupported_protocol_version', id: null, decisionId: gate.decisionId }),
    );
    return undefined;
  }
  return {
    rt,
    policy: gate.policy,
    res,
    requestId: gate.requestId,
    decisionId: gate.decisionId,
    principal: gate.principal,
    sessionId: gate.sessionId,
    remoteAddress: gate.remoteAddress,
    userAgent: gate.userAgent,
    upstreamHeaders: upstreamRequestHeaders(req.headers, gate.policy.upstream),
  };
}

/** GET: relays the upstream's server stream; every message passes the response chain. */
export async function handleGet(rt: ProxyRuntime, req: Request, res: Response): Promise<void> {
  const ex = await exchangeFor(rt, req, res);
  if (!ex) return;
  // Long-lived streams are capped (the stream-limits admission guard) before the upstream is asked.
  const port = admissionPort(rt, ex, res);
  const admitted = runAdmission({
    principal: ex.principal,
    message: undefined,
    caps: ex.policy.server.transportCaps,
    port,
  });
  if (admitted.kind === 'deny') {
    const { code, data } = admitted.verdict;
    if (admitted.audited) {
      recordTransportDenial(rt.recorder, { ...ex, code, method: 'GET', guard: admitted.guard });
    }
    return sendDenial(res, renderDenial({ code, id: null, decisionId: ex.decisionId, data }));
  }
  try {
    const up = await forwardUpstream(ex, { method: 'GET', headers: ex.upstreamHeaders });
    if (!up) return;
    try {
      await relayResponse(ex, up);
    } catch (err) {
      failExchange(ex, isTimeout(err) ? 'upstream_timeout' : 'upstream_error');
    }
  } finally {
    port.release();
  }
}

/** DELETE: forwards the session end and drops the binding when the upstream accepts it. */
export async function handleDelete(rt: ProxyRuntime, req: Request, res: Response): Promise<void> {
  const ex = await exchangeFor(rt, req, res);
  if (!ex) return;
  const up = await forwardUpstream(ex, { method: 'DELETE', headers: ex.upstreamHeaders });
  if (!up) return;
  await up.body.dump().catch(() => undefined);
  if (up.statusCode < 300 && ex.sessionId) await rt.sessions.drop(ex.sessionId);
  res.statusCode = up.statusCode < 500 ? up.statusCode : 502;
  if (up.statusCode === 405) res.setHeader('allow', 'GET, POST, DELETE');
  res.setHeader(DECISION_HEADER, ex.decisionId);
  res.end();
}

/**
 * The gate every request to the MCP endpoint passes before any JSON is read: Host/Origin, then
 * authentication, then (when a session id is presented) the session binding. Keep this order:
 * rebinding checks need no credentials, and an unauthenticated caller must get 401 even with a
 * valid session id (sessions never authenticate, mcp-protocol.md §1.4).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import type { Principal } from '../core/principal.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { logger } from '../shared/logger.js';
import { renderDenial } from './denial.js';
import { gateRefusalsTotal } from './metrics.js';
import { recordTransportDenial } from './pipeline.js';
import type { ProxyRuntime } from './exchange.js';
import { authRequestOf } from './client-cert.js';
import { DECISION_HEADER, hostAllowed, originAllowed, sendDenial } from './http-checks.js';

export interface GateResult {
  policy: CompiledPolicy;
  principal: Principal;
  requestId: string;
  decisionId: string;
  /** W3C trace id when tracing is on: in the audit record and the logs. */
  traceId?: string;
  sessionId: string | undefined;
  remoteAddress: string | undefined;
  userAgent: string | undefined;
}

/** Runs the gate; on refusal it has already answered and returns undefined. */
export async function passGate(
  rt: ProxyRuntime,
  req: Request,
  res: Response,
  traceId?: string,
): Promise<GateResult | undefined> {
  const policy = rt.policy();
  const decisionId = randomUUID();
  const requestId = randomUUID();
  res.setHeader(DECISION_HEADER, decisionId);
  const deny = (
    code: Parameters<typeof renderDenial>[0]['code'],
    extra: Record<string, string> = {},
    status?: number,
  ): undefined => {
    sendDenial(res, renderDenial({ code, id: null, decisionId, status }), extra);
    return undefined;
  };
  // Refusals before a principal is known have no decision record: the metric is what shows them
  // (session refusals below are recorded and counted as denials).
  const refuse: typeof deny = (code, extra, status) => {
    gateRefusalsTotal.inc({ code });
    return deny(code, extra, status);
  };
  if (!hostAllowed(req.headers.host, policy.server)) return refuse('forbidden_host');
  const origin = req.headers.origin;
  if (!originAllowed(origin, policy.server)) return refuse('forbidden_origin');

  const remoteAddress = req.socket.remoteAddress;
  let auth;
  try {
    auth = await policy.authenticate(authRequestOf(req));
  } catch (err) {
    logger.error('authenticator failed', { error: err instanceof Error ? err.name : 'unknown' });
    return refuse('guard_error', {}, 500);
  }
  if (!auth.ok) {
    rt.recorder.recordEvent({
      type: 'auth_failure',
      severity: 'warning',
      detail: { code: auth.code, reason: auth.reason, remoteAddress, decisionId },
    });
    return refuse(auth.code, { 'www-authenticate': auth.wwwAuthenticate });
  }

  const raw = req.headers['mcp-session-id'];
  const sessionId = typeof raw === 'string' ? raw : undefined;
  if (sessionId !== undefined) {
    const check = await rt.sessions.check(sessionId, auth.principal);
    if (!check.ok) {
      recordTransportDenial(rt.recorder, {
        decisionId,
        requestId,
        principal: auth.principal,
        sessionId,
        traceId,
        code: check.code,
      });
      return deny(check.code, {}, check.code === 'state_unavailable' ? 503 : undefined);
    }
  }
  return {
    policy,
    principal: auth.principal,
    requestId,
    decisionId,
    ...(traceId !== undefined && { traceId }),
    sessionId,
    remoteAddress,
    userAgent:
      typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : undefined,
  };
}

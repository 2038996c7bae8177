/**
 * Sends one exchange upstream and handles what must happen before any response byte reaches the
 * client: transport failures (502/504 with a clean JSON-RPC error), session loss
 * (upstream 404 → drop the binding) and session creation (bind the new id to the
 * principal before the client can use it).
 */
import type { Dispatcher } from 'undici';
import { logCorrelation, logger } from '../shared/logger.js';
import type { Exchange } from './exchange.js';
import { isValidSessionId } from './sessions.js';
import { discardBody, UpstreamCancel } from './upstream.js';
import { failExchange, mediaType } from './relay.js';
import { timeoutsOf } from './upstream-timeouts.js';
import { declaresFormElicitation } from './elicitation.js';

export interface ForwardOptions {
  method: 'GET' | 'POST' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  isInitialize?: boolean;
}

/** Returns the upstream response, or undefined when the exchange was already answered. */
export async function forwardUpstream(
  ex: Exchange,
  opts: ForwardOptions,
): Promise<Dispatcher.ResponseData | undefined> {
  const upstream = ex.rt.upstreamFor(ex.policy);
  const abort = new UpstreamCancel();
  const t = timeoutsOf(upstream.config, ex.own?.ctx.request.toolName);
  ex.timeouts = t;
  ex.sentAt = Date.now();
  // Budget until headers and for whole JSON bodies; cleared once an SSE stream starts, where
  // sse.ts's idle/total watchdog takes over (src/proxy/upstream-timeouts.ts).
  const timer = setTimeout(() => abort.abort(new Error('upstream_timeout')), t.timeoutMs);
  const onClientGone = (): void => {
    if (!ex.res.writableEnded) abort.abort(new Error('client_gone'));
  };
  // The response closing before we ended it means the client went away (mirror it
  // upstream by closing the connection, never by inventing a cancellation).
  ex.res.once('close', onClientGone);
  let up: Dispatcher.ResponseData;
  // Until response headers: the body is the relay's and the response guards' time.
  const span = ex.trace?.child(
    opts.method,
    {
      'http.request.method': opts.method,
      'server.address': upstream.config.url.hostname,
      'server.port': Number(upstream.config.url.port) || undefined,
    },
    'client',
  );
  if (span) ex.trace!.inject(opts.headers, span);
  try {
    up = await upstream.send({ ...opts, signal: abort });
  } catch (err) {
    span?.end({ 'error.type': err instanceof Error ? err.name : 'unknown' }, true);
    clearTimeout(timer);
    const timedOut =
      abort.aborted ||
      (err instanceof Error && /Timeout/i.test(err.name + (err as { code?: string }).code));
    logger.warn('upstream request failed', {
      error: err instanceof Error ? `${err.name}` : 'unknown',
      ...logCorrelation(ex),
    });
    failExchange(ex, timedOut ? 'upstream_timeout' : 'upstream_unavailable');
    return undefined;
  }
  ex.upstreamStatus = up.statusCode;
  span?.end({ 'http.response.status_code': up.statusCode }, up.statusCode >= 500);
  if (mediaType(up.headers['content-type']) === 'text/event-stream') clearTimeout(timer);
  else up.body.once('close', () => clearTimeout(timer));
  up.body.once('error', () => clearTimeout(timer));

  if (up.statusCode === 404 && ex.sessionId) {
    await up.body.dump().catch(() => undefined);
    clearTimeout(timer);
    await ex.rt.sessions.drop(ex.sessionId);
    failExchange(ex, 'session_not_found');
    return undefined;
  }
  const issued = up.headers['mcp-session-id'];
  if (opts.isInitialize && up.statusCode < 300 && typeof issued === 'string') {
    if (!isValidSessionId(issued)) {
      discardBody(up.body);
      clearTimeout(timer);
      failExchange(ex, 'upstream_error');
      return undefined;
    }
    try {
      await ex.rt.sessions.bind(issued, ex.principal);
    } catch {
      discardBody(up.body);
      clearTimeout(timer);
      // Fail closed: a session we cannot bind would be usable by anyone who learns its id.
      failExchange(ex, 'state_unavailable', 503);
      return undefined;
    }
    ex.sessionId = issued;
    const own = ex.own;
    ex.rt.sessions.noteElicitation(
      issued,
      declaresFormElicitation(own?.ctx.request.message.params),
    );
    if (own?.ctx.request.id !== undefined) {
      ex.rt.sessions.remember(issued, own.ctx.request.id, { decision: own });
    }
  }
  return up;
}

/**
 * Relays an upstream response to the client (STYLE.md §2 step 6): `application/json` is buffered
 * behind a byte cap, `text/event-stream` is streamed event by event (sse.ts). Every JSON-RPC
 * message passes the response chain; anything that cannot be inspected is refused, not forwarded.
 */
import contentType from 'content-type';
import type { Dispatcher } from 'undici';
import type { JsonRpcMessage } from '../core/jsonrpc.js';
import type { DenialCode } from '../core/denials.js';
import { logCorrelation, logger } from '../shared/logger.js';
import { renderDenial } from './denial.js';
import { processUpstreamMessage, type Exchange } from './exchange.js';
import { DECISION_HEADER, sendDenial } from './http-checks.js';
import { parseUpstreamJson } from './upstream-json.js';
import { discardBody, relayResponseHeaders } from './upstream.js';
import { relaySseStream } from './sse.js';
import { BodyTimeoutError } from './body-timeouts.js';
import { endWithMessage } from './sse-event.js';

/** Media type essence of a response, lower-cased, or '' when absent or unparsable. */
export function mediaType(header: string | string[] | undefined): string {
  if (typeof header !== 'string') return '';
  // The two types every exchange carries, spelled plainly: no parser needed.
  if (header === 'application/json' || header === 'text/event-stream') return header;
  try {
    return contentType.parse(header).type.toLowerCase();
  } catch {
    return '';
  }
}

/** True for the abort raised by forward.ts's total-timeout timer. */
export function isTimeout(err: unknown): boolean {
  return err instanceof Error && /upstream_timeout/.test(`${err.message} ${String(err.cause)}`);
}

/** Sends a locally rendered error for the exchange's own request id. */
export function failExchange(ex: Exchange, code: DenialCode, status?: number): void {
  const id = ex.own?.ctx.request.id ?? null;
  const answered = !ex.own || ex.own.concluded;
  ex.own?.note('error', code, ex.upstreamStatus);
  if (ex.res.headersSent && answered) {
    ex.res.end();
    return;
  }
  // Headers already out (an event stream the proxy opened): the error is its last event.
  sendDenial(ex.res, renderDenial({ code, id, decisionId: ex.decisionId, status }), {
    [DECISION_HEADER]: ex.decisionId,
  });
}

/**
 * Reads a whole body with a byte cap; resolves undefined when the cap is exceeded. An upstream
 * body is then discarded; a client body is paused and left for the caller to answer and close.
 * Rejects when the stream fails or closes before its end. Plain 'data'/'end' listeners rather
 * than an async iterator: this runs twice per exchange, and the iterator machinery cost more
 * than the copy.
 */
export function readCapped(
  body: {
    on(ev: 'data', fn: (chunk: Uint8Array) => void): unknown;
    on(ev: 'end' | 'close', fn: () => void): unknown;
    on(ev: 'error', fn: (err: Error) => void): unknown;
    removeListener(ev: string, fn: (...args: never[]) => void): unknown;
    pause(): unknown;
    destroy(): unknown;
  },
  cap: number,
  onOverflow: 'discard' | 'stop' = 'discard',
  limits?: { idleMs: number; deadline: number },
): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let total = 0;
    // Client bodies only (body-timeouts.ts): a timed-out body is paused, like an oversized one.
    const expire = (limit: 'idle' | 'total'): void => {
      done();
      body.pause();
      reject(new BodyTimeoutError(limit));
    };
    const idle = limits ? setTimeout(() => expire('idle'), limits.idleMs) : undefined;
    const whole = limits
      ? setTimeout(() => expire('total'), Math.max(0, limits.deadline - Date.now()))
      : undefined;
    const done = (): void => {
      clearTimeout(idle);
      clearTimeout(whole);
      body.removeListener('data', onData);
      body.removeListener('end', onEnd);
      body.removeListener('error', onError);
      body.removeListener('close', onClose);
    };
    const onData = (chunk: Uint8Array): void => {
      idle?.refresh();
      total += chunk.length;
      if (total <= cap) return void chunks.push(chunk);
      done();
      if (onOverflow === 'discard') discardBody(body);
      else body.pause();
      resolve(undefined);
    };
    const onEnd = (): void => {
      done();
      resolve(Buffer.concat(chunks, total));
    };
    const onError = (err: Error): void => {
      done();
      reject(err);
    };
    const onClose = (): void => {
      done();
      reject(new Error('body closed before its end'));
    };
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
    body.on('close', onClose);
  });
}

/** Relays one upstream response (already past status/session handling in the caller). */
export async function relayResponse(ex: Exchange, up: Dispatcher.ResponseData): Promise<void> {
  const type = mediaType(up.headers['content-type']);
  if (type === 'text/event-stream' && up.statusCode === 200) return relaySseStream(ex, up);
  if (up.statusCode === 401 || up.statusCode === 403) {
    // The upstream refused the proxy's own credential: the client's is fine, so it must not be
    // told to re-authenticate (and the upstream's challenge is never relayed).
    discardBody(up.body);
    logger.warn('upstream rejected the proxy credential', {
      status: up.statusCode,
      ...logCorrelation(ex),
    });
    return failExchange(ex, 'upstream_error', 502);
  }
  const headers = relayResponseHeaders(up.headers);
  const buf = await readCapped(up.body, ex.policy.server.maxResponseBytes);
  if (!buf) return failExchange(ex, 'response_too_large');
  // An empty body answers nothing: a client request gets a JSON-RPC error, never an empty 200
  // or a bare 502. (GET/DELETE keep the upstream's bare status, e.g. 405 for no server stream.)
  if (buf.length === 0 && ex.own) {
    if (up.statusCode < 300) return failExchange(ex, 'upstream_incomplete');
    return failExchange(ex, 'upstream_error', up.statusCode >= 500 ? 502 : up.statusCode);
  }
  if (buf.length === 0) {
    ex.res.statusCode = up.statusCode;
    for (const [k, v] of Object.entries(headers)) ex.res.setHeader(k, v);
    ex.res.setHeader(DECISION_HEADER, ex.decisionId);
    ex.res.removeHeader('content-type');
    ex.res.end();
    if (up.statusCode >= 400) ex.own?.note('error', 'upstream_error', up.statusCode);
    return;
  }
  // Non-JSON bodies (HTML error pages from load balancers or body parsers) never reach the
  // client: a clean JSON-RPC error with the request id replaces them.
  if (type !== 'application/json') {
    return failExchange(ex, 'upstream_error', up.statusCode >= 500 ? 502 : up.statusCode);
  }
  let parsed: unknown;
  const original = buf.toString('utf8');
  try {
    parsed = parseUpstreamJson(original, ex.policy.server.maxJsonDepth);
  } catch {
    return failExchange(ex, 'upstream_error', up.statusCode >= 500 ? 502 : undefined);
  }
  let text: string;
  if (Array.isArray(parsed)) {
    const parts: string[] = [];
    for (const m of parsed) {
      const out = isMessage(m) ? await processUpstreamMessage(ex, m, JSON.stringify(m)) : null;
      if (out !== null) parts.push(out);
    }
    text = `[${parts.join(',')}]`;
  } else if (isMessage(parsed)) {
    const out = await processUpstreamMessage(ex, parsed, original);
    if (out === null) return failExchange(ex, 'upstream_error');
    text = out;
  } else {
    return failExchange(ex, 'upstream_error');
  }
  // A body that answers some other id (or none) leaves the client's request unanswered.
  if (ex.own && !ex.own.concluded) return failExchange(ex, 'upstream_incomplete');
  // An answer under an HTTP error status is relayed as it came, and recorded as the error it is.
  if (up.statusCode >= 400) ex.own?.note('error', 'upstream_error', up.statusCode);
  // The proxy opened an event stream first (src/proxy/elicitation.ts): the answer is its last event.
  if (ex.res.headersSent) return endWithMessage(ex.res, text);
  ex.res.statusCode = up.statusCode;
  for (const [k, v] of Object.entries(headers)) ex.res.setHeader(k, v);
  ex.res.setHeader(DECISION_HEADER, ex.decisionId);
  // Byte length of what we send, not of what the upstream sent.
  ex.res.setHeader('content-length', Buffer.byteLength(text));
  ex.res.end(text);
}

function isMessage(v: unknown): v is JsonRpcMessage {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

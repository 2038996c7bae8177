/**
 * Streams an upstream `text/event-stream` to the client one event at a time (STYLE.md §8.8,
 * the SSE rules of the MCP streamable HTTP transport). Never buffers a whole stream.
 *
 * - chunks are decoded with a streaming UTF-8 decoder and fed to eventsource-parser, which
 *   handles CR/LF/CRLF, BOM, multi-line data and comments;
 * - each event's JSON-RPC message runs the response chain and is re-emitted at once on a single
 *   `data:` line, keeping `id:`, `event:` and `retry:`; priming events (id + empty
 *   data) and comments pass untouched;
 * - an event over the byte cap, or data that is not a JSON-RPC message, ends the stream after a
 *   JSON-RPC error for the exchange's request: uninspected content is never forwarded;
 * - a client disconnect closes the upstream connection and is not turned into a cancel.
 */
import { once } from 'node:events';
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import type { Dispatcher } from 'undici';
import { logCorrelation, logger } from '../shared/logger.js';
import { renderDenial } from './denial.js';
import { processUpstreamMessage, type Exchange } from './exchange.js';
import { DECISION_HEADER } from './http-checks.js';
import { parseUpstreamJson } from './upstream-json.js';
import { discardBody, relayResponseHeaders } from './upstream.js';
import { sseWatchdog } from './upstream-timeouts.js';
import { formatEvent, openEventStream } from './sse-event.js';

const KEEPALIVE_MS = 15_000;

type Item =
  | { kind: 'event'; ev: EventSourceMessage; retry?: number }
  | { kind: 'comment'; text: string }
  | { kind: 'overflow' };

async function write(ex: Exchange, text: string): Promise<boolean> {
  const { res } = ex;
  if (res.destroyed || res.writableEnded) return false;
  if (!res.write(text)) await Promise.race([once(res, 'drain'), once(res, 'close')]);
  return !res.destroyed;
}

/** Relays an SSE response; resolves when the stream ends (either side) or fails closed. */
export async function relaySseStream(ex: Exchange, up: Dispatcher.ResponseData): Promise<void> {
  const { res } = ex;
  const cap = ex.policy.server.maxSseEventBytes;
  const items: Item[] = [];
  let pendingRetry: number | undefined;
  const parser = createParser({
    onEvent: (ev) => {
      items.push({ kind: 'event', ev, retry: pendingRetry });
      pendingRetry = undefined;
    },
    onRetry: (ms) => (pendingRetry = ms),
    onComment: (text) => items.push({ kind: 'comment', text }),
    onError: (err) => {
      if (err.type === 'max-buffer-size-exceeded') items.push({ kind: 'overflow' });
    },
    // Characters ≤ bytes, so this trips no later than the byte cap; exact bytes are checked below.
    maxBufferSize: cap,
  });

  // Already open when the proxy asked the client something first (src/proxy/elicitation.ts).
  if (!res.headersSent) {
    const headers = { ...relayResponseHeaders(up.headers), [DECISION_HEADER]: ex.decisionId };
    openEventStream(res, headers);
  }

  // Client gone, or the server is closing this stream: stop reading upstream too.
  // Stream slots were taken when the request or GET was admitted (the stream-limits admission guard,
  // stream.ts) and are given back when the response closes.
  const onClose = (): void => discardBody(up.body);
  res.once('close', onClose);
  // Our own keep-alive comment, for upstreams that send none: idle load balancers and
  // clients must not cut a quiet stream. Comments carry no id, so resumption is unaffected.
  const keepAlive = setInterval(() => {
    if (!res.writableEnded && !res.destroyed) res.write(': keepalive\n\n');
  }, KEEPALIVE_MS);
  keepAlive.unref();
  // A client request's stream is held to its idle and total limits; GET streams are not.
  const watchdog =
    ex.own && ex.timeouts
      ? sseWatchdog(ex.timeouts, ex.sentAt ?? Date.now(), () => discardBody(up.body))
      : undefined;
  const decoder = new TextDecoder('utf-8');
  let failed = false;
  let broken = false;
  try {
    for await (const chunk of up.body) {
      watchdog?.touch();
      parser.feed(decoder.decode(chunk as Buffer, { stream: true }));
      for (const item of items.splice(0)) {
        if (!(await relayItem(ex, item, cap))) {
          failed = true;
          break;
        }
      }
      if (failed || res.destroyed) break;
    }
  } catch (err) {
    // Upstream connection broke mid-stream: end ours too; the client may resume with GET.
    // (Not when we cut it: the client left, or the watchdog expired.)
    broken = !res.destroyed && !watchdog?.expired;
    logger.debug('upstream stream ended abnormally', {
      error: err instanceof Error ? err.name : 'unknown',
      ...logCorrelation(ex),
    });
  } finally {
    watchdog?.stop();
    clearInterval(keepAlive);
    res.off('close', onClose);
    discardBody(up.body);
  }
  if (!failed && pendingRetry !== undefined) await write(ex, `retry: ${pendingRetry}\n\n`);
  // The stream ended (timed out, cut, or closed cleanly) before the answer to the client's own
  // request passed: say so with a JSON-RPC error rather than end with an empty 200 stream.
  if (!failed && watchdog?.expired) {
    logger.warn('upstream SSE response timed out', {
      limit: watchdog.expired,
      ...logCorrelation(ex),
    });
    await failStream(ex, 'upstream_timeout');
  } else if (!failed && !res.destroyed) {
    // Answered, then the connection broke: the client has its answer, the record says error.
    if (broken && ex.own?.concluded) ex.own.note('error', 'upstream_error', ex.upstreamStatus);
    else await failStream(ex, 'upstream_incomplete');
  }
  // The client left first: the request was still allowed and forwarded (post.ts settles it so).
  if (!res.writableEnded) res.end();
}

/** Relays one parsed item; false means the stream was failed closed. */
async function relayItem(ex: Exchange, item: Item, cap: number): Promise<boolean> {
  if (item.kind === 'comment') return write(ex, `:${item.text}\n\n`);
  if (item.kind === 'overflow') return failStream(ex, 'response_too_large');
  const { ev, retry } = item;
  if (ev.data === '') return write(ex, formatEvent({ ...ev, retry, data: '' }));
  if (Buffer.byteLength(ev.data) > cap) return failStream(ex, 'response_too_large');
  let message: unknown;
  try {
    message = parseUpstreamJson(ev.data, ex.policy.server.maxJsonDepth);
  } catch {
    return failStream(ex, 'upstream_error');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return failStream(ex, 'upstream_error');
  }
  const out = await processUpstreamMessage(ex, message as Record<string, unknown>, ev.data);
  // A dropped event keeps its id unsent: the upstream may replay it later, and we drop it again.
  if (out === null) return true;
  return write(ex, formatEvent({ id: ev.id, event: ev.event, retry, data: out }));
}

/**
 * Ends the client's own request with a JSON-RPC error on the stream, once (a no-op when it was
 * already answered, or for GET streams, which answer no request of their own).
 */
async function failStream(
  ex: Exchange,
  code: 'response_too_large' | 'upstream_error' | 'upstream_timeout' | 'upstream_incomplete',
): Promise<false> {
  const own = ex.own;
  if (code !== 'upstream_incomplete')
    logger.warn('SSE stream failed closed', { code, ...logCorrelation(ex) });
  if (own && !own.concluded && own.ctx.request.id !== undefined) {
    if (code === 'upstream_incomplete') {
      logger.warn('upstream ended the SSE response without answering', logCorrelation(ex));
    }
    own.note('error', code, ex.upstreamStatus);
    const rendered = renderDenial({ code, id: own.ctx.request.id, decisionId: ex.decisionId });
    // No `id:` on events the proxy writes itself.
    await write(ex, formatEvent({ event: 'message', data: JSON.stringify(rendered.body) }));
  }
  return false;
}

/**
 * The upstream leg (STYLE.md §2 step 5): one upstream HTTP exchange per downstream exchange, on the
 * same MCP session. undici rather than http-proxy-middleware because we always re-serialize the
 * body policy evaluated and stream SSE ourselves, so HPM's piping would only get in the way.
 *
 * Headers are forwarded from an allow-list, never copied wholesale: the client's `Authorization`
 * and `Cookie` must never reach the upstream (the upstream gets the proxy's own credential), and
 * hop-by-hop headers cannot leak through by construction.
 */
import { EventEmitter } from 'node:events';
import { Agent, request, type Dispatcher } from 'undici';
import type { CompiledUpstream } from '../policy/compiled.js';

/** Request headers passed through to the upstream (lower-case). Everything else is dropped. */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'content-type',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
  'mcp-method',
  'mcp-name',
  'user-agent',
];

/** W3C trace context (https://www.w3.org/TR/trace-context/), forwarded only when well formed. */
const TRACEPARENT = /^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/;
const TRACESTATE = /^[\x20-\x7e]{1,512}$/;

/** Response headers passed back to the client (lower-case); length/encoding are recomputed. */
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'mcp-session-id', 'cache-control', 'allow'];

export type HeaderMap = Readonly<Record<string, string | string[] | undefined>>;

/** Builds the upstream request headers from the client's headers and the policy. */
export function upstreamRequestHeaders(
  clientHeaders: HeaderMap,
  upstream: CompiledUpstream,
  overrides: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const v = clientHeaders[name];
    if (typeof v === 'string') out[name] = v;
  }
  // The client's trace goes on upstream (with tracing on, forward.ts replaces `traceparent` with
  // the proxy's own upstream span as parent and keeps `tracestate`).
  const tp = clientHeaders.traceparent;
  if (typeof tp === 'string' && TRACEPARENT.test(tp)) {
    out.traceparent = tp;
    const ts = clientHeaders.tracestate;
    if (typeof ts === 'string' && TRACESTATE.test(ts)) out.tracestate = ts;
  }
  // 2026-07-28 `Mcp-Param-*` headers: intermediaries MUST forward unknown ones (mcp-protocol.md §1.13).
  for (const [name, v] of Object.entries(clientHeaders)) {
    if (name.startsWith('mcp-param-') && typeof v === 'string') out[name] = v;
  }
  // Keep this order: policy credential after client headers, so a client cannot override it.
  for (const [name, v] of Object.entries(upstream.headers)) out[name.toLowerCase()] = v;
  // Identity encoding: undici decodes gzip but keeps the old headers.
  out['accept-encoding'] = 'identity';
  for (const [name, v] of Object.entries(overrides)) out[name] = v;
  return out;
}

/** Response headers to relay to the client, from an allow-list (no hop-by-hop, no Set-Cookie). */
export function relayResponseHeaders(headers: HeaderMap): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const v = headers[name];
    if (typeof v === 'string') out[name] = v;
  }
  return out;
}

/** One reusable connection pool per upstream configuration. */
export class UpstreamClient {
  private readonly agent: Agent;
  /** Origin and path, split once: undici's top-level `request(url)` re-parses a URL per call. */
  private readonly origin: string;
  private readonly path: string;

  constructor(private readonly cfg: CompiledUpstream) {
    this.origin = cfg.url.origin;
    this.path = cfg.url.pathname + cfg.url.search;
    this.agent = new Agent({
      connect: { timeout: cfg.connectTimeoutMs },
      // 0 disables undici's own cuts (300 s body idle): forward.ts times headers and JSON
      // bodies per request (per-tool timeouts may exceed upstream.timeout_ms), and sse.ts holds
      // SSE responses to their idle and total limits (src/proxy/upstream-timeouts.ts).
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  }

  get config(): CompiledUpstream {
    return this.cfg;
  }

  /** Sends one request upstream. Rejects on connect failure or header timeout. */
  send(opts: {
    method: 'GET' | 'POST' | 'DELETE';
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal | UpstreamCancel;
  }): Promise<Dispatcher.ResponseData> {
    return this.agent.request({
      origin: this.origin,
      path: this.path,
      method: opts.method,
      headers: opts.headers,
      body: opts.body,
      signal: opts.signal,
    });
  }

  /** Resolves true if the upstream answers HTTP at all within the connect timeout. */
  async reachable(): Promise<boolean> {
    try {
      const res = await request(this.cfg.url, {
        // HEAD: any HTTP answer proves reachability, and it can never open an SSE stream.
        method: 'HEAD',
        headers: upstreamHeadersOnly(this.cfg),
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.cfg.connectTimeoutMs),
      });
      discardBody(res.body);
      return true;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}

/**
 * The cancel handle of one upstream exchange, given to undici as its `signal`. undici accepts an
 * EventEmitter there and reads `aborted` and `reason` as it does on an AbortSignal
 * (undici/lib/api/api-request.js), so a timed-out or abandoned request fails the same way. An
 * AbortController with its EventTarget listener cost 8.7 µs per request, this 0.2 µs
 * (`npm run bench:micro`, "upstream cancel handle" rows, load ~14).
 */
export class UpstreamCancel extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  /** Aborts once, like `AbortController.abort(reason)`. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }
}

/** Stops reading an upstream body without an unhandled 'error' event (undici emits AbortError). */
export function discardBody(body: {
  on(ev: 'error', fn: () => void): unknown;
  destroy(): unknown;
}): void {
  body.on('error', () => undefined);
  body.destroy();
}

function upstreamHeadersOnly(cfg: CompiledUpstream): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(cfg.headers)) out[k.toLowerCase()] = v;
  return out;
}

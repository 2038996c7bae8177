/**
 * Time limits on receiving a client request (`server.caps.body_idle_timeout_ms`,
 * `body_timeout_ms`). A client that trickles its body or sends half of it and goes silent would
 * otherwise hold a socket and a pending exchange forever.
 *
 * Two layers: post.ts reads the body under both limits and, when one passes, answers 408 with a
 * JSON-RPC `request_timeout` error and closes the connection; node's own `requestTimeout` (set a
 * little later than the policy's limit, checked every second) is the backstop for every other
 * route and for bodies nobody reads (e.g. after a 401), and `headersTimeout` bounds the headers.
 * Node applies both only until the request is complete, so long SSE responses are unaffected.
 */
import type http from 'node:http';
import type { CompiledPolicy } from '../policy/compiled.js';

/** Node checks its request and header timeouts this often. */
export const CONNECTION_CHECK_MS = 1_000;
/** The backstop fires this long after the policy's limit, so post.ts answers first. */
const BACKSTOP_SLACK_MS = 2 * CONNECTION_CHECK_MS;

/**
 * Sets node's request/header timeouts from the current policy (a reload may change them; the
 * assignment is skipped when nothing changed).
 */
export function applyNodeTimeouts(server: http.Server, policy: CompiledPolicy): void {
  const { totalMs } = policy.server.bodyTimeouts;
  const request = totalMs + BACKSTOP_SLACK_MS;
  if (server.requestTimeout === request) return;
  server.requestTimeout = request;
  server.headersTimeout = Math.min(request, 30_000);
}

/** Raised by readCapped when a body limit passes. */
export class BodyTimeoutError extends Error {
  constructor(readonly limit: 'idle' | 'total') {
    super(`request body ${limit} timeout`);
    this.name = 'BodyTimeoutError';
  }
}

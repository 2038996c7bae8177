/**
 * Checks the proxy makes on every HTTP request before any JSON is read: Host and Origin (DNS
 * rebinding, the MCP transport specification), protocol-version and 2026-07-28 header/body
 * consistency (§1.13), and the helpers that write local answers.
 */
import type { ServerResponse as Response } from 'node:http';
import type { ClassifiedRequest } from '../core/jsonrpc.js';
import type { CompiledServer } from '../policy/compiled.js';
import type { RenderedDenial } from './denial.js';
import { decodeMcpHeaderValue } from '../guards/system/param-headers.js';
import { endWithMessage } from './sse-event.js';

// The header value codec lives with the Mcp-Param system guard; re-exported for the proxy.
export { decodeMcpHeaderValue, encodeMcpHeaderValue } from '../guards/system/param-headers.js';

export const DECISION_HEADER = 'mcp-guard-decision-id';

const LOOPBACK_HOSTNAMES = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Versions whose traffic the proxy understands (SDK 1.32 list plus 2026-07-28, body is truth). */
export const KNOWN_PROTOCOL_VERSIONS = new Set([
  '2024-10-07',
  '2024-11-05',
  '2025-03-26',
  '2025-06-18',
  '2025-11-25',
  '2026-07-28',
]);

function hostnameOf(hostPort: string): string {
  if (hostPort.startsWith('[')) return hostPort.slice(0, hostPort.indexOf(']') + 1);
  const i = hostPort.lastIndexOf(':');
  return i === -1 ? hostPort : hostPort.slice(0, i);
}

/**
 * True if `Host` is allowed. An entry without a port allows any port. An empty allow-list means
 * loopback names only (fail closed: a wildcard must be configured explicitly, never implied).
 */
export function hostAllowed(host: string | undefined, server: CompiledServer): boolean {
  if (!host || host.includes(',') || /\s/.test(host)) return false;
  const h = host.toLowerCase();
  const name = hostnameOf(h);
  if (server.allowedHosts.size === 0) return LOOPBACK_HOSTNAMES.has(name);
  return server.allowedHosts.has(h) || server.allowedHosts.has(name);
}

/**
 * True if `Origin` is acceptable: absent (non-browser clients), or an exact allow-listed origin.
 * With an empty allow-list only loopback origins pass. `null` (sandboxed frames) never passes.
 */
export function originAllowed(origin: string | undefined, server: CompiledServer): boolean {
  if (origin === undefined) return true;
  if (server.allowedOrigins.size > 0) return server.allowedOrigins.has(origin);
  try {
    const u = new URL(origin);
    return (
      (u.protocol === 'http:' || u.protocol === 'https:') && LOOPBACK_HOSTNAMES.has(u.hostname)
    );
  } catch {
    return false;
  }
}

/**
 * Writes a locally rendered denial as `application/json` with an exact byte length, plus the
 * denial's own headers (Retry-After): the response holds exactly this one denial.
 */
export function sendDenial(
  res: Response,
  rendered: RenderedDenial,
  extraHeaders: Record<string, string> = {},
): void {
  const text = JSON.stringify(rendered.body);
  // The proxy already answered with an event stream (an in-band confirmation asked first).
  if (res.headersSent) return endWithMessage(res, text);
  res.statusCode = rendered.status;
  for (const [k, v] of Object.entries({ ...rendered.headers, ...extraHeaders }))
    res.setHeader(k, v);
  res.setHeader('content-type', 'application/json');
  res.setHeader('content-length', Buffer.byteLength(text));
  res.end(text);
}

/** The name the 2026-07-28 `Mcp-Name` header must mirror for this request, if any. */
export function mirroredName(req: ClassifiedRequest): string | undefined {
  if (req.method === 'tools/call') return req.toolName;
  if (req.method === 'prompts/get') return req.promptName;
  if (req.method === 'resources/read') return req.resourceUri;
  return undefined;
}

/**
 * Header/body consistency for 2026-07-28 style requests: the body is the truth, and any
 * disagreement is rejected (-32020) rather than letting the header steer routing or policy.
 */
export function headersMatchBody(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  req: ClassifiedRequest,
): boolean {
  const method = headers['mcp-method'];
  const name = headers['mcp-name'];
  if (method === undefined && name === undefined) return true;
  if (typeof method !== 'string' || method !== req.method) return false;
  const expected = mirroredName(req);
  if (expected === undefined) return name === undefined;
  if (typeof name !== 'string') return false;
  return decodeMcpHeaderValue(name) === expected;
}

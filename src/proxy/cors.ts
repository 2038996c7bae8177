/**
 * CORS for browser MCP clients (mcp-protocol.md §1.9). CORS is not access control — the Origin
 * allow-list in http-checks.ts is — but without it a browser client cannot read `Mcp-Session-Id`
 * or send `Authorization`. Only origins that pass `originAllowed` ever get CORS headers.
 */
import type { IncomingMessage as Request, ServerResponse as Response } from 'node:http';
import type { CompiledServer } from '../policy/compiled.js';
import { renderDenial } from './denial.js';
import { DECISION_HEADER, hostAllowed, originAllowed, sendDenial } from './http-checks.js';

const ALLOWED_REQUEST_HEADERS = new Set([
  'content-type',
  'accept',
  'authorization',
  'mcp-session-id',
  'mcp-protocol-version',
  'last-event-id',
  'mcp-method',
  'mcp-name',
]);

/** Adds CORS response headers for an allowed `Origin` (actual requests, not preflight). */
export function applyCors(req: Request, res: Response, server: CompiledServer): void {
  const origin = req.headers.origin;
  res.setHeader(
    'access-control-expose-headers',
    `mcp-session-id, www-authenticate, ${DECISION_HEADER}`,
  );
  if (origin === undefined || !originAllowed(origin, server)) return;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
}

/** Answers an OPTIONS preflight on the MCP endpoint. */
export function handlePreflight(req: Request, res: Response, server: CompiledServer): void {
  const origin = req.headers.origin;
  if (!hostAllowed(req.headers.host, server)) {
    return sendDenial(res, renderDenial({ code: 'forbidden_host', id: null, decisionId: '' }));
  }
  if (origin === undefined || !originAllowed(origin, server)) {
    return sendDenial(res, renderDenial({ code: 'forbidden_origin', id: null, decisionId: '' }));
  }
  const asked = String(req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter((h) => h && (ALLOWED_REQUEST_HEADERS.has(h) || /^mcp-param-[a-z0-9-]+$/.test(h)));
  res.statusCode = 204;
  res.setHeader('access-control-allow-origin', origin);
  res.setHeader('vary', 'Origin');
  res.setHeader('access-control-allow-methods', 'GET, POST, DELETE');
  res.setHeader('access-control-allow-headers', [...ALLOWED_REQUEST_HEADERS, ...asked].join(', '));
  res.setHeader('access-control-max-age', '600');
  res.end();
}

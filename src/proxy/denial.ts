/**
 * The one function that turns a denial code into an HTTP status and a JSON-RPC error body
 * (STYLE.md §3 "one function renders them", §5). Nothing else in the proxy writes error bodies.
 */
import { DENIALS, type DenialCode } from '../core/denials.js';
import type { JsonRpcId } from '../core/jsonrpc.js';
import { errorBody, type JsonRpcErrorBody } from './jsonrpc.js';

export interface RenderedDenial {
  status: number;
  body: JsonRpcErrorBody;
  /**
   * HTTP headers for when this denial is the whole response (sendDenial writes them): e.g.
   * `Retry-After` in whole seconds, rounded up, from `data.retryAfterMs` (RFC 9110 §10.2.3).
   */
  headers?: Record<string, string>;
}

export interface DenialInput {
  code: DenialCode;
  id: JsonRpcId | null;
  decisionId: string;
  /** Client-safe text; defaults to the table text. */
  publicMessage?: string;
  /** Extra client-safe `error.data` (e.g. `{ retryAfterMs }`). */
  data?: Record<string, unknown>;
  /** For `unknown_tool`: the tool name the client asked for. */
  toolName?: string;
  /** For `unknown_prompt`: the prompt name; for `unknown_resource`: the URI. */
  promptName?: string;
  resourceUri?: string;
  /** Overrides the table's HTTP status (e.g. an upstream 4xx relayed with a clean body). */
  status?: number;
}

/**
 * Renders a denial. `unknown_tool` is deliberately bare — `{code: -32602, message: 'Unknown tool:
 * NAME'}` with no `data` — so a hidden tool is indistinguishable from a missing one.
 * @example renderDenial({ code: 'rate_limited', id: 7, decisionId: 'd1' }).body.error.code // -32003
 */
export function renderDenial(input: DenialInput): RenderedDenial {
  const row = DENIALS[input.code];
  // Hidden things look exactly like missing things: no decision id, no denial code.
  if (input.code === 'unknown_tool') {
    return {
      status: row.http,
      body: errorBody(input.id, row.rpc, `Unknown tool: ${input.toolName ?? ''}`),
    };
  }
  if (input.code === 'unknown_prompt') {
    return {
      status: row.http,
      body: errorBody(input.id, row.rpc, `Unknown prompt: ${input.promptName ?? ''}`),
    };
  }
  if (input.code === 'unknown_resource') {
    // The spec's own example of a missing resource: -32002 with `data.uri`.
    const data = input.resourceUri !== undefined ? { uri: input.resourceUri } : undefined;
    return { status: row.http, body: errorBody(input.id, row.rpc, row.message, data) };
  }
  // Keep this order: guard data first, then our fields, so a guard cannot spoof code/decisionId.
  const data = { ...(input.data ?? {}), code: input.code, decisionId: input.decisionId };
  const rendered: RenderedDenial = {
    status: input.status ?? row.http,
    body: errorBody(input.id, row.rpc, input.publicMessage ?? row.message, data),
  };
  const retryMs = input.data?.retryAfterMs;
  if (typeof retryMs === 'number' && Number.isFinite(retryMs) && retryMs >= 0) {
    rendered.headers = { 'retry-after': String(Math.ceil(retryMs / 1000)) };
  }
  return rendered;
}

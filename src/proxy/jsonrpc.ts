/**
 * Parse once, classify once (STYLE.md §2 step 3).
 *
 * Decisions written down here:
 * - request vs notification is decided by the *presence* of `id` (0 and "" are ids);
 *   `id: null` on a request is invalid, ids are strings or safe integers;
 * - `jsonrpc` must be exactly "2.0";
 * - batches (JSON arrays) are rejected with -32600: batching exists only in 2025-03-26, and
 *   applying policy element by element and merging answers adds a bypass surface for no client
 *   we serve (the SDK 1.32 client never batches);
 * - tools/call and prompts/get need a string `params.name`, resources/read a string `params.uri`,
 *   and `arguments` must be an object when present: anything else could be authorized as one
 *   thing and executed as another.
 */
import type { ClassifiedRequest, JsonRpcId, JsonRpcMessage } from '../core/jsonrpc.js';
import type { DenialCode } from '../core/denials.js';
import { parseStrictJson, StrictJsonError, type StrictJsonErrorKind } from './strict-json.js';
import type { JsonCaps } from '../policy/compiled.js';

const PARSE_CODES: Record<StrictJsonErrorKind, DenialCode> = {
  syntax: 'parse_error',
  depth: 'json_too_deep',
  duplicate_key: 'duplicate_json_key',
  forbidden_key: 'forbidden_json_key',
  number: 'invalid_request',
  count: 'json_too_complex',
};

/** Why a body was refused before the guard chain (maps to a denial code). */
export class JsonRpcRejection extends Error {
  constructor(
    readonly code: DenialCode,
    readonly reason: string,
    /** The message id when it could be read (for error bodies), else null. */
    readonly id: JsonRpcId | null = null,
  ) {
    super(reason);
    this.name = 'JsonRpcRejection';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(o: object, k: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, k);
}

/** True for a JSON-RPC id the proxy accepts: a string or a safe integer. */
export function isValidId(v: unknown): v is JsonRpcId {
  return typeof v === 'string' || (typeof v === 'number' && Number.isSafeInteger(v));
}

/**
 * Parses and classifies one client → server body. Throws JsonRpcRejection.
 * @example parseClientBody('{"jsonrpc":"2.0","id":1,"method":"ping"}', 32).kind // 'request'
 */
export function parseClientBody(
  text: string,
  maxDepth: number,
  caps?: Readonly<JsonCaps>,
): ClassifiedRequest {
  let value: unknown;
  try {
    value = parseStrictJson(text, { maxDepth, ...caps });
  } catch (err) {
    if (err instanceof StrictJsonError) {
      throw new JsonRpcRejection(PARSE_CODES[err.kind], err.kind);
    }
    throw err;
  }
  if (Array.isArray(value)) throw new JsonRpcRejection('batch_not_supported', 'batch');
  return classifyMessage(value);
}

/** Classifies an already-parsed client message (also used on rewritten messages). */
export function classifyMessage(value: unknown): ClassifiedRequest {
  if (!isRecord(value)) throw new JsonRpcRejection('invalid_request', 'not_an_object');
  const hasId = has(value, 'id');
  const id = value.id;
  if (hasId && !isValidId(id)) throw new JsonRpcRejection('invalid_request', 'invalid_id');
  const rid = hasId ? (id as JsonRpcId) : null;
  if (value.jsonrpc !== '2.0')
    throw new JsonRpcRejection('invalid_request', 'invalid_jsonrpc', rid);

  if (has(value, 'method')) {
    if (typeof value.method !== 'string' || value.method.length === 0) {
      throw new JsonRpcRejection('invalid_request', 'invalid_method', rid);
    }
    if (has(value, 'result') || has(value, 'error')) {
      throw new JsonRpcRejection('invalid_request', 'ambiguous_message', rid);
    }
    if (has(value, 'params') && !isRecord(value.params)) {
      throw new JsonRpcRejection('invalid_request', 'invalid_params', rid);
    }
    const out: ClassifiedRequest = {
      kind: hasId ? 'request' : 'notification',
      method: value.method,
      message: value,
    };
    if (hasId) out.id = id as JsonRpcId;
    classifyParams(out, isRecord(value.params) ? value.params : undefined, rid);
    return out;
  }
  if (!hasId) throw new JsonRpcRejection('invalid_request', 'missing_method');
  if (has(value, 'result') === has(value, 'error')) {
    throw new JsonRpcRejection('invalid_request', 'invalid_response', rid);
  }
  return { kind: 'response', id: id as JsonRpcId, message: value };
}

function classifyParams(
  out: ClassifiedRequest,
  params: Record<string, unknown> | undefined,
  rid: JsonRpcId | null,
): void {
  const m = out.method;
  if (m === 'tools/call' || m === 'prompts/get') {
    if (!params || typeof params.name !== 'string') {
      throw new JsonRpcRejection('invalid_request', 'non_string_name', rid);
    }
    if (m === 'tools/call') out.toolName = params.name;
    else out.promptName = params.name;
    if (has(params, 'arguments')) {
      if (!isRecord(params.arguments)) {
        throw new JsonRpcRejection('invalid_request', 'invalid_arguments', rid);
      }
      out.arguments = params.arguments;
    }
  } else if (m === 'resources/read' || m === 'resources/subscribe') {
    if (!params || typeof params.uri !== 'string') {
      throw new JsonRpcRejection('invalid_request', 'non_string_uri', rid);
    }
    out.resourceUri = params.uri;
  }
}

/**
 * True for a method a client may send as a notification (no `id`). Every MCP notification, in
 * every revision, is named `notifications/…` (mcp-protocol.md §2.1); anything else without an
 * `id` is a request method sent so that it gets no answer: such a message has no JSON-RPC id to
 * deny against, and a `tools/call` sent that way would otherwise reach the upstream with no
 * response for the guard to see.
 * @example isNotificationMethod('notifications/cancelled') // true
 */
export function isNotificationMethod(method: string): boolean {
  return method.startsWith('notifications/');
}

/** A JSON-RPC error object as sent on the wire. */
export interface JsonRpcErrorBody {
  jsonrpc: '2.0';
  id: JsonRpcId | null;
  error: { code: number; message: string; data?: Record<string, unknown> };
}

/** Builds a JSON-RPC error body (the only shape the proxy writes for errors). */
export function errorBody(
  id: JsonRpcId | null,
  code: number,
  message: string,
  data?: Record<string, unknown>,
): JsonRpcErrorBody {
  const error: JsonRpcErrorBody['error'] = { code, message };
  if (data) error.data = data;
  return { jsonrpc: '2.0', id, error };
}

/** The id of a parsed message when it is a valid id, else undefined. */
export function messageId(msg: JsonRpcMessage): JsonRpcId | undefined {
  return has(msg, 'id') && isValidId(msg.id) ? msg.id : undefined;
}

/** Correlation key that keeps `1` and `"1"` apart. */
export function idKey(id: JsonRpcId): string {
  return typeof id === 'number' ? `n:${id}` : `s:${id}`;
}

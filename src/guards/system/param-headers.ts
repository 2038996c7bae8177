/**
 * 2026-07-28 `Mcp-Param-*` headers (mcp-protocol.md §1.13): tool parameters marked
 * `x-mcp-header` are mirrored as `Mcp-Param-{Name}`; the upstream rejects a disagreement with
 * `-32020`. The proxy does not know the `x-mcp-header` names (they live in each tool's
 * inputSchema), so it relies on the convention that `{Name}` is the argument's name, compared
 * case-insensitively (header names are), and decides:
 *
 * - on the way in: a header whose name matches an argument must carry that argument's value, else
 *   `header_mismatch` (the body is the truth; a header must not steer routing or policy); a header
 *   that matches no argument is forwarded untouched (intermediaries MUST forward unknown ones);
 * - on the way out, when a guard or argument injection changed `arguments`: each matching header
 *   is re-written to the new value (dropped when the argument is gone); a header the proxy cannot
 *   map to an argument (name differs from every argument, ambiguous, or a non-scalar value) makes
 *   the request fail closed with `header_rewrite_conflict` (400, -32020) — forwarding a possibly
 *   stale mirror of a rewritten value is exactly a parser differential between guard and upstream.
 */
import canonicalizeImport from 'canonicalize';
import { CONTINUE, type RequestContext, type Verdict } from '../../core/guard.js';
import type { ClassifiedRequest, JsonRpcMessage } from '../../core/jsonrpc.js';
import type { SystemGuard, TransportFacts } from './system-guard.js';

const canonicalize = canonicalizeImport as unknown as (value: unknown) => string | undefined;
const PREFIX = 'mcp-param-';

/** Decodes an `Mcp-Name` value: plain ASCII, or the `=?base64?…?=` sentinel form (§1.13). */
export function decodeMcpHeaderValue(v: string): string | undefined {
  const m = /^=\?base64\?([A-Za-z0-9+/=]*)\?=$/.exec(v);
  if (!m) return v;
  const buf = Buffer.from(m[1]!, 'base64');
  if (buf.toString('base64') !== m[1]) return undefined;
  return buf.toString('utf8');
}

/** Encodes a name for `Mcp-Name`: plain when printable ASCII, else the Base64 sentinel. */
export function encodeMcpHeaderValue(v: string): string {
  return /^[\x20-\x7e]*$/.test(v) && !v.startsWith('=?')
    ? v
    : `=?base64?${Buffer.from(v, 'utf8').toString('base64')}?=`;
}

type Headers = Readonly<Record<string, string | string[] | undefined>>;
type Args = Readonly<Record<string, unknown>> | undefined;

/** Lower-cased `mcp-param-*` header names present on a request. */
export function paramHeaderNames(headers: Headers): string[] {
  return Object.keys(headers).filter((h) => h.toLowerCase().startsWith(PREFIX));
}

/** The argument keys a header name mirrors (case-insensitive); more than one is ambiguous. */
function argKeysFor(header: string, args: Args): string[] {
  if (!args) return [];
  const want = header.toLowerCase().slice(PREFIX.length);
  return Object.keys(args).filter((k) => k.toLowerCase() === want);
}

/** Header text for a scalar argument value; undefined for values a header cannot mirror. */
export function paramHeaderValue(v: unknown): string | undefined {
  if (typeof v === 'string') return encodeMcpHeaderValue(v);
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') return String(v);
  return undefined;
}

/** Decodes a header value; a value that starts like the Base64 sentinel must be a valid one. */
function decodeParam(raw: string): string | undefined {
  if (raw.startsWith('=?') && !/^=\?base64\?[A-Za-z0-9+/=]*\?=$/.test(raw)) return undefined;
  return decodeMcpHeaderValue(raw);
}

/** True when every `Mcp-Param-*` header that names an argument carries exactly its value. */
export function paramHeadersMatchBody(headers: Headers, args: Args): boolean {
  for (const h of paramHeaderNames(headers)) {
    const raw = headers[h];
    if (typeof raw !== 'string') return false; // repeated header: joined or array, never trusted
    const keys = argKeysFor(h, args);
    if (keys.length === 0) continue; // unknown to us: forwarded untouched
    if (keys.length > 1) return false;
    const v = args![keys[0]!];
    const decoded = decodeParam(raw);
    const expected = paramHeaderValue(v);
    if (decoded === undefined || expected === undefined) return false;
    if (decoded !== decodeMcpHeaderValue(expected)) return false;
  }
  return true;
}

/** Result of syncParamHeaders: headers to set and drop, or the header that cannot be mapped. */
export type ParamSync =
  | { kind: 'ok'; set: Record<string, string>; drop: string[] }
  | { kind: 'conflict'; header: string };

/**
 * Re-syncs `Mcp-Param-*` headers after `before` (what the client sent) became `after` (what is
 * forwarded). Nothing to do when the arguments are unchanged or no such header was sent.
 */
export function syncParamHeaders(headers: Headers, before: Args, after: Args): ParamSync {
  const names = paramHeaderNames(headers);
  const none: ParamSync = { kind: 'ok', set: {}, drop: [] };
  if (names.length === 0) return none;
  if (canonicalize(before ?? {}) === canonicalize(after ?? {})) return none;
  const set: Record<string, string> = {};
  const drop: string[] = [];
  for (const h of names) {
    const keys = [...new Set([...argKeysFor(h, before), ...argKeysFor(h, after)])];
    if (keys.length !== 1) return { kind: 'conflict', header: h };
    const key = keys[0]!;
    if (!after || !Object.prototype.hasOwnProperty.call(after, key)) {
      drop.push(h);
      continue;
    }
    const value = paramHeaderValue(after[key]);
    if (value === undefined) return { kind: 'conflict', header: h };
    set[h.toLowerCase()] = value;
  }
  return { kind: 'ok', set, drop };
}

/** The re-sync for the message about to be forwarded (tools/call only; `outgoing` is rewritten). */
export function paramSyncFor(
  headers: Headers,
  parsed: ClassifiedRequest,
  outgoing: JsonRpcMessage,
): ParamSync {
  if (parsed.method !== 'tools/call') return { kind: 'ok', set: {}, drop: [] };
  const params = outgoing.params as Record<string, unknown> | undefined;
  const after = params?.arguments;
  const afterArgs =
    after !== null && typeof after === 'object' && !Array.isArray(after)
      ? (after as Record<string, unknown>)
      : undefined;
  return syncParamHeaders(headers, parsed.arguments, afterArgs);
}

/** Applies a successful sync to the outgoing upstream header object (in place). */
export function applyParamSync(out: Record<string, string>, sync: ParamSync): void {
  if (sync.kind !== 'ok') return;
  for (const h of sync.drop) delete out[h.toLowerCase()];
  for (const [h, v] of Object.entries(sync.set)) out[h] = v;
}

/**
 * `mcp-param-headers` system guard: on a tools/call, a `Mcp-Param-*` header that names an
 * argument must carry exactly its value (`header_mismatch`): the body is the truth, a header
 * must not steer routing or policy at the upstream.
 */
export const paramHeadersGuard: SystemGuard = {
  name: 'mcp-param-headers',
  onRequest(ctx: RequestContext, t: TransportFacts): Verdict {
    const req = ctx.request;
    if (req.method !== 'tools/call' || paramHeadersMatchBody(t.headers, req.arguments)) {
      return CONTINUE;
    }
    return { kind: 'deny', code: 'header_mismatch', reason: 'Mcp-Param header disagrees' };
  },
};

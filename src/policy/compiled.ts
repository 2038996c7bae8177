/**
 * The compiled, frozen form of a policy (STYLE.md §4): everything a request needs is a lookup.
 * Produced by src/policy/compile.ts before the proxy listens; swapped as one reference on reload.
 */
import type { Guard } from '../core/guard.js';
import type { AuthRequest, AuthResult } from '../guards/authn/authenticator.js';
import type { ToolDefinitions } from '../guards/tool-catalog/definitions.js';
import type { CompiledRbac } from '../guards/rbac/compile.js';
import type { TransportCaps } from '../guards/system/index.js';
import type { Principal } from '../core/principal.js';
import type { Outcome, PrincipalLike } from './stateless.js';

/**
 * Count caps for one client message (`server.caps` `max_json_members`, `max_json_elements`,
 * `max_json_values`). Size and depth caps alone let a 1.4 MB body carry 100k argument keys: every
 * later stage (guards, audit masking, digests, re-serialization) is linear in the number of
 * values, so the count is the work budget of a request. The strict parser enforces it while
 * reading (src/proxy/strict-json.ts), before any other stage runs; `npm run bench:abuse`
 * measures what a request at the caps costs.
 */
export interface JsonCaps {
  /** Most members in one object. */
  maxMembers: number;
  /** Most elements in one array. */
  maxElements: number;
  /** Most values (scalars, objects, arrays) in the whole message. */
  maxValues: number;
}

/** Time limits on receiving a client request (src/proxy/body-timeouts.ts). */
export interface BodyTimeouts {
  idleMs: number;
  totalMs: number;
}

/** The Prometheus endpoint (`server.metrics`). */
export interface MetricsSettings {
  enabled: boolean;
  path: string;
  requireAuth: boolean;
}

/** `server.caps` / `server.metrics` resolved (src/policy/compile-server-limits.ts). */
export interface ServerLimits {
  jsonCaps: JsonCaps;
  /** Stream and notification caps the admission guards judge. */
  transportCaps: TransportCaps;
  bodyTimeouts: BodyTimeouts;
  metrics: MetricsSettings;
}

export interface CompiledServer extends ServerLimits {
  host: string;
  port: number;
  /** MCP endpoint path, e.g. `/mcp`. */
  path: string;
  /** Lower-cased `host[:port]` values accepted in `Host` (DNS-rebinding protection). */
  allowedHosts: ReadonlySet<string>;
  /** Exact origins accepted in `Origin`; a request without `Origin` is allowed (non-browser). */
  allowedOrigins: ReadonlySet<string>;
  maxBodyBytes: number;
  maxJsonDepth: number;
  maxResponseBytes: number;
  maxSseEventBytes: number;
  sessionTtlMs: number;
  /** HTTPS listener settings (server.tls); read once at start, the files on change. */
  tls?: CompiledTls;
}

export interface CompiledTls {
  certFile: string;
  keyFile: string;
  clientCaFile?: string;
  clientAuth: 'required' | 'optional';
  minVersion: 'TLSv1.2' | 'TLSv1.3';
}

/** The upstream timeouts that apply to one request (src/policy/compile-timeouts.ts). */
export interface UpstreamTimeouts {
  /** Until response headers, and for a whole JSON body. */
  timeoutMs: number;
  /** Longest silence on an SSE response to a client request. */
  sseIdleMs: number;
  /** Longest SSE response to a client request, from the moment it was sent. */
  sseTotalMs: number;
}

export interface CompiledUpstream {
  url: URL;
  /** Headers the proxy adds upstream (its own credential); secrets already resolved. */
  headers: Readonly<Record<string, string>>;
  /** Arguments injected into tools/call for matching tools (e.g. Pro's `token`/`url`). */
  injectArguments: (toolName: string) => Readonly<Record<string, string>> | undefined;
  connectTimeoutMs: number;
  timeoutMs: number;
  /**
   * Timeouts of one tools/call (per-tool overrides applied), or of any other request when `tool`
   * is undefined. Optional for hand-built policies: src/proxy/upstream-timeouts.ts defaults it.
   */
  timeoutsFor?: (tool: string | undefined) => UpstreamTimeouts;
  /** Secret values that must never appear in a response to the client (redacted if they do). */
  secrets: readonly string[];
  caFile?: string;
}

export interface CompiledPolicy {
  /** SHA-256 over the policy source files, stamped on every audit record. */
  revision: string;
  files: readonly string[];
  mode: 'enforce' | 'shadow';
  server: CompiledServer;
  upstream: CompiledUpstream;
  authenticate(req: AuthRequest): Promise<AuthResult>;
  /** RFC 9728 protected-resource metadata document, served at /.well-known/oauth-protected-resource. */
  protectedResourceMetadata: Readonly<Record<string, unknown>>;
  /**
   * The same document with `resource` derived from the request's (already validated) `Host` when
   * the policy does not set `auth.resource_metadata.resource` (e.g. `--port 0`). Prefer this one.
   */
  resourceMetadataFor?(req: AuthRequest): Readonly<Record<string, unknown>>;
  isMutatingTool(toolName: string): boolean;
  /** The upstream's tool definitions (shared catalog; the proxy's own tools/list when missing). */
  toolDefinitions?: ToolDefinitions;
  /** Built by src/policy/guard-registry.ts from the validated source. */
  guards: readonly Guard[];
  /** The compiled rbac section; undefined when the policy has none (or is built by hand). */
  rbac?: CompiledRbac;
  /** Tool names the policy spells out literally (src/policy/literal-tools.ts); absent: none. */
  literalTools?: ReadonlySet<string>;
  /**
   * What a principal authenticated by another policy becomes under this one
   * (src/policy/stateless.ts principalUnder); absent (built by hand): kept as is.
   */
  principalUnder?(p: PrincipalLike): Outcome | Principal;
  /** `--candidate`: decides every request in shadow, never enforces (src/proxy/candidate.ts). */
  candidate?: CompiledPolicy;
}

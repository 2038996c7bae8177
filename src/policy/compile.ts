/**
 * PolicyFile → frozen CompiledPolicy (STYLE.md §4). Everything a request needs becomes a lookup;
 * every unusable setting is an error collected with its dotted path, suspicious ones are warnings.
 */
import type { CompiledPolicy, CompiledServer, CompiledTls, CompiledUpstream } from './compiled.js';
import type { PolicyFile } from './schema.js';
import type { EnvUse } from './env.js';
import { compilePatternSet } from '../core/match.js';
import { compileUpstreamTimeouts } from './compile-timeouts.js';
import { createAuthenticator } from '../guards/authn/authenticator.js';
import { compiledRbacOf } from '../guards/rbac/guard.js';
import { rbacWarnings } from '../guards/rbac/compile.js';
import { buildGuards } from './guard-registry.js';
import type { GuardDeps } from '../guards/deps.js';
import { contentWarnings } from '../guards/content/warnings.js';
import { injectionWarnings } from '../guards/injection/schema.js';
import { sharedToolCatalog } from '../guards/tool-catalog/catalog.js';
import { ToolDefinitions, type ToolLister } from '../guards/tool-catalog/definitions.js';
import { NO_UPSTREAM, type UpstreamPortsFactory } from './upstream-ports.js';
import { compileMutatingClassifier } from './tool-classes.js';
import { protectionWarnings } from './protections.js';
import { isLoopbackHost } from '../shared/loopback.js';
import { compileServerLimits } from './compile-server-limits.js';
import { literalToolNames } from './literal-tools.js';
import { principalUnder, type PrincipalLike } from './stateless.js';

/** CLI overrides applied before compilation (they win over the file). */
export interface PolicyOverrides {
  host?: string;
  port?: number;
  upstreamUrl?: string;
  /** `--allowed-host` / `DOJO_GUARD_ALLOWED_HOSTS`: added to `server.allowed_hosts`. */
  allowedHosts?: readonly string[];
}

export interface CompileInput {
  source: PolicyFile;
  files: readonly string[];
  revision: string;
  envUses: readonly EnvUse[];
  env: NodeJS.ProcessEnv;
  deps: Omit<
    GuardDeps,
    'mode' | 'injectedArguments' | 'isMutatingTool' | 'toolDefinitions' | 'upstream'
  > & {
    /** Replaces the upstream tools/list fetch (policy tests have no upstream). */
    toolLister?: ToolLister;
    /** How the policy reaches the upstream (the proxy's, src/proxy/upstream-ports.ts); else none. */
    upstreamPorts?: UpstreamPortsFactory;
  };
  overrides?: PolicyOverrides;
  /** Validating without the runtime environment (`policy validate`): env-borne credentials may be missing. */
  offline?: boolean;
}

export { DEFAULT_MUTATING } from './tool-classes.js';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

export class PolicyCompileError extends Error {
  constructor(readonly issues: string[]) {
    super(`policy is invalid:\n  ${issues.join('\n  ')}`);
    this.name = 'PolicyCompileError';
  }
}

/**
 * Compiles a validated policy. Throws PolicyCompileError listing every problem.
 * @example const { policy, warnings } = compilePolicy({ source, files, revision, envUses, env, deps });
 */
export function compilePolicy(input: CompileInput): { policy: CompiledPolicy; warnings: string[] } {
  const { source, env } = input;
  const errors: string[] = [];
  const warnings: string[] = [];
  const host = input.overrides?.host ?? source.server.host;
  const port = input.overrides?.port ?? source.server.port;
  const loopback = isLoopbackHost(host);

  const extraHosts = input.overrides?.allowedHosts ?? [];
  let allowedHosts =
    source.server.allowed_hosts === undefined && extraHosts.length === 0
      ? undefined
      : [...(source.server.allowed_hosts ?? []), ...extraHosts];
  if (allowedHosts === undefined) {
    if (loopback) allowedHosts = LOOPBACK_NAMES;
    else
      errors.push(
        `server.allowed_hosts: required when binding to non-loopback address ${host} ` +
          '(list the Host names clients use in the policy, with --allowed-host NAME, or in ' +
          'DOJO_GUARD_ALLOWED_HOSTS=name1,name2)',
      );
  }
  const caps = source.server.caps;
  const server: CompiledServer = Object.freeze({
    host,
    port,
    path: source.server.path,
    allowedHosts: new Set((allowedHosts ?? []).map((h) => h.toLowerCase())),
    allowedOrigins: new Set(source.server.allowed_origins),
    maxBodyBytes: caps.max_body_bytes,
    maxJsonDepth: caps.max_json_depth,
    maxResponseBytes: caps.max_response_bytes,
    maxSseEventBytes: caps.max_sse_event_bytes,
    sessionTtlMs: caps.session_ttl_seconds * 1000,
    tls: compileTls(source.server.tls),
    ...compileServerLimits(source.server),
  });

  const upstream = compileUpstream(source, input, errors);

  let rbac: ReturnType<typeof compiledRbacOf>;
  try {
    rbac = compiledRbacOf(source.rbac);
  } catch (err) {
    errors.push((err as Error).message);
  }
  if (!source.rbac)
    warnings.push('rbac: section absent, every authenticated caller may call every tool');
  if (rbac) warnings.push(...rbacWarnings(rbac));
  // A `fact:` rule is decided by the finding-facts guard: without its section nothing would
  // decide it, and the rule would silently never apply.
  if (rbac && !source.findings) {
    for (const r of rbac.rules)
      if (r.needsFacts) errors.push(`rbac.rules ${r.id}: fact conditions need a findings section`);
  }
  if (rbac) {
    for (const r of rbac.rules)
      if (r.external !== undefined && !Object.hasOwn(source.decision_points ?? {}, r.external))
        errors.push(`rbac.rules ${r.id}: no decision point ${r.external} in decision_points`);
  }
  if (!source.findings) {
    for (const r of source.approvals?.rules ?? [])
      if (r.when.some((c) => c.fact !== undefined))
        errors.push(`approvals.rules ${r.id}: fact conditions need a findings section`);
  }
  warnings.push(...contentWarnings(source.content), ...injectionWarnings(source.injection));
  warnings.push(...protectionWarnings(source, env));
  const roles = new Set(Object.keys(source.rbac?.roles ?? {}));

  const authn = createAuthenticator({
    auth: source.auth,
    env,
    roles: source.rbac ? roles : new Set([...roles, ...collectRoleNames(source)]),
    server: {
      host,
      port,
      path: source.server.path,
      tls: server.tls && { clientCa: server.tls.clientCaFile !== undefined },
    },
    now: input.deps.now,
  });
  errors.push(...authn.errors);
  warnings.push(...authn.warnings);
  if (
    authn.methodCount === 0 &&
    !source.auth.allow_anonymous &&
    input.offline &&
    source.auth.env_bindings?.enabled
  ) {
    // `policy validate` without the runtime environment: the bindings come at deploy time.
    warnings.push(
      `auth: no ${source.auth.env_bindings.prefix}* variable in this environment; the proxy refuses to start without a credential`,
    );
  } else if (authn.methodCount === 0 && !source.auth.allow_anonymous) {
    errors.push(
      'auth: no authentication configured (tokens, env_bindings, jwt, client_certificates); set auth.allow_anonymous: true to run open',
    );
  }
  if (source.auth.allow_anonymous && !loopback) {
    warnings.push(`auth.allow_anonymous: anonymous access on non-loopback address ${host}`);
    input.deps.recorder.recordEvent({
      type: 'insecure_config',
      severity: 'warning',
      detail: { setting: 'auth.allow_anonymous', host },
    });
  }

  if (errors.length) throw new PolicyCompileError(errors);
  const { upstreamPorts, ...deps } = input.deps;
  const ports = upstreamPorts?.(upstream) ?? NO_UPSTREAM;
  const toolDefinitions = new ToolDefinitions(
    sharedToolCatalog,
    deps.toolLister ?? ports.toolLister,
    deps.now,
  );
  const isMutatingTool = compileMutatingClassifier(source.tools, (name) => {
    const def = toolDefinitions.known(name);
    return def && (def.annotations ?? {});
  });
  const injectors = source.upstream.inject_arguments.map((e) => ({
    tools: compilePatternSet(e.tools),
    names: Object.keys(e.arguments),
  }));
  const injectedArguments = (tool: string): string[] =>
    injectors.filter((i) => i.tools.allows(tool)).flatMap((i) => i.names);
  const guards = Object.freeze(
    buildGuards(source, {
      ...deps,
      mode: source.mode,
      injectedArguments,
      isMutatingTool,
      toolDefinitions,
      factSource:
        deps.factSource ??
        (source.findings &&
          ports.factSource(source.findings.lookup.tool, source.findings.lookup.id_argument)),
    }),
  );
  const policy: CompiledPolicy = Object.freeze({
    revision: input.revision,
    files: Object.freeze([...input.files]),
    mode: source.mode,
    server,
    upstream,
    authenticate: authn.authenticate,
    protectedResourceMetadata: authn.protectedResourceMetadata,
    resourceMetadataFor: authn.resourceMetadataFor,
    isMutatingTool,
    toolDefinitions,
    guards,
    rbac,
    literalTools: literalToolNames(source),
    principalUnder: (p: PrincipalLike) => principalUnder(source, p),
  });
  return { policy, warnings };
}

function compileTls(t: PolicyFile['server']['tls']): CompiledTls | undefined {
  if (!t) return undefined;
  return Object.freeze({
    certFile: t.cert_file,
    keyFile: t.key_file,
    clientCaFile: t.client_ca_file,
    clientAuth: t.client_auth,
    minVersion: t.min_version,
  });
}

/** Roles named by auth when there is no rbac section (every role is then unrestricted). */
function collectRoleNames(source: PolicyFile): string[] {
  const a = source.auth;
  const names = a.tokens.map((t) => t.role);
  if (a.anonymous_role) names.push(a.anonymous_role);
  if (a.jwt?.default_role) names.push(a.jwt.default_role);
  names.push(...Object.values(a.jwt?.role_map ?? {}));
  names.push(...a.client_certificates.map((c) => c.role));
  return names;
}

function compileUpstream(
  source: PolicyFile,
  input: CompileInput,
  errors: string[],
): CompiledUpstream {
  const u = source.upstream;
  const raw = input.overrides?.upstreamUrl ?? u.url;
  // Without a URL the proxy answers upstream_unavailable (`.invalid` never resolves, RFC 6761):
  // the CLI may still pass --upstream after loading.
  let url = new URL('http://upstream.invalid/mcp');
  if (raw !== undefined) {
    try {
      url = new URL(raw);
      if (url.protocol !== 'http:' && url.protocol !== 'https:')
        errors.push('upstream.url: must be http(s)');
    } catch {
      errors.push('upstream.url: not a URL');
    }
  }
  for (const h of Object.keys(u.headers)) {
    if (
      ['host', 'content-length', 'transfer-encoding', 'connection', 'cookie'].includes(
        h.toLowerCase(),
      )
    ) {
      errors.push(`upstream.headers.${h}: may not be set by policy`);
    }
  }
  const injectors = u.inject_arguments.map((e) => ({
    tools: compilePatternSet(e.tools),
    args: e.arguments,
  }));
  // Secrets: every env-resolved value under upstream.headers and inject_arguments (except `url`).
  const secrets = new Set<string>();
  for (const use of input.envUses) {
    const p = use.path.split('.');
    const isHeader = p[0] === 'upstream' && p[1] === 'headers';
    const isArg =
      p[0] === 'upstream' && p[1] === 'inject_arguments' && p[3] === 'arguments' && p[4] !== 'url';
    if ((isHeader || isArg) && use.value.length >= 4) secrets.add(use.value);
  }
  return Object.freeze({
    url,
    headers: Object.freeze({ ...u.headers }),
    injectArguments: (toolName: string) => {
      let out: Record<string, string> | undefined;
      for (const i of injectors) if (i.tools.allows(toolName)) out = { ...out, ...i.args };
      return out && Object.freeze(out);
    },
    connectTimeoutMs: u.connect_timeout_ms,
    timeoutMs: u.timeout_ms,
    timeoutsFor: compileUpstreamTimeouts(u),
    secrets: Object.freeze([...secrets]),
    caFile: u.ca_file,
  });
}

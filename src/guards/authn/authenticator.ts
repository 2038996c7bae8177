/**
 * Client authentication (the proxy is the OAuth resource server toward clients, mcp-protocol.md
 * §3.2). Runs before the guard chain on every request, sessions included. Order: static/env
 * tokens (constant time), then JWT when configured; without an Authorization header, a verified
 * client certificate (src/guards/authn/cert.ts); anonymous only when no credential is presented
 * and the policy allows it explicitly. A presented but bad credential is always 401
 * `invalid_token`, never downgraded to anonymous.
 */
import type { AuthPolicy } from './schema.js';
import type { Principal } from '../../core/principal.js';
import type { ClientCertificateFacts } from './cert.js';
import { buildStaticTokens } from './static-tokens.js';
import { createJwtVerifier, type JwtVerifier } from './jwt.js';
import { buildClientCertTable } from './cert.js';

export type AuthResult =
  | { ok: true; principal: Principal }
  | {
      ok: false;
      code: 'unauthenticated' | 'invalid_token';
      /** Value for the 401 `WWW-Authenticate` header (RFC 6750 + RFC 9728 resource_metadata). */
      wwwAuthenticate: string;
      /** Safe detail for the audit record (never the token). */
      reason: string;
    };

export interface AuthRequest {
  headers: Readonly<Record<string, string | string[] | undefined>>;
  remoteAddress: string | undefined;
  /** The peer certificate, only when the TLS layer verified it (src/proxy/client-cert.ts). */
  clientCertificate?: ClientCertificateFacts;
}

export interface AuthenticatorInput {
  auth: AuthPolicy;
  env: NodeJS.ProcessEnv;
  roles: ReadonlySet<string>;
  server: {
    host: string;
    port: number;
    path: string;
    /** Listener serves HTTPS (server.tls); `clientCa`: it verifies client certificates. */
    tls?: { clientCa: boolean };
  };
  now: () => number;
}

export interface Authenticator {
  authenticate(req: AuthRequest): Promise<AuthResult>;
  protectedResourceMetadata: Readonly<Record<string, unknown>>;
  /** The metadata document with `resource` derived from the request when not configured. */
  resourceMetadataFor(req: AuthRequest): Readonly<Record<string, unknown>>;
  /** Number of configured credential sources (tokens, env bindings, jwt, certificates). 0 = no auth. */
  methodCount: number;
  warnings: string[];
  errors: string[];
}

/** RFC 6750 b64token. Anything else in the Authorization header is rejected. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const SAFE_HOST = /^[A-Za-z0-9.\-[\]:]{1,255}$/;

/**
 * Builds the authenticator for a policy. Errors (unknown roles, bad keys) are returned, not thrown,
 * so the loader can report them all.
 * @example const a = createAuthenticator({ auth, env, roles, server, now: Date.now });
 */
export function createAuthenticator(input: AuthenticatorInput): Authenticator {
  const { auth, env, roles, server } = input;
  const errors: string[] = [];
  const warnings: string[] = [];
  const statics = buildStaticTokens(auth, env, roles);
  errors.push(...statics.errors);
  warnings.push(...statics.warnings);
  const certs = buildClientCertTable(auth.client_certificates, roles);
  errors.push(...certs.errors);
  if (certs.table.size > 0 && !server.tls?.clientCa)
    errors.push('auth.client_certificates: needs server.tls with client_ca_file');
  let jwt: JwtVerifier | undefined;
  if (auth.jwt) {
    try {
      jwt = createJwtVerifier(auth.jwt, roles, input.now);
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (auth.allow_anonymous) {
    if (auth.anonymous_role === undefined)
      errors.push('auth.anonymous_role: required when allow_anonymous is true');
    else if (!roles.has(auth.anonymous_role))
      errors.push(`auth.anonymous_role: unknown role ${auth.anonymous_role}`);
  }
  const rm = auth.resource_metadata;
  const hostForUrl = server.host.includes(':') ? `[${server.host}]` : server.host;
  const scheme = server.tls ? 'https' : 'http';
  const staticResource = rm.resource ?? `${scheme}://${hostForUrl}:${server.port}${server.path}`;
  const authServers = rm.authorization_servers ?? (auth.jwt ? [auth.jwt.issuer] : undefined);
  const prm: Record<string, unknown> = {
    resource: staticResource,
    bearer_methods_supported: ['header'],
  };
  if (authServers) prm.authorization_servers = authServers;
  if (rm.scopes_supported) prm.scopes_supported = rm.scopes_supported;
  if (rm.resource_name) prm.resource_name = rm.resource_name;
  if (rm.resource_documentation) prm.resource_documentation = rm.resource_documentation;
  if (auth.jwt) prm.resource_signing_alg_values_supported = auth.jwt.algorithms;

  const resourceFor = (req: AuthRequest): string => {
    if (rm.resource !== undefined) return rm.resource;
    const h = req.headers.host;
    const host = typeof h === 'string' && SAFE_HOST.test(h) ? h : `${hostForUrl}:${server.port}`;
    return `${scheme}://${host}${server.path}`;
  };
  const challenge = (req: AuthRequest, error?: 'invalid_token' | 'invalid_request'): string => {
    const u = new URL(resourceFor(req));
    const path = u.pathname === '/' ? '' : u.pathname;
    let value = `Bearer resource_metadata="${u.origin}/.well-known/oauth-protected-resource${path}"`;
    if (rm.scopes_supported?.length) value += `, scope="${rm.scopes_supported.join(' ')}"`;
    if (error) value += `, error="${error}"`;
    return value;
  };
  const fail = (
    req: AuthRequest,
    code: 'unauthenticated' | 'invalid_token',
    reason: string,
  ): AuthResult => ({
    ok: false,
    code,
    reason,
    wwwAuthenticate: challenge(req, code === 'invalid_token' ? 'invalid_token' : undefined),
  });

  return {
    methodCount: statics.table.size + (auth.jwt ? 1 : 0) + certs.table.size,
    warnings,
    errors,
    protectedResourceMetadata: Object.freeze(prm),
    resourceMetadataFor: (req) => Object.freeze({ ...prm, resource: resourceFor(req) }),
    async authenticate(req: AuthRequest): Promise<AuthResult> {
      const header = req.headers.authorization;
      if (header === undefined || header === '') {
        // A verified certificate is a presented credential: unmapped → 401, never anonymous.
        if (req.clientCertificate && certs.table.size > 0) {
          const r = certs.table.lookup(req.clientCertificate);
          return r.ok ? r : fail(req, 'invalid_token', r.reason);
        }
        if (auth.allow_anonymous && auth.anonymous_role !== undefined) {
          return {
            ok: true,
            principal: { id: 'anonymous', role: auth.anonymous_role, authMethod: 'anonymous' },
          };
        }
        return fail(req, 'unauthenticated', 'no credentials');
      }
      if (typeof header !== 'string')
        return fail(req, 'invalid_token', 'several Authorization headers');
      const m = /^([A-Za-z]+) +(\S+) *$/.exec(header);
      if (!m || m[1]!.toLowerCase() !== 'bearer')
        return fail(req, 'invalid_token', 'not a Bearer credential');
      const token = m[2]!;
      if (!B64TOKEN.test(token)) return fail(req, 'invalid_token', 'malformed bearer token');
      const principal = statics.table.lookup(token);
      if (principal) return { ok: true, principal };
      if (jwt && token.split('.').length === 3) {
        const r = await jwt.verify(token);
        if (r.ok) return r;
        return fail(req, 'invalid_token', r.reason);
      }
      return fail(req, 'invalid_token', 'unknown token');
    },
  };
}

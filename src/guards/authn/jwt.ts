/**
 * JWT bearer tokens via jose: a remote JWKS (cached; an unknown `kid` triggers a refetch, limited
 * by a cooldown, which handles key rotation) or a static PEM key. Checks signature, `alg`
 * allow-list, `iss`, `aud`, `exp` (required), `nbf`, with clock skew; maps a claim to a role.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { createRemoteJWKSet, jwtVerify, errors as joseErrors, type JWTPayload } from 'jose';
import type { Principal } from '../../core/principal.js';
import type { JwtAuth } from './schema.js';

export type JwtResult = { ok: true; principal: Principal } | { ok: false; reason: string };

export interface JwtVerifier {
  verify(token: string): Promise<JwtResult>;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * Builds a verifier. Throws on unusable config (bad PEM, plain-http JWKS off loopback, unknown roles).
 * @example await createJwtVerifier(jwt, roles).verify(token)
 */
export function createJwtVerifier(
  cfg: JwtAuth,
  roles: ReadonlySet<string>,
  now: () => number = Date.now,
): JwtVerifier {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  let staticKey: KeyObject | undefined;
  if (cfg.jwks_url !== undefined) {
    const url = new URL(cfg.jwks_url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
      throw new Error('auth.jwt.jwks_url: must be https (http only on loopback)');
    }
    jwks = createRemoteJWKSet(url, {
      cooldownDuration: cfg.jwks_cooldown_seconds * 1000,
      cacheMaxAge: cfg.jwks_cache_seconds * 1000,
      timeoutDuration: 5000,
    });
  } else {
    try {
      staticKey = createPublicKey(cfg.public_key ?? '');
    } catch {
      throw new Error('auth.jwt.public_key: not a valid PEM public key');
    }
  }
  for (const r of Object.values(cfg.role_map ?? {})) {
    if (!roles.has(r)) throw new Error(`auth.jwt.role_map: unknown role ${r}`);
  }
  if (cfg.default_role !== undefined && !roles.has(cfg.default_role)) {
    throw new Error(`auth.jwt.default_role: unknown role ${cfg.default_role}`);
  }
  const options = {
    issuer: cfg.issuer,
    audience: cfg.audience,
    algorithms: [...cfg.algorithms],
    clockTolerance: cfg.clock_skew_seconds,
    requiredClaims: ['exp'],
  };
  return {
    async verify(token: string): Promise<JwtResult> {
      let payload: JWTPayload;
      try {
        const opts = { ...options, currentDate: new Date(now()) };
        const res = jwks
          ? await jwtVerify(token, jwks, opts)
          : await jwtVerify(token, staticKey!, opts);
        payload = res.payload;
      } catch (err) {
        return { ok: false, reason: jwtReason(err) };
      }
      const sub = claimAt(payload, cfg.principal_claim);
      if (typeof sub !== 'string' || sub === '')
        return { ok: false, reason: 'jwt: principal claim missing' };
      const role = mapRole(claimAt(payload, cfg.role_claim), cfg, roles);
      if (role === undefined) return { ok: false, reason: 'jwt: no role for token' };
      return {
        ok: true,
        principal: { id: sub, role, authMethod: 'jwt', attributes: { iss: cfg.issuer } },
      };
    },
  };
}

function claimAt(payload: JWTPayload, path: string): unknown {
  let cur: unknown = payload;
  for (const seg of path.split('.')) {
    if (
      cur === null ||
      typeof cur !== 'object' ||
      !Object.prototype.hasOwnProperty.call(cur, seg)
    ) {
      return undefined;
    }
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur;
}

function mapRole(claim: unknown, cfg: JwtAuth, roles: ReadonlySet<string>): string | undefined {
  const values = (Array.isArray(claim) ? claim : [claim]).filter(
    (v): v is string => typeof v === 'string',
  );
  if (cfg.role_map) {
    for (const [from, to] of Object.entries(cfg.role_map)) if (values.includes(from)) return to;
  } else {
    const direct = values.find((v) => roles.has(v));
    if (direct !== undefined) return direct;
  }
  return cfg.default_role;
}

/** A safe, stable reason for the audit record (jose messages can quote claims; use the code). */
function jwtReason(err: unknown): string {
  if (err instanceof joseErrors.JOSEError) return `jwt: ${err.code}`;
  return 'jwt: verification failed';
}

/**
 * The part of a decision a policy alone makes: the guards whose verdict depends only on the
 * request and the policy, and a principal's identity carried over to another policy. Used where
 * a policy decides a request it does not enforce: `policy replay` (src/policy/replay/engine.ts)
 * and the live candidate policy (src/proxy/candidate.ts).
 */
import type { Principal } from '../core/principal.js';
import type { PolicyFile } from './schema.js';

/** rbac (roles, methods, argument rules), the injection filter, secret rejection. */
export const STATELESS_GUARDS: ReadonlySet<string> = new Set([
  'rbac',
  'injection-filter',
  'secret-args',
]);

/** A request-phase outcome of the stateless guards. */
export type Outcome =
  { allow: true } | { allow: false; guard: string; code: string; ruleId?: string };

/** A principal as another policy's authentication sees it (no credential needed). */
export interface PrincipalLike {
  id: string;
  role: string;
  authMethod: string;
}

/**
 * What an authenticated principal becomes under `source`: a static token's id gets that policy's
 * role for it (absent id: `invalid_token`); an anonymous caller follows `auth.allow_anonymous` /
 * `anonymous_role`. Env tokens, JWTs and client certificates keep their role: the credential is
 * not at hand (replay: never recorded; live: already verified by the active policy).
 */
export function principalUnder(source: PolicyFile, p: PrincipalLike): Outcome | Principal {
  if (p.authMethod === 'static_token') {
    const t = source.auth.tokens.find((x) => x.id === p.id);
    if (!t) return { allow: false, guard: 'authn', code: 'invalid_token', ruleId: 'auth.tokens' };
    return { id: p.id, role: t.role, authMethod: 'static_token' };
  }
  if (p.authMethod === 'anonymous') {
    if (!source.auth.allow_anonymous) {
      return { allow: false, guard: 'authn', code: 'unauthenticated', ruleId: 'auth' };
    }
    return { id: p.id, role: source.auth.anonymous_role ?? p.role, authMethod: 'anonymous' };
  }
  return { id: p.id, role: p.role, authMethod: p.authMethod as Principal['authMethod'] };
}

/** A verdict as the decision (or its audit record) holds it. */
export interface RecordedVerdict {
  guard: string;
  outcome: string;
  mode: string;
  code?: string;
  ruleId?: string;
}

/** The first enforced deny of a stateless guard among `verdicts`, else allow. */
export function statelessOutcome(verdicts: readonly RecordedVerdict[]): Outcome {
  for (const v of verdicts) {
    if (v.outcome !== 'deny' || v.mode !== 'enforce' || !STATELESS_GUARDS.has(v.guard)) continue;
    return {
      allow: false,
      guard: v.guard,
      code: v.code ?? 'unknown',
      ...(v.ruleId !== undefined && { ruleId: v.ruleId }),
    };
  }
  return { allow: true };
}

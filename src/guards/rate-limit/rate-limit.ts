/**
 * The `rate-limit` guard. Runs right after rbac. For each request it checks, in order:
 *   1. denial-storm lockout (every request of a locked principal: `principal_locked`);
 *   2. for tools/call: mutations while the store is unhealthy (`state_unavailable`, fail closed);
 *   3. for tools/call: the anonymous bucket, every matching limit and every matching blast-radius
 *      quota, taken all-or-nothing (buckets.ts) → `rate_limited` / `blast_radius_exceeded` with
 *      `retryAfterMs` in error.data and the firing rule's id as ruleId.
 * A store failure denies mutations (`state_unavailable`); reads fall back to per-replica counters
 * unless `state.reads_when_unavailable: deny`.
 */
import { createHash } from 'node:crypto';
import type { Guard, RequestContext, Verdict } from '../../core/guard.js';
import type { Principal } from '../../core/principal.js';
import { CONTINUE } from '../../core/guard.js';
import type { DenialCode } from '../../core/denials.js';
import type { GuardDeps } from '../deps.js';
import { ConfigError } from '../../shared/errors.js';
import type { RateLimitPolicy } from './schema.js';
import { compileMatch, normalizeText, type CallFacts, type CallPredicate } from './match.js';
import { compileFindingCounter, type FindingCounter } from './blast-radius.js';
import { Bucket, chargeAll, type Charge } from './buckets.js';
import { DenialStorm } from './denial-storm.js';
import { rateLimitDenialsTotal, rateLimitLocalFallbackTotal } from './metrics.js';

/** Counter namespace inside the store (under the store's own key prefix). */
const NAMESPACE = 'rl';

type KeyKind = 'principal' | 'role' | 'global' | 'tool' | 'principal_tool';

interface CompiledLimit {
  bucket: Bucket;
  key: KeyKind;
  applies: CallPredicate;
  /** Points this call costs (1 for limits; findings affected for blast radius). */
  cost: (call: CallFacts) => number;
}

/** Injective, store-safe key part; long values are hashed so Redis keys stay short. */
function enc(v: string): string {
  const e = encodeURIComponent(v);
  return e.length <= 200 ? e : `h.${createHash('sha256').update(v).digest('base64url')}`;
}

/** @example bucketKey('principal_tool', alice, 'close_finding') // 'alice/close_finding' */
export function bucketKey(kind: KeyKind, p: Principal, toolName: string): string {
  switch (kind) {
    case 'principal':
      return enc(p.id);
    case 'role':
      return enc(p.role);
    case 'global':
      return '*';
    case 'tool':
      return enc(normalizeText(toolName));
    case 'principal_tool':
      return `${enc(p.id)}/${enc(normalizeText(toolName))}`;
  }
}

function compile(section: RateLimitPolicy, deps: GuardDeps): CompiledLimit[] {
  const ids = new Set<string>();
  const unique = (id: string): string => {
    if (ids.has(id)) throw new ConfigError(`rate_limits: duplicate id "${id}"`);
    ids.add(id);
    return id;
  };
  const limits: CompiledLimit[] = section.limits.map((l) => ({
    bucket: new Bucket(
      {
        id: unique(l.id),
        code: 'rate_limited',
        points: l.points,
        durationSeconds: l.duration_seconds,
        ...(l.block_seconds ? { blockSeconds: l.block_seconds } : {}),
        ...(l.burst
          ? { burst: { points: l.burst.points, durationSeconds: l.burst.duration_seconds } }
          : {}),
      },
      deps.store,
      NAMESPACE,
    ),
    key: l.key,
    applies: compileMatch(l.match),
    cost: () => 1,
  }));
  const blasts: CompiledLimit[] = section.blast_radius.map((b) => {
    const counter: FindingCounter = compileFindingCounter(b);
    return {
      bucket: new Bucket(
        {
          id: unique(b.id),
          code: 'blast_radius_exceeded',
          points: b.max_findings,
          durationSeconds: b.duration_seconds,
        },
        deps.store,
        `${NAMESPACE}:blast`,
      ),
      key: b.key,
      applies: compileMatch(b.match ?? { classes: ['mutating'] }),
      cost: (call) => counter(call.toolName, call.arguments),
    };
  });
  const anonymous: CompiledLimit = {
    bucket: new Bucket(
      {
        id: 'anonymous',
        code: 'rate_limited',
        points: section.anonymous.points,
        durationSeconds: section.anonymous.duration_seconds,
      },
      deps.store,
      `${NAMESPACE}:anon`,
    ),
    key: 'global',
    applies: (call) => call.principal.authMethod === 'anonymous',
    cost: () => 1,
  };
  return [anonymous, ...limits, ...blasts];
}

function deny(code: DenialCode, reason: string, ruleId: string, retryAfterMs?: number): Verdict {
  rateLimitDenialsTotal.inc({ code, rule: ruleId });
  return {
    kind: 'deny',
    code,
    reason,
    ruleId,
    ...(retryAfterMs !== undefined
      ? { data: { retryAfterMs: Math.max(1, Math.ceil(retryAfterMs)) } }
      : {}),
  };
}

/**
 * Factory (src/policy/guard-registry.ts). Returns undefined without a `rate_limits` section.
 * `readsWhenDown` is `state.reads_when_unavailable`: reads are refused too while the store is down.
 * @example const guard = createRateLimitGuard(policy.rate_limits, deps);
 */
export function createRateLimitGuard(
  section: RateLimitPolicy | undefined,
  deps: GuardDeps,
  readsWhenDown: 'allow' | 'deny' = 'allow',
): Guard | undefined {
  if (!section) return undefined;
  const limits = compile(section, deps);
  const storm = section.denial_storm
    ? new DenialStorm(
        {
          threshold: section.denial_storm.threshold,
          windowSeconds: section.denial_storm.window_seconds,
          lockoutSeconds: section.denial_storm.lockout_seconds,
        },
        deps.store,
        deps.recorder,
        NAMESPACE,
      )
    : undefined;

  async function rateLimitOnRequest(ctx: RequestContext): Promise<Verdict> {
    if (ctx.request.kind !== 'request') return CONTINUE;
    const isCall = ctx.request.method === 'tools/call' && ctx.request.toolName !== undefined;
    const mutating = isCall && deps.isMutatingTool(ctx.request.toolName!);
    const storeUp = deps.store.healthy();
    if (mutating && !storeUp) {
      return deny('state_unavailable', 'state store unhealthy; mutation refused', 'state');
    }
    const useLocal = !storeUp && readsWhenDown === 'allow';
    if (!storeUp && readsWhenDown === 'deny' && isCall) {
      return deny('state_unavailable', 'state store unhealthy; reads denied by policy', 'state');
    }

    if (storm) {
      let lock;
      try {
        lock = await storm.lockState(ctx.principal, useLocal);
      } catch (err) {
        if (mutating || readsWhenDown === 'deny') {
          return deny('state_unavailable', `lockout check failed: ${String(err)}`, 'state');
        }
        lock = await storm.lockState(ctx.principal, true);
      }
      if (lock.locked) {
        return deny('principal_locked', 'denial storm lockout', 'denial_storm', lock.retryAfterMs);
      }
    }
    if (!isCall) return CONTINUE;

    const call: CallFacts = {
      principal: ctx.principal,
      toolName: ctx.request.toolName!,
      arguments: ctx.request.arguments,
      mutating,
    };
    const charges: Charge[] = [];
    for (const l of limits) {
      if (!l.applies(call)) continue;
      const points = l.cost(call);
      if (points <= 0) continue;
      if (points > l.bucket.spec.points) {
        // Can never fit in one window: deny without touching counters.
        return deny(
          l.bucket.spec.code,
          `${l.bucket.spec.id}: one call needs ${points} > ${l.bucket.spec.points}`,
          l.bucket.spec.id,
          l.bucket.spec.durationSeconds * 1000,
        );
      }
      charges.push({
        bucket: l.bucket,
        key: bucketKey(l.key, call.principal, call.toolName),
        points,
      });
    }
    if (charges.length === 0) return CONTINUE;
    const fallback = useLocal
      ? 'local_only'
      : !mutating && readsWhenDown === 'allow'
        ? 'local'
        : 'none';
    const out = await chargeAll(charges, fallback);
    if (out.ok) {
      if (out.usedLocalFallback || useLocal) rateLimitLocalFallbackTotal.inc();
      return out.usedLocalFallback || useLocal
        ? { kind: 'continue', annotations: { rateLimitFallback: 'local' } }
        : { kind: 'continue', annotations: { rateLimits: charges.map((c) => c.bucket.spec.id) } };
    }
    if (out.kind === 'store_failed') {
      return deny('state_unavailable', `rate-limit store failed: ${out.error}`, 'state');
    }
    const spec = out.denied.bucket.spec;
    return deny(
      spec.code,
      `${spec.id} exceeded (${spec.points} per ${spec.durationSeconds}s); fired: ${out.firedIds.join(',')}`,
      spec.id,
      out.retryAfterMs,
    );
  }

  function rateLimitOnDenied(ctx: RequestContext, code: DenialCode): Promise<void> | void {
    return storm?.count(ctx.principal, code);
  }

  return {
    name: 'rate-limit',
    mode: section.mode,
    onRequest: rateLimitOnRequest,
    ...(storm ? { onDenied: rateLimitOnDenied } : {}),
  };
}

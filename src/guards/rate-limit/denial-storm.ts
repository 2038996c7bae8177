/**
 * Denial storms: a principal whose calls keep being denied (RBAC, injection, rate limits...) is
 * probing or looping. More than `threshold` counted denials within `window_seconds` lock it out
 * for `lockout_seconds` (rate-limiter-flexible block), raising one critical lifecycle event per
 * lockout. Counters live in the state store, so a storm spread over replicas is still one storm.
 */
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { DenialCode } from '../../core/denials.js';
import type { Principal } from '../../core/principal.js';
import type { AuditRecorder } from '../../core/recorder.js';
import type { StateStore } from '../../core/store.js';
import { logger } from '../../shared/logger.js';
import { denialStormLockoutsTotal } from './metrics.js';

/**
 * Denials that say nothing about the caller's behaviour (our own outages) or that are the lockout
 * itself: counting those would turn an outage into lockouts, or make a lockout never end.
 */
const NOT_COUNTED: ReadonlySet<DenialCode> = new Set<DenialCode>([
  'principal_locked',
  'state_unavailable',
  'audit_unavailable',
  'guard_error',
  'upstream_unavailable',
  'upstream_timeout',
  'upstream_incomplete',
  'response_too_large',
]);

export interface DenialStormSpec {
  threshold: number;
  windowSeconds: number;
  lockoutSeconds: number;
}

export type LockState = { locked: false } | { locked: true; retryAfterMs: number };

/** @example const storm = new DenialStorm(spec, store, recorder, 'rl'); */
export class DenialStorm {
  private readonly shared: RateLimiterAbstract;
  private readonly local: RateLimiterAbstract;

  constructor(
    private readonly spec: DenialStormSpec,
    store: StateStore,
    private readonly recorder: Pick<AuditRecorder, 'recordEvent'>,
    namespace: string,
  ) {
    const opts = {
      keyPrefix: `${namespace}:denial-storm`,
      points: spec.threshold,
      duration: spec.windowSeconds,
      blockDuration: spec.lockoutSeconds,
    };
    this.shared = store.createLimiter({
      keyPrefix: opts.keyPrefix,
      points: opts.points,
      durationSeconds: opts.duration,
      blockSeconds: opts.blockDuration,
    });
    this.local = new RateLimiterMemory(opts);
  }

  /** Rejects when the store fails and `local` is false (the caller fails closed). */
  async lockState(principal: Principal, local: boolean): Promise<LockState> {
    const res = await (local ? this.local : this.shared).get(principalKey(principal));
    if (res && res.consumedPoints > this.spec.threshold) {
      return { locked: true, retryAfterMs: Math.max(res.msBeforeNext, 1) };
    }
    return { locked: false };
  }

  /** Counts one enforced denial; never throws (called fire-and-forget by the pipeline). */
  async count(principal: Principal, code: DenialCode): Promise<void> {
    if (NOT_COUNTED.has(code)) return;
    const key = principalKey(principal);
    try {
      await this.consume(this.shared, key);
    } catch (err) {
      if (err instanceof RateLimiterRes) return this.crossed(principal, code, err);
      // Store down: keep counting on this replica so a storm during an outage still locks.
      try {
        await this.consume(this.local, key);
      } catch (lErr) {
        if (lErr instanceof RateLimiterRes) return this.crossed(principal, code, lErr);
        logger.error('denial storm: counting failed', { error: String(lErr) });
      }
    }
  }

  private async consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
    await limiter.consume(key, 1);
  }

  /** Exactly one consume sees threshold + 1 (the store increments atomically): it reports. */
  private crossed(principal: Principal, code: DenialCode, res: RateLimiterRes): void {
    if (res.consumedPoints !== this.spec.threshold + 1) return;
    denialStormLockoutsTotal.inc();
    this.recorder.recordEvent({
      type: 'denial_storm',
      severity: 'critical',
      detail: {
        principalId: principal.id,
        role: principal.role,
        authMethod: principal.authMethod,
        lastCode: code,
        threshold: this.spec.threshold,
        windowSeconds: this.spec.windowSeconds,
        lockoutSeconds: this.spec.lockoutSeconds,
      },
    });
  }
}

/** Bucket key of a principal (injective encoding; see rate-limit.ts bucketKey). */
export function principalKey(p: Principal): string {
  return encodeURIComponent(p.id);
}

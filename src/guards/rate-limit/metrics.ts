/**
 * Rate-limit metrics on the process registry (src/shared/metrics.ts). Label values are policy
 * rule ids and denial codes: bounded by the policy, never by client input.
 */
import { counter } from '../../shared/metrics.js';

/** Denials by this guard, by code and rule id (`rate_limited`, `blast_radius_exceeded`, ...). */
export const rateLimitDenialsTotal = counter({
  name: 'dojo_guard_rate_limit_denials_total',
  help: 'Requests denied by the rate-limit guard',
  labelNames: ['code', 'rule'] as const,
});

/** Calls whose counters fell back to per-replica memory because the store was down. */
export const rateLimitLocalFallbackTotal = counter({
  name: 'dojo_guard_rate_limit_local_fallback_total',
  help: 'Rate-limit checks served from per-replica counters during a store outage',
});

/** Principals locked out after a denial storm. */
export const denialStormLockoutsTotal = counter({
  name: 'dojo_guard_denial_storm_lockouts_total',
  help: 'Principals locked out after a denial storm',
});

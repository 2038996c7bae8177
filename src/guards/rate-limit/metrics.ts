/**
 * Rate-limit metrics (prom-client default registry). Label values are policy rule ids and denial
 * codes: bounded by the policy, never by client input.
 */
import { Counter, register } from 'prom-client';

function counter(name: string, help: string, labelNames: string[] = []): Counter {
  const existing = register.getSingleMetric(name);
  return (existing as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

/** Denials by this guard, by code and rule id (`rate_limited`, `blast_radius_exceeded`, ...). */
export const rateLimitDenialsTotal = counter(
  'rate_limit_denials_total',
  'Requests denied by the rate-limit guard',
  ['code', 'rule'],
);

/** Calls whose counters fell back to per-replica memory because the store was down. */
export const rateLimitLocalFallbackTotal = counter(
  'rate_limit_local_fallback_total',
  'Rate-limit checks served from per-replica counters during a store outage',
);

/** Principals locked out after a denial storm. */
export const denialStormLockoutsTotal = counter(
  'denial_storm_lockouts_total',
  'Principals locked out after a denial storm',
);

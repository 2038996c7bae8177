/**
 * External decision metrics on the process registry (src/shared/metrics.ts). Label values are
 * decision point names from the policy and a fixed outcome set: bounded, never client input.
 */
import { counter } from '../../shared/metrics.js';

/** Answers used by the guard, by decision point, outcome and whether the cache gave it. */
export const externalDecisionsTotal = counter({
  name: 'dojo_guard_external_decisions_total',
  help: 'External decision point answers used (allow, deny, unavailable), by decision point',
  labelNames: ['decision_point', 'outcome', 'cached'] as const,
});

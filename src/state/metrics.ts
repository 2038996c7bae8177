/**
 * State-store metrics on the process registry (src/shared/metrics.ts), served by the proxy's
 * /metrics if it has one.
 */
import { counter, gauge } from '../shared/metrics.js';

/** 1 while the state store answers, 0 during an outage (mutations are denied meanwhile). */
export const stateStoreHealthy = gauge({
  name: 'dojo_guard_state_store_healthy',
  help: 'State store reachable (1) or not (0)',
});

/** Outage / recovery transitions, by direction (`down`, `up`). */
export const stateStoreTransitionsTotal = counter({
  name: 'dojo_guard_state_store_transitions_total',
  help: 'State store health transitions',
  labelNames: ['to'] as const,
});

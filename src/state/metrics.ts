/**
 * State-store metrics (prom-client default registry, served by the proxy's /metrics if it has one).
 * Created lazily and reused, so loading the module twice never registers a metric twice.
 */
import { Counter, Gauge, register } from 'prom-client';

function metric<T>(name: string, make: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? make();
}

/** 1 while the state store answers, 0 during an outage (mutations are denied meanwhile). */
export const stateStoreHealthy = metric(
  'state_store_healthy',
  () => new Gauge({ name: 'state_store_healthy', help: 'State store reachable (1) or not (0)' }),
);

/** Outage / recovery transitions, by direction (`down`, `up`). */
export const stateStoreTransitionsTotal = metric(
  'state_store_transitions_total',
  () =>
    new Counter({
      name: 'state_store_transitions_total',
      help: 'State store health transitions',
      labelNames: ['to'],
    }),
);

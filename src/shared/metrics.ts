/**
 * The one prom-client registry of the process. Every module registers on prom-client's default
 * `register` (src/state/metrics.ts, src/audit/metrics.ts, src/guards/rate-limit/metrics.ts do), so
 * this module re-exports it as THE registry and offers get-or-create helpers: a module loaded twice
 * (tests, reload) never registers a metric twice.
 */
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  register,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
} from 'prom-client';
import { packageVersion } from './version.js';

/** The process-wide registry served by the proxy's /metrics. */
export const metricsRegistry = register;

let defaultsStarted = false;

/**
 * Starts prom-client's default process metrics once (`process_cpu_seconds_total`, heap, event
 * loop lag...) and `dojo_guard_build_info`. The benchmark reads `process_cpu_seconds_total`.
 */
export function startDefaultMetrics(): void {
  if (defaultsStarted || register.getSingleMetric('process_cpu_seconds_total')) return;
  defaultsStarted = true;
  collectDefaultMetrics({ register });
  // Static for the life of the process; the policy revision, which changes on reload, is its
  // own series (`dojo_guard_policy_info`, src/proxy/metrics.ts).
  gauge({
    name: 'dojo_guard_build_info',
    help: 'dojo-guard version (package.json) and Node.js version; value 1',
    labelNames: ['version', 'node_version'] as const,
  }).set({ version: packageVersion(), node_version: process.versions.node }, 1);
}

/** Returns the registered counter `cfg.name`, or registers it. */
export function counter<T extends string>(cfg: CounterConfiguration<T>): Counter<T> {
  return (register.getSingleMetric(cfg.name) as Counter<T> | undefined) ?? new Counter(cfg);
}

/** Returns the registered gauge `cfg.name`, or registers it. */
export function gauge<T extends string>(cfg: GaugeConfiguration<T>): Gauge<T> {
  return (register.getSingleMetric(cfg.name) as Gauge<T> | undefined) ?? new Gauge(cfg);
}

/** Returns the registered histogram `cfg.name`, or registers it. */
export function histogram<T extends string>(cfg: HistogramConfiguration<T>): Histogram<T> {
  return (register.getSingleMetric(cfg.name) as Histogram<T> | undefined) ?? new Histogram(cfg);
}

/** Renders the registry in the Prometheus text format. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: register.contentType, body: await register.metrics() };
}

/**
 * Audit counters on the process registry (src/shared/metrics.ts), served by the proxy's /metrics.
 * Queue/spool/sink gauges are read from the recorder by src/proxy/metrics-runtime.ts
 * (`queueDepth`, `sinks[].spool.pendingBytes()`, `sinks[].consecutiveFailures`).
 */
import { counter } from '../shared/metrics.js';

/** Records sealed into the chain, by kind (decision, lifecycle, checkpoint, gap...). */
export const auditRecordsTotal = counter({
  name: 'dojo_guard_audit_records_total',
  help: 'Audit records sealed into the HMAC chain',
  labelNames: ['kind'] as const,
});

/**
 * Failure streaks per network sink: bumped by the first failed delivery of a streak and again
 * when the streak opens the circuit breaker (each is also an audited `sink_failure` record).
 */
export const auditSinkFailuresTotal = counter({
  name: 'dojo_guard_audit_sink_failures_total',
  help: 'Audit sink delivery failures (first failure of a streak, and the breaker opening)',
  labelNames: ['sink'] as const,
});

/** Times the trail turned back-pressured (spool over cap, queue full, file failing). */
export const auditBackpressureTotal = counter({
  name: 'dojo_guard_audit_backpressure_total',
  help: 'Times the audit trail started refusing mutations (spool full, queue full or file failing)',
});

/**
 * Audit counters on the process registry (src/shared/metrics.ts), served by the proxy's /metrics.
 * Names follow STYLE.md §6 (`audit_backpressure_total`). Queue/spool gauges are read from the
 * recorder by src/proxy/metrics-runtime.ts (`queueDepth`, `sinks[].spool.pendingBytes()`).
 */
import { counter } from '../shared/metrics.js';

/** Records sealed into the chain, by kind (decision, lifecycle, checkpoint, gap...). */
export const auditRecordsTotal = counter({
  name: 'audit_records_total',
  help: 'Audit records sealed into the HMAC chain',
  labelNames: ['kind'] as const,
});

/** Failed delivery attempts per sink (each streak is also an audited sink_failure record). */
export const auditSinkFailuresTotal = counter({
  name: 'audit_sink_failures_total',
  help: 'Failed audit sink deliveries',
  labelNames: ['sink'] as const,
});

/** Times the trail turned back-pressured (spool over cap, queue full, file failing). */
export const auditBackpressureTotal = counter({
  name: 'audit_backpressure_total',
  help: 'Times the audit trail started refusing mutations (spool full, queue full or file failing)',
});

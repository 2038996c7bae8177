/**
 * Bridges store health transitions to the audit trail: an outage is a `state_unavailable`
 * lifecycle event (critical: mutations are being denied), recovery a `state_recovered` one.
 */
import type { AuditRecorder } from '../core/recorder.js';
import type { StateStore } from '../core/store.js';

/**
 * Subscribe once per process after creating the store; returns the unsubscribe function.
 * @example const stop = auditStateHealth(store, recorder);
 */
export function auditStateHealth(
  store: StateStore,
  recorder: Pick<AuditRecorder, 'recordEvent'>,
): () => void {
  let downSince: number | undefined;
  const down = (reason: string): void => {
    downSince = Date.now();
    recorder.recordEvent({
      type: 'state_unavailable',
      severity: 'critical',
      detail: { backend: store.kind, reason },
    });
  };
  // Down already at startup: there will be no transition to report, so report the state itself.
  if (!store.healthy()) down('unavailable_at_subscribe');
  return store.onHealthChange((healthy, reason) => {
    if (!healthy) return down(reason);
    // The first connection after startup is not a recovery.
    if (downSince === undefined) return;
    const outageMs = Date.now() - downSince;
    downSince = undefined;
    recorder.recordEvent({
      type: 'state_recovered',
      severity: 'info',
      detail: { backend: store.kind, reason, outageMs },
    });
  });
}

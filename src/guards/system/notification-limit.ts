/**
 * `notification-limit` system guard: a per-session cap on client notifications.
 * `notifications/cancelled`, progress and `roots/list_changed` cost the upstream work
 * (cancellation lookups, roots refetches) and the sender nothing, so a flood is cheap to send and
 * expensive to take. Over `client_notifications_per_minute` in the sender's one-minute window
 * (per session, per principal before a session exists; counted by the proxy's port) a
 * notification is refused with `too_many_notifications`: dropped with 202 like any denied
 * notification (the sender cannot tell), counted in
 * `dojo_guard_client_notifications_dropped_total`, and never audited one by one, so a flood
 * cannot flood the trail. A backstop per process, not a quota.
 */
import { CONTINUE } from '../../core/guard.js';
import { logger } from '../../shared/logger.js';
import { counter } from '../../shared/metrics.js';
import type { Admission, AdmissionGuard, AdmissionVerdict } from './system-guard.js';

/** Notification methods named in the metric; anything else is `other` (bounded labels). */
const KNOWN = new Set([
  'notifications/cancelled',
  'notifications/progress',
  'notifications/roots/list_changed',
  'notifications/initialized',
  'notifications/message',
]);

const dropped = counter({
  name: 'dojo_guard_client_notifications_dropped_total',
  help: 'Client notifications dropped by the per-session notification cap',
  labelNames: ['method'] as const,
});

export const notificationLimitGuard: AdmissionGuard = {
  name: 'notification-limit',
  audited: false,
  admit({ principal, message, caps, port }: Admission): AdmissionVerdict {
    if (message?.kind !== 'notification') return CONTINUE;
    const cap = caps.clientNotificationsPerMinute;
    const n = port.countNotification();
    if (n <= cap) return CONTINUE;
    const method = message.method;
    dropped.inc({ method: method !== undefined && KNOWN.has(method) ? method : 'other' });
    // Once per window, not per notification: the log must not become the flood.
    if (n === cap + 1) {
      logger.warn('client notification cap reached; dropping until the window ends', {
        principal: principal.id,
        cap,
      });
    }
    return { kind: 'deny', code: 'too_many_notifications', reason: `notification cap ${cap}` };
  },
};

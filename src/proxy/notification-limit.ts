/**
 * Per-session cap on client notifications: `notifications/cancelled`,
 * progress and `roots/list_changed` cost the upstream work (cancellation lookups, roots refetches)
 * and the audit trail nothing, so a flood is cheap to send and expensive to take. A fixed window of
 * one minute per session (per principal before a session exists); notifications over
 * `server.caps.client_notifications_per_minute` are dropped with 202 (the sender cannot tell) and
 * counted in `dojo_guard_client_notifications_dropped_total`. Per process, in memory: a flood is
 * a connection-level attack, and the cap is a backstop, not a quota.
 */
import { growingLru } from '../shared/lru.js';
import type { Principal } from '../core/principal.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { logger } from '../shared/logger.js';
import { counter } from '../shared/metrics.js';
import { hardeningCaps } from './hardening-caps.js';

const WINDOW_MS = 60_000;

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

interface Window {
  start: number;
  count: number;
}

/** One instance per proxy server. */
export class NotificationLimiter {
  // Bounded: an attacker opening sessions cannot grow this without limit (oldest windows go).
  private readonly windows = growingLru<string, Window>(100_000);
  private droppedTotal = 0;

  /** True when the notification may pass; false when it must be dropped (and was counted). */
  admit(
    policy: CompiledPolicy,
    sessionId: string | undefined,
    principal: Principal,
    method: string | undefined,
    now: number = Date.now(),
  ): boolean {
    const cap = hardeningCaps(policy).clientNotificationsPerMinute;
    const key =
      sessionId !== undefined ? `s:${sessionId}` : `p:${principal.authMethod}:${principal.id}`;
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    if (w.count <= cap) return true;
    this.droppedTotal++;
    dropped.inc({ method: method !== undefined && KNOWN.has(method) ? method : 'other' });
    // Once per window, not per notification: the log must not become the flood.
    if (w.count === cap + 1) {
      logger.warn('client notification cap reached; dropping until the window ends', {
        principal: principal.id,
        cap,
      });
    }
    return false;
  }

  /** Notifications dropped by this instance since start. */
  get dropped(): number {
    return this.droppedTotal;
  }
}

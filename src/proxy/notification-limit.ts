/**
 * The notification windows behind the `notification-limit` system guard
 * (src/guards/system/notification-limit.ts decides; this only counts): a fixed one-minute window
 * per session (per principal before a session exists), in memory, per process.
 */
import { growingLru } from '../shared/lru.js';
import type { Principal } from '../core/principal.js';

const WINDOW_MS = 60_000;

interface Window {
  start: number;
  count: number;
}

/** One instance per proxy server. */
export class NotificationWindows {
  // Bounded: an attacker opening sessions cannot grow this without limit (oldest windows go).
  private readonly windows = growingLru<string, Window>(100_000);

  /** Counts one notification of this sender; the count in its current window. */
  count(sessionId: string | undefined, principal: Principal, now: number = Date.now()): number {
    const key =
      sessionId !== undefined ? `s:${sessionId}` : `p:${principal.authMethod}:${principal.id}`;
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    return ++w.count;
  }
}

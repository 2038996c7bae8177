/**
 * The per-server counters behind the admission guards (src/guards/system/stream-limits.ts,
 * notification-limit.ts), attached to a ProxyRuntime without widening its interface: one set per
 * `createProxyServer`, created lazily; and the port one exchange hands those guards.
 */
import type { ServerResponse } from 'node:http';
import type { Principal } from '../core/principal.js';
import type { AdmissionPort } from '../guards/system/index.js';
import { NotificationWindows } from './notification-limit.js';
import { StreamSlots } from './stream-limits.js';

/** The counters of one proxy server. */
interface RuntimeLimits {
  streams: StreamSlots;
  notifications: NotificationWindows;
}

const table = new WeakMap<object, RuntimeLimits>();

function limitsOf(rt: object): RuntimeLimits {
  let l = table.get(rt);
  if (!l) {
    l = { streams: new StreamSlots(), notifications: new NotificationWindows() };
    table.set(rt, l);
  }
  return l;
}

/** The port of one exchange; `release` gives back a slot it holds (idempotent). */
export interface ExchangePort extends AdmissionPort {
  release(): void;
}

/**
 * The admission port of one exchange: a slot taken through it is given back when `res` closes
 * (or earlier, by `release`).
 */
export function admissionPort(
  rt: object,
  who: { principal: Principal; sessionId: string | undefined },
  res: ServerResponse,
): ExchangePort {
  const { streams, notifications } = limitsOf(rt);
  let held: (() => void) | undefined;
  return {
    streams: () => streams.counts(who.principal),
    hold(kind) {
      if (held) return;
      held = streams.take(who.principal, kind);
      res.once('close', held);
    },
    countNotification: () => notifications.count(who.sessionId, who.principal),
    release: () => held?.(),
  };
}

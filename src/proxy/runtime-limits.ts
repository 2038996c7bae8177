/**
 * The per-server counters of the hardening caps (GET streams, client notifications), attached to
 * a ProxyRuntime without widening its interface: one set per `createProxyServer`, created lazily.
 */
import { NotificationLimiter } from './notification-limit.js';
import { StreamLimiter } from './stream-limits.js';

/** The limiters of one proxy server. */
export interface RuntimeLimits {
  streams: StreamLimiter;
  notifications: NotificationLimiter;
}

const table = new WeakMap<object, RuntimeLimits>();

/** The limiters of the proxy server that owns `rt`. */
export function limitsOf(rt: object): RuntimeLimits {
  let l = table.get(rt);
  if (!l) {
    l = { streams: new StreamLimiter(), notifications: new NotificationLimiter() };
    table.set(rt, l);
  }
  return l;
}

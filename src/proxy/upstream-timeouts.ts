/**
 * The timeouts of one upstream exchange, and the watchdog that holds an SSE response to them.
 *
 * Before response headers (and for a whole JSON body) `timeoutMs` applies (forward.ts). Once an
 * SSE response to a client request starts, the watchdog takes over: `sseIdleMs` of silence (no
 * byte at all from the upstream) or `sseTotalMs` since the request was sent upstream ends it, and
 * sse.ts answers the client's request with a JSON-RPC `upstream_timeout` error. GET streams are
 * long-lived by design and get no watchdog (their cap is the stream count, stream-limits.ts).
 */
import type { CompiledUpstream, UpstreamTimeouts } from '../policy/compiled.js';

/** Defaults for hand-built policies without `timeoutsFor` (mirror src/policy/schema-server.ts). */
const DEFAULT_SSE_IDLE_MS = 60_000;
const DEFAULT_SSE_TOTAL_MS = 600_000;

/** The timeouts for a request to `tool` (undefined: not a tools/call). */
export function timeoutsOf(upstream: CompiledUpstream, tool: string | undefined): UpstreamTimeouts {
  if (upstream.timeoutsFor) return upstream.timeoutsFor(tool);
  return {
    timeoutMs: upstream.timeoutMs,
    sseIdleMs: DEFAULT_SSE_IDLE_MS,
    sseTotalMs: DEFAULT_SSE_TOTAL_MS,
  };
}

/** Why a watchdog fired. */
export type Expiry = 'idle' | 'total';

/** Idle + total timer over one SSE response. */
export interface SseWatchdog {
  /** Upstream activity: restarts the idle timer. */
  touch(): void;
  stop(): void;
  /** Set once the watchdog fired. */
  readonly expired: Expiry | undefined;
}

/**
 * Starts a watchdog; `onExpire` runs once, when either limit passes. `startedAt` is the
 * `Date.now()` at which the request was sent upstream (the total limit counts from there).
 * @example const w = sseWatchdog(t, sentAt, () => discardBody(up.body)); … w.touch(); … w.stop();
 */
export function sseWatchdog(
  t: UpstreamTimeouts,
  startedAt: number,
  onExpire: (why: Expiry) => void,
): SseWatchdog {
  let expired: Expiry | undefined;
  let idle: NodeJS.Timeout | undefined;
  const fire = (why: Expiry): void => {
    if (expired) return;
    expired = why;
    clearTimeout(idle);
    clearTimeout(total);
    onExpire(why);
  };
  const total = setTimeout(() => fire('total'), Math.max(0, startedAt + t.sseTotalMs - Date.now()));
  // Re-arming a timer per chunk is cheap next to parsing the chunk; refresh() reuses the handle.
  idle = setTimeout(() => fire('idle'), t.sseIdleMs);
  return {
    touch: () => {
      if (!expired) idle?.refresh();
    },
    stop: () => {
      clearTimeout(idle);
      clearTimeout(total);
      idle = undefined;
    },
    get expired() {
      return expired;
    },
  };
}

/**
 * `stream-limits` system guard: caps on concurrently open streams. GET (server → client) streams
 * live for hours, so without a cap one principal could hold every socket and file descriptor of
 * the proxy: they are capped per principal (`max_get_streams_per_principal`) and per process
 * (`max_get_streams`). `max_sse_streams_per_principal` counts GET streams and POST requests in
 * flight together: an SSE response cannot be refused once the upstream has answered, so every
 * request that may become one takes its slot when admitted (through the port, in the same
 * synchronous step as the check) and gives it back when its response closes.
 * A refusal is `too_many_streams` (429, `data.cap`, `Retry-After`), before the upstream is asked.
 */
import { CONTINUE } from '../../core/guard.js';
import { counter } from '../../shared/metrics.js';
import type { Admission, AdmissionGuard, AdmissionVerdict } from './system-guard.js';

/** Which cap refused a stream or request (`error.data.cap`, metric label). */
export type StreamCap = 'per_principal' | 'total' | 'sse_per_principal';

/** What a refused client is told to wait before trying again. */
const RETRY_AFTER_MS = 5_000;

const refusedStreams = counter({
  name: 'dojo_guard_get_streams_refused_total',
  help: 'GET streams refused because a stream cap was reached',
  labelNames: ['cap'] as const,
});

function refuse(cap: StreamCap): AdmissionVerdict {
  refusedStreams.inc({ cap });
  return {
    kind: 'deny',
    code: 'too_many_streams',
    reason: `stream cap ${cap}`,
    data: { cap, retryAfterMs: RETRY_AFTER_MS },
  };
}

export const streamLimitsGuard: AdmissionGuard = {
  name: 'stream-limits',
  audited: true,
  admit({ message, caps, port }: Admission): AdmissionVerdict {
    if (message === undefined) {
      const s = port.streams();
      if (s.principalGets >= caps.maxGetStreamsPerPrincipal) return refuse('per_principal');
      if (s.totalGets >= caps.maxGetStreams) return refuse('total');
      if (s.principalSse >= caps.maxSseStreamsPerPrincipal) return refuse('sse_per_principal');
      port.hold('get');
      return CONTINUE;
    }
    if (message.kind !== 'request') return CONTINUE;
    if (port.streams().principalSse >= caps.maxSseStreamsPerPrincipal) {
      return refuse('sse_per_principal');
    }
    port.hold('request');
    return CONTINUE;
  },
};

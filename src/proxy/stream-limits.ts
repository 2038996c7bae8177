/**
 * Caps on concurrently open GET (server → client) and SSE streams: GET streams
 * live for hours, so without a cap one principal can hold every socket and file descriptor of the
 * proxy. Per process (connections are per process), per principal and in total; the caps are read
 * from the policy snapshot of each request (`server.caps`), so a reload changes them for new
 * streams. A refused stream gets 429 with a JSON-RPC error body (`too_many_streams`).
 */
import type { Principal } from '../core/principal.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import { counter, gauge } from '../shared/metrics.js';
import { hardeningCaps } from './hardening-caps.js';

const openStreams = gauge({
  name: 'dojo_guard_get_streams_open',
  help: 'GET (server to client) streams currently open through the proxy',
});
const refusedStreams = counter({
  name: 'dojo_guard_get_streams_refused_total',
  help: 'GET streams refused because a stream cap was reached',
  labelNames: ['cap'] as const,
});

/** Which cap refused a stream or request. */
export type StreamCap = 'per_principal' | 'total' | 'sse_per_principal';

/** A stream slot, or the cap that refused it. */
export type StreamGrant = { ok: true; release: () => void } | { ok: false; cap: StreamCap };

/** Decrements `key` in `map` (deleting zeros). */
function dec(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 1) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

/**
 * Counts open streams; one instance per proxy server. GET streams count against the GET caps and
 * the principal's SSE cap; POST requests count against the SSE cap only, from admission until
 * their response closes (an SSE response cannot be refused once the upstream answered, so every
 * request that may become one holds its slot up front).
 */
export class StreamLimiter {
  private readonly gets = new Map<string, number>();
  private readonly sse = new Map<string, number>();
  private totalGets = 0;

  /** Principal key: auth method and id, so equal ids from different sources never share a cap. */
  static keyOf(p: Principal): string {
    return `${p.authMethod}:${p.id}`;
  }

  private refuse(cap: StreamCap): StreamGrant {
    refusedStreams.inc({ cap });
    return { ok: false, cap };
  }

  /** Takes a GET stream slot, or says which cap is full. `release` is idempotent. */
  acquire(policy: CompiledPolicy, principal: Principal): StreamGrant {
    const caps = hardeningCaps(policy);
    const key = StreamLimiter.keyOf(principal);
    if ((this.gets.get(key) ?? 0) >= caps.maxGetStreamsPerPrincipal) {
      return this.refuse('per_principal');
    }
    if (this.totalGets >= caps.maxGetStreams) return this.refuse('total');
    if ((this.sse.get(key) ?? 0) >= caps.maxSseStreamsPerPrincipal) {
      return this.refuse('sse_per_principal');
    }
    this.gets.set(key, (this.gets.get(key) ?? 0) + 1);
    this.sse.set(key, (this.sse.get(key) ?? 0) + 1);
    this.totalGets++;
    openStreams.inc();
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        dec(this.gets, key);
        dec(this.sse, key);
        this.totalGets--;
        openStreams.dec();
      },
    };
  }

  /**
   * For a POST request: a slot held from admission until its response closes, or the cap that
   * refuses it. The slot is taken here, synchronously with the check, because any forwarded
   * request may come back as an SSE stream: counting only once the stream starts let concurrent
   * requests all pass the check before the first one was counted (the cap was exceeded).
   */
  admitRequest(policy: CompiledPolicy, principal: Principal): StreamGrant {
    const caps = hardeningCaps(policy);
    const key = StreamLimiter.keyOf(principal);
    if ((this.sse.get(key) ?? 0) >= caps.maxSseStreamsPerPrincipal) {
      return this.refuse('sse_per_principal');
    }
    this.sse.set(key, (this.sse.get(key) ?? 0) + 1);
    let released = false;
    return {
      ok: true,
      release: () => {
        if (released) return;
        released = true;
        dec(this.sse, key);
      },
    };
  }

  /** Streams and requests in flight of one principal counted against the SSE cap. */
  sseFor(principal: Principal): number {
    return this.sse.get(StreamLimiter.keyOf(principal)) ?? 0;
  }

  /** Open GET streams of one principal (tests, diagnostics). */
  openFor(principal: Principal): number {
    return this.gets.get(StreamLimiter.keyOf(principal)) ?? 0;
  }
}

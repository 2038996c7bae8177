/**
 * The stream slots behind the `stream-limits` system guard (src/guards/system/stream-limits.ts
 * decides; this only counts). Per process, as connections are: GET streams per principal and in
 * total, and per principal the streams counted against the SSE cap (GET streams plus POST
 * requests from admission until their response closes).
 */
import type { Principal } from '../core/principal.js';
import { gauge } from '../shared/metrics.js';

const openStreams = gauge({
  name: 'dojo_guard_get_streams_open',
  help: 'GET (server to client) streams currently open through the proxy',
});

/** Decrements `key` in `map` (deleting zeros). */
function dec(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 1) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}

/** Counts open streams; one instance per proxy server. */
export class StreamSlots {
  private readonly gets = new Map<string, number>();
  private readonly sse = new Map<string, number>();
  private totalGets = 0;

  /** Principal key: auth method and id, so equal ids from different sources never share a cap. */
  static keyOf(p: Principal): string {
    return `${p.authMethod}:${p.id}`;
  }

  /** The counts a guard compares with the caps. */
  counts(principal: Principal): { principalGets: number; totalGets: number; principalSse: number } {
    const key = StreamSlots.keyOf(principal);
    return {
      principalGets: this.gets.get(key) ?? 0,
      totalGets: this.totalGets,
      principalSse: this.sse.get(key) ?? 0,
    };
  }

  /**
   * Takes a slot (a GET stream counts against the GET caps and the SSE cap, a request against
   * the SSE cap only); the returned release is idempotent.
   */
  take(principal: Principal, kind: 'get' | 'request'): () => void {
    const key = StreamSlots.keyOf(principal);
    this.sse.set(key, (this.sse.get(key) ?? 0) + 1);
    if (kind === 'get') {
      this.gets.set(key, (this.gets.get(key) ?? 0) + 1);
      this.totalGets++;
      openStreams.inc();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      dec(this.sse, key);
      if (kind === 'get') {
        dec(this.gets, key);
        this.totalGets--;
        openStreams.dec();
      }
    };
  }
}

/**
 * `upstream.timeout_ms`, `sse_idle_timeout_ms`, `sse_total_timeout_ms` and their per-tool
 * overrides (`upstream.tool_timeouts`) compiled into one lookup. Every matching entry applies in
 * order, so a later entry wins field by field (the same rule as `inject_arguments`).
 */
import type { UpstreamTimeouts } from './compiled.js';
import { compilePatternSet } from '../core/match.js';
import type { UpstreamPolicy } from './schema-server.js';

/**
 * Compiles the timeouts of an upstream section; results are frozen and cached per tool name.
 * @example compileUpstreamTimeouts(u)('import_scan').sseTotalMs // 3600000 with an override
 */
export function compileUpstreamTimeouts(
  u: Pick<
    UpstreamPolicy,
    'timeout_ms' | 'sse_idle_timeout_ms' | 'sse_total_timeout_ms' | 'tool_timeouts'
  >,
): (tool: string | undefined) => UpstreamTimeouts {
  const base: UpstreamTimeouts = Object.freeze({
    timeoutMs: u.timeout_ms,
    sseIdleMs: u.sse_idle_timeout_ms,
    sseTotalMs: u.sse_total_timeout_ms,
  });
  const entries = u.tool_timeouts.map((e) => ({ tools: compilePatternSet(e.tools), e }));
  if (entries.length === 0) return () => base;
  // Tool names come from advertised tool lists, a bounded set; the cap guards against a client
  // inventing names (an unknown tool is refused later, but its lookup runs first).
  const cache = new Map<string, UpstreamTimeouts>();
  return (tool) => {
    if (tool === undefined) return base;
    const hit = cache.get(tool);
    if (hit) return hit;
    let t = base;
    for (const { tools, e } of entries) {
      if (!tools.allows(tool)) continue;
      t = {
        timeoutMs: e.timeout_ms ?? t.timeoutMs,
        sseIdleMs: e.sse_idle_timeout_ms ?? t.sseIdleMs,
        sseTotalMs: e.sse_total_timeout_ms ?? t.sseTotalMs,
      };
    }
    const out = Object.freeze({ ...t });
    if (cache.size < 1024) cache.set(tool, out);
    return out;
  };
}

/**
 * Which mutating calls must name only findings read earlier in the session
 * (`audit.findings.require_read_for` and `require_read_when`). Compiled once per policy; the
 * read-tracking guard (src/guards/read-tracking/guard.ts) asks it per call.
 */
import type { FindingsTracking } from './schema.js';
import { compileCondition, type CompiledCondition } from '../rbac/conditions.js';

/** Returns the id of the requirement a call falls under, or undefined when none applies. */
export type ReadRequirement = (
  tool: string,
  args: Readonly<Record<string, unknown>> | undefined,
) => string | undefined;

/**
 * @example compileReadRequirement(cfg)('close_finding', { reason: 'false_positive' }) // 'suppress-needs-read'
 */
export function compileReadRequirement(cfg: FindingsTracking): ReadRequirement {
  const always = new Set(cfg.require_read_for);
  const byTool = new Map<string, { id: string; when: CompiledCondition[] }[]>();
  for (const r of cfg.require_read_when) {
    const rule = { id: r.id, when: r.when.map(compileCondition) };
    for (const t of r.tools) byTool.set(t, [...(byTool.get(t) ?? []), rule]);
  }
  return (tool, args) => {
    if (always.has(tool)) return 'require_read_for';
    for (const r of byTool.get(tool) ?? []) if (r.when.every((c) => c(args))) return r.id;
    return undefined;
  };
}

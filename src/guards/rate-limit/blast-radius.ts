/**
 * Blast-radius counting: how many findings one tools/call can change. Counting is conservative:
 * every distinct id under any configured path counts once (across paths, so `finding_id: 5` plus
 * `finding_ids: [5]` is one finding), comma/space separated strings are split, and a value we
 * cannot read as an id (an object, say) still counts as one finding.
 */
import {
  compileArgumentConditions,
  compileToolGlobs,
  valuesAtPath,
  normalizeText,
} from './match.js';
import type { BlastRadiusSpec } from './schema.js';

export type FindingCounter = (
  toolName: string,
  args: Record<string, unknown> | undefined,
) => number;

function collectIds(value: unknown, into: Set<string>, opaque: { n: number }): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) return value.forEach((v) => collectIds(v, into, opaque));
  if (typeof value === 'string') {
    for (const part of normalizeText(value).split(/[\s,;]+/)) if (part) into.add(part);
    return;
  }
  if (typeof value === 'number' || typeof value === 'bigint') return void into.add(String(value));
  // Objects and booleans: we cannot tell which finding, but something is addressed.
  opaque.n += 1;
}

/**
 * @example compileFindingCounter(spec)('close_findings', { finding_ids: [1, 2, 2] }) // 2
 */
export function compileFindingCounter(spec: BlastRadiusSpec): FindingCounter {
  const bulk = spec.bulk.map((b) => ({
    tool: compileToolGlobs(b.tools),
    args: compileArgumentConditions(b.arguments),
    countsAs: b.counts_as,
  }));
  return (toolName, args) => {
    const ids = new Set<string>();
    const opaque = { n: 0 };
    for (const path of spec.count_arguments) {
      for (const v of valuesAtPath(args ?? {}, path)) collectIds(v, ids, opaque);
    }
    let n = ids.size + opaque.n;
    for (const b of bulk) if (b.tool(toolName) && b.args(args)) n += b.countsAs;
    return n;
  };
}

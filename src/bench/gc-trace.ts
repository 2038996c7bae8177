/**
 * Summarises V8's `--trace-gc-nvp` lines (one `key=value` record per GC) for `profile.js --gc`:
 * how many scavenges and mark-compacts ran, their pauses, and how much each scavenge promoted.
 */
import { median } from './stats.js';

export interface GcSummary {
  scavenges: number;
  scavengePauseMs: { median: number; max: number };
  promotedPerScavengeKb: number;
  markCompacts: number;
  markCompactPauseMs: { median: number; max: number };
}

function fields(line: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const part of line.trim().split(/\s+/)) {
    const eq = part.indexOf('=');
    if (eq > 0) m.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return m;
}

/** Reads the nvp records among `lines` (other output is ignored). */
export function summariseGc(lines: readonly string[]): GcSummary {
  const scav: number[] = [];
  const promoted: number[] = [];
  const mc: number[] = [];
  for (const line of lines) {
    if (!line.includes('pause=')) continue;
    const f = fields(line);
    const pause = Number(f.get('pause'));
    if (f.get('gc') === 's') {
      scav.push(pause);
      promoted.push(Number(f.get('promoted') ?? 0));
    } else if (f.get('gc') === 'ms' || f.get('gc') === 'mc') mc.push(pause);
  }
  const stats = (v: number[]) => ({
    median: v.length ? median(v) : 0,
    max: v.length ? Math.max(...v) : 0,
  });
  return {
    scavenges: scav.length,
    scavengePauseMs: stats(scav),
    promotedPerScavengeKb: promoted.length ? median(promoted) / 1024 : 0,
    markCompacts: mc.length,
    markCompactPauseMs: stats(mc),
  };
}

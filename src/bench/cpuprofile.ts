/**
 * Reads a V8 .cpuprofile (from `node --cpu-prof`) and sums self time per function, so a profile
 * of the guard can be read as a short table: `node dist/bench/cpuprofile.js FILE [--top N]`.
 */
import { readFile } from 'node:fs/promises';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  endTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The last two path segments of a script URL (`proxy/relay.js`), enough to tell files apart. */
function shortUrl(url: string): string {
  return url.split('/').slice(-2).join('/');
}

/** A V8 call frame as `name file:line` (`handlePost proxy/post.js:19`), shared by the tables. */
export function frameLabel(f: { functionName: string; url: string; lineNumber: number }): string {
  const where = f.url ? ` ${shortUrl(f.url)}:${f.lineNumber + 1}` : '';
  return `${f.functionName || '(anonymous)'}${where}`;
}

/** One row of the summary: a function (name + file:line) and its self time. */
export interface SelfTimeRow {
  fn: string;
  selfMs: number;
  share: number;
}

/**
 * Sums self time per function (by name and location). With `lastMs`, only the samples of the
 * profile's last `lastMs` milliseconds count (the measured load, not start-up and warm-up).
 */
export function selfTimes(profile: CpuProfile, lastMs?: number): SelfTimeRow[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const from = lastMs === undefined ? -Infinity : profile.endTime - lastMs * 1000;
  let all = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < from) return;
    const f = byId.get(id)?.callFrame;
    const key = f ? frameLabel(f) : '(anonymous)';
    totals.set(key, (totals.get(key) ?? 0) + dt);
    all += dt;
  });
  return [...totals.entries()]
    .map(([fn, us]) => ({ fn, selfMs: us / 1000, share: us / Math.max(1, all) }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Sums self time per script file (where the time goes, module by module). */
export function selfTimesByFile(profile: CpuProfile, lastMs?: number): SelfTimeRow[] {
  const rows = selfTimes(profile, lastMs);
  const totals = new Map<string, number>();
  for (const r of rows) {
    const file = r.fn.includes(' ') ? r.fn.slice(r.fn.lastIndexOf(' ') + 1).split(':')[0]! : r.fn;
    totals.set(file, (totals.get(file) ?? 0) + r.selfMs);
  }
  const all = rows.reduce((a, r) => a + r.selfMs, 0);
  return [...totals.entries()]
    .map(([fn, ms]) => ({ fn, selfMs: ms, share: ms / Math.max(1e-9, all) }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Formats the top rows as a table; with `requests`, adds self time per request in µs. */
export function formatRows(rows: SelfTimeRow[], top: number, requests?: number): string {
  return rows
    .slice(0, top)
    .map(
      (r) =>
        `${r.selfMs.toFixed(1).padStart(9)} ms ${(r.share * 100).toFixed(1).padStart(5)}%` +
        (requests ? ` ${((r.selfMs * 1000) / requests).toFixed(1).padStart(7)} µs/req` : '') +
        `  ${r.fn}`,
    )
    .join('\n');
}

/**
 * Inclusive time per function of our own code (dist/), µs: where a request's time goes, phase by
 * phase (a function counted once per sample even when it recurses).
 */
export function inclusiveOwn(profile: CpuProfile, lastMs?: number): SelfTimeRow[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const from = lastMs === undefined ? -Infinity : profile.endTime - lastMs * 1000;
  const totals = new Map<string, number>();
  let all = 0;
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    t += dt;
    if (t < from) return;
    all += dt;
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (!f?.url.includes('/dist/')) continue;
      const key = frameLabel(f);
      if (seen.has(key)) continue;
      seen.add(key);
      totals.set(key, (totals.get(key) ?? 0) + dt);
    }
  });
  return [...totals.entries()]
    .map(([fn, us]) => ({ fn, selfMs: us / 1000, share: us / Math.max(1, all) }))
    .sort((a, b) => b.selfMs - a.selfMs);
}

/** Loads a .cpuprofile file. */
export async function loadProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: node dist/bench/cpuprofile.js FILE [--top N]');
  const i = process.argv.indexOf('--top');
  const top = i > 0 ? Number(process.argv[i + 1]) : 40;
  const p = await loadProfile(file);
  console.log(formatRows(selfTimes(p), top));
  console.log('\nby file:');
  console.log(formatRows(selfTimesByFile(p), 20));
}

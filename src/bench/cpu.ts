/**
 * CPU time of a proxy process, as the process itself measures it (process.cpuUsage): the bare
 * proxy answers /__cpu, dojo-guard exports prom-client's process_cpu_seconds_total on /metrics.
 * Falls back to /proc/PID/stat (10 ms ticks) if the endpoint does not answer.
 */
import { request } from 'undici';
import { cpuUsOf } from './spawn.js';

/** Where a CPU figure came from (reported, so a coarse /proc reading is visible). */
export type CpuSource = 'cpuUsage' | 'metrics' | 'proc';

/** Reads the CPU time (user + system, µs) of the proxy at `origin` (pid for the fallback). */
export async function readCpuUs(
  origin: string,
  pid: number,
  kind: 'bare' | 'guard',
): Promise<{ us: number; source: CpuSource }> {
  try {
    if (kind === 'bare') {
      const r = await request(`${origin}/__cpu`);
      if (r.statusCode === 200) {
        return { us: ((await r.body.json()) as { cpuUs: number }).cpuUs, source: 'cpuUsage' };
      }
      await r.body.dump();
    } else {
      const r = await request(`${origin}/metrics`);
      const text = await r.body.text();
      const m = /^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(text);
      if (r.statusCode === 200 && m) return { us: Number(m[1]) * 1e6, source: 'metrics' };
    }
  } catch {
    /* endpoint not there: fall back */
  }
  return { us: await cpuUsOf(pid), source: 'proc' };
}

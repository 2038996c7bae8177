/**
 * Smoke test of the benchmark harness (issue 8): runs `dist/bench/main.js --smoke` end to end
 * (sandbox fixtures, fixed-response upstream, bare proxy, dojo-guard with the demo policy, the
 * Redis run when Redis answers, the idle-session footprint) and checks the report's shape. The
 * figures of a smoke run are meaningless; only that every path answered and was measured.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);

interface Row {
  name: string;
  concurrency: number;
  cpu_us_per_req: { bare: number; guard: number; floor: number };
  cpu_ratio_guard_vs_bare: number;
  cpu_ratio_guard_vs_floor: number;
  throughput_ratio_guard_vs_bare: number;
  added_p50_ms: number;
  added_p99_ms: number;
  first_event_delta_ms?: number;
  errors: { direct: number; bare: number; guard: number; floor: number };
  noisy: boolean;
  target_misses: string[];
  step_misses: string[];
}

describe('bench harness --smoke', () => {
  let dir: string | undefined;
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('measures every workload on the four paths (transform floor included) and writes the report', async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bench-smoke-'));
    const out = path.join(dir, 'report.json');
    const { stdout } = await run(
      process.execPath,
      [path.join(REPO_ROOT, 'dist/bench/main.js'), '--smoke', '--out', out],
      // ~25 s on an idle 2-core box (process start-up dominates); a loaded CI box needs more.
      { timeout: 110_000, maxBuffer: 16 * 2 ** 20 },
    );
    const report = JSON.parse(await readFile(out, 'utf8')) as {
      mode: string;
      workloads: Row[];
      redis: Row[] | string;
      idle_sessions: { count: number; rss_mb: number };
      fixtures: Record<string, number>;
      cpu_source: string[];
    };
    expect(report.mode).toBe('smoke');
    const names = new Set(report.workloads.map((w) => w.name));
    expect([...names].sort()).toEqual(
      ['get_findings_100', 'new_session', 'small_call', 'sse_10_progress', 'tools_list'].sort(),
    );
    for (const w of report.workloads) {
      // A path that failed would make every ratio below meaningless.
      expect(w.errors, `${w.name} c=${w.concurrency}`).toEqual({
        direct: 0,
        bare: 0,
        guard: 0,
        floor: 0,
      });
      expect(w.cpu_us_per_req.bare).toBeGreaterThan(0);
      expect(w.cpu_us_per_req.floor).toBeGreaterThan(0);
      expect(w.cpu_us_per_req.guard).toBeGreaterThan(0);
      for (const k of [
        'cpu_ratio_guard_vs_bare',
        'cpu_ratio_guard_vs_floor',
        'throughput_ratio_guard_vs_bare',
        'added_p50_ms',
        'added_p99_ms',
      ] as const) {
        expect(Number.isFinite(w[k]), `${w.name} ${k}`).toBe(true);
      }
      expect(typeof w.noisy).toBe('boolean');
      expect(Array.isArray(w.target_misses)).toBe(true);
      expect(Array.isArray(w.step_misses)).toBe(true);
      // One summary line per row on stdout.
      expect(stdout).toMatch(new RegExp(`^${w.name} +c= *${w.concurrency} .*tput guard/bare`, 'm'));
    }
    expect(
      report.workloads.find((w) => w.name === 'sse_10_progress')?.first_event_delta_ms,
    ).toEqual(expect.any(Number));
    // The guard's CPU comes from its own process.cpuUsage via /metrics, not coarse /proc ticks.
    expect(report.cpu_source).toContain('metrics');
    expect(report.cpu_source).not.toContain('proc');
    // The 100-finding page is trimmed to ~170 KB (null fields dropped), 100 findings kept.
    expect(report.fixtures.get_findings_page_bytes).toBeGreaterThan(120_000);
    expect(report.fixtures.get_findings_page_bytes).toBeLessThan(200_000);
    expect(report.idle_sessions.rss_mb).toBeGreaterThan(0);
    if (Array.isArray(report.redis)) expect(report.redis.length).toBeGreaterThan(0);
    else expect(report.redis).toMatch(/^skipped/);
  }, 120_000);
});

describe('bench micro-benchmarks', () => {
  it('times every stage on the real fixtures and prints positive figures', async () => {
    const { stdout } = await run(
      process.execPath,
      [path.join(REPO_ROOT, 'dist/bench/micro.js'), '--rounds', '1'],
      { cwd: REPO_ROOT, timeout: 120_000 },
    );
    const rows = stdout
      .split('\n')
      .map((l) => /^\s*([\d.]+) µs {2}(.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null);
    const names = rows.map((m) => m[2] ?? '');
    expect(names.some((n) => n.includes('get_findings body') && n.includes('strict parse'))).toBe(
      true,
    );
    expect(names.some((n) => n.includes('seal'))).toBe(true);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    for (const m of rows) expect(Number(m[1])).toBeGreaterThan(0);
  });
});

/**
 * `node dist/bench/table.js [REPORT]`: renders a bench report (default bench/results/latest.json)
 * as the Markdown table bench/README.md shows.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Row {
  name: string;
  concurrency: number;
  throughput_rps: { direct: number; bare: number; guard: number };
  cpu_us_per_req: { bare: number; guard: number; floor?: number };
  cpu_ratio_guard_vs_bare: number;
  cpu_ratio_guard_vs_floor?: number;
  throughput_ratio_guard_vs_bare: number;
  throughput_ratio_guard_vs_direct: number;
  added_p50_ms: number;
  added_p99_ms: number;
  first_event_delta_ms?: number;
  noisy: boolean;
  target_misses: string[];
  step_misses?: string[];
}

/** Markdown table of report rows. */
export function markdownTable(rows: Row[]): string {
  const head =
    '| workload | c | rps direct / bare / guard | tput guard/bare | guard/direct | added p50 / p99 ms | CPU µs/req bare → guard | CPU × | floor µs | CPU × floor | SSE 1st event Δ ms | step misses |\n' +
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|---|';
  const lines = rows.map((r) =>
    [
      r.name,
      r.concurrency,
      `${r.throughput_rps.direct} / ${r.throughput_rps.bare} / ${r.throughput_rps.guard}`,
      r.throughput_ratio_guard_vs_bare,
      r.throughput_ratio_guard_vs_direct,
      `${r.added_p50_ms} / ${r.added_p99_ms}`,
      `${r.cpu_us_per_req.bare} → ${r.cpu_us_per_req.guard}`,
      r.cpu_ratio_guard_vs_bare,
      r.cpu_us_per_req.floor ?? '',
      r.cpu_ratio_guard_vs_floor ?? '',
      r.first_event_delta_ms ?? '',
      ((r.step_misses ?? r.target_misses).join(', ') || '—') + (r.noisy ? ' (noisy)' : ''),
    ].join(' | '),
  );
  return [head, ...lines.map((l) => `| ${l} |`)].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const file = process.argv[2] ?? path.join(root, 'bench/results/latest.json');
  const report = JSON.parse(await readFile(file, 'utf8')) as {
    workloads: Row[];
    redis: Row[] | string;
  };
  console.log(markdownTable(report.workloads));
  if (Array.isArray(report.redis))
    console.log(`\nRedis state store:\n\n${markdownTable(report.redis)}`);
  else console.log(`\nRedis run: ${report.redis}`);
}

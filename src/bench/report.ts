/**
 * Turns the alternating rounds of one workload × concurrency into a report row, checks it against
 * the issue-8 targets, and formats the one-line summary.
 */
import { cv, median, round } from './stats.js';

/** One measured round of one path. */
export interface PathRound {
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerReq?: number;
  firstEvent?: number;
  errors: number;
  errorKinds: Record<string, number>;
}

/** The issue-8 targets (ratios and milliseconds, on the 2-core bench machine). */
export const TARGETS = {
  cpu_ratio_max: 1.2,
  throughput_ratio_min: 0.85,
  added_p99_small_ms: 1,
  added_p99_findings_ms: 3,
  sse_first_event_ms: 2,
  idle_rss_mb: 150,
} as const;

/**
 * The targets of the request-path renovation (bench/README.md "Against the targets"): CPU against
 * the bare proxy for small calls, against the transform floor where results must be rewritten.
 */
export const STEP_TARGETS = {
  small_cpu_vs_bare_max: 1.5,
  small_throughput_vs_bare_min: 0.7,
  small_added_p99_c1_ms: 1,
  tools_list_cpu_vs_floor_max: 2,
  findings_cpu_vs_floor_max: 1.5,
  findings_added_p99_c1_ms: 3,
  sse_first_event_c1_ms: 2,
} as const;

/** Coefficient of variation of throughput above which a row is flagged as too noisy to trust. */
export const NOISY_CV = 0.15;

const med = (rounds: PathRound[], k: keyof PathRound): number =>
  median(rounds.map((r) => r[k]).filter((x): x is number => typeof x === 'number'));
const errorsOf = (rounds: PathRound[]): number => rounds.reduce((a, r) => a + r.errors, 0);
const kindsOf = (rounds: PathRound[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const r of rounds)
    for (const [k, n] of Object.entries(r.errorKinds)) out[k] = (out[k] ?? 0) + n;
  return out;
};

/** Builds the report row of one workload at one concurrency from the rounds of the three paths. */
export function buildRow(
  name: string,
  concurrency: number,
  sse: boolean,
  direct: PathRound[],
  bare: PathRound[],
  guard: PathRound[],
  floor: PathRound[] = [],
  baseline: PathRound[] = [],
): Record<string, unknown> & { noisy: boolean; target_misses: string[]; step_misses: string[] } {
  const all = floor.length ? [direct, bare, guard, floor] : [direct, bare, guard];
  const spread = Math.max(...all.map((p) => cv(p.map((x) => x.rps)) || 0));
  const floorCpu = floor.length ? med(floor, 'cpuUsPerReq') : NaN;
  const row = {
    name,
    concurrency,
    throughput_rps: {
      direct: round(med(direct, 'rps'), 1),
      bare: round(med(bare, 'rps'), 1),
      guard: round(med(guard, 'rps'), 1),
      floor: floor.length ? round(med(floor, 'rps'), 1) : undefined,
    },
    p50_ms: {
      direct: round(med(direct, 'p50')),
      bare: round(med(bare, 'p50')),
      guard: round(med(guard, 'p50')),
    },
    p99_ms: {
      direct: round(med(direct, 'p99')),
      bare: round(med(bare, 'p99')),
      guard: round(med(guard, 'p99')),
    },
    cpu_us_per_req: {
      bare: round(med(bare, 'cpuUsPerReq'), 1),
      guard: round(med(guard, 'cpuUsPerReq'), 1),
      floor: floor.length ? round(floorCpu, 1) : undefined,
    },
    cpu_ratio_guard_vs_bare: round(med(guard, 'cpuUsPerReq') / med(bare, 'cpuUsPerReq'), 2),
    cpu_ratio_guard_vs_baseline: baseline.length
      ? round(med(guard, 'cpuUsPerReq') / med(baseline, 'cpuUsPerReq'), 3)
      : undefined,
    cpu_us_per_req_baseline: baseline.length ? round(med(baseline, 'cpuUsPerReq'), 1) : undefined,
    cpu_ratio_guard_vs_floor: floor.length
      ? round(med(guard, 'cpuUsPerReq') / floorCpu, 2)
      : undefined,
    throughput_ratio_guard_vs_bare: round(med(guard, 'rps') / med(bare, 'rps')),
    throughput_ratio_guard_vs_direct: round(med(guard, 'rps') / med(direct, 'rps')),
    added_p50_ms: round(med(guard, 'p50') - med(direct, 'p50')),
    added_p99_ms: round(med(guard, 'p99') - med(direct, 'p99')),
    added_p50_vs_bare_ms: round(med(guard, 'p50') - med(bare, 'p50')),
    added_p99_vs_bare_ms: round(med(guard, 'p99') - med(bare, 'p99')),
    first_event_delta_ms: sse
      ? round(med(guard, 'firstEvent') - med(direct, 'firstEvent'))
      : undefined,
    errors: {
      direct: errorsOf(direct),
      bare: errorsOf(bare),
      guard: errorsOf(guard),
      floor: errorsOf(floor),
    },
    error_kinds: {
      direct: kindsOf(direct),
      bare: kindsOf(bare),
      guard: kindsOf(guard),
      floor: kindsOf(floor),
    },
    throughput_cv_max: round(spread),
    noisy: spread > NOISY_CV,
    target_misses: [] as string[],
    step_misses: [] as string[],
  };
  const miss = row.target_misses;
  if (!(row.cpu_ratio_guard_vs_bare <= TARGETS.cpu_ratio_max)) miss.push('cpu');
  if (!(row.throughput_ratio_guard_vs_bare >= TARGETS.throughput_ratio_min))
    miss.push('throughput');
  const p99Max = name.startsWith('get_findings')
    ? TARGETS.added_p99_findings_ms
    : name === 'small_call'
      ? TARGETS.added_p99_small_ms
      : undefined;
  if (p99Max !== undefined && !(row.added_p99_ms <= p99Max)) miss.push('p99');
  if (sse && !((row.first_event_delta_ms ?? Infinity) <= TARGETS.sse_first_event_ms)) {
    miss.push('sse_first_event');
  }
  row.step_misses = stepMisses(name, concurrency, row);
  return row;
}

/** Which of STEP_TARGETS a row misses (rows a target does not speak about miss nothing). */
function stepMisses(
  name: string,
  c: number,
  row: {
    cpu_ratio_guard_vs_bare: number;
    cpu_ratio_guard_vs_floor?: number;
    throughput_ratio_guard_vs_bare: number;
    added_p99_ms: number;
    first_event_delta_ms?: number;
  },
): string[] {
  const t = STEP_TARGETS;
  const miss: string[] = [];
  const floorRatio = row.cpu_ratio_guard_vs_floor ?? NaN;
  if (name === 'small_call') {
    if ((c === 1 || c === 16) && !(row.cpu_ratio_guard_vs_bare <= t.small_cpu_vs_bare_max))
      miss.push('cpu');
    if (!(row.throughput_ratio_guard_vs_bare >= t.small_throughput_vs_bare_min))
      miss.push('throughput');
    if (c === 1 && !(row.added_p99_ms <= t.small_added_p99_c1_ms)) miss.push('p99');
  }
  if (name === 'tools_list' && !(floorRatio <= t.tools_list_cpu_vs_floor_max))
    miss.push('cpu_vs_floor');
  if (name.startsWith('get_findings')) {
    if (!(floorRatio <= t.findings_cpu_vs_floor_max)) miss.push('cpu_vs_floor');
    if (c === 1 && !(row.added_p99_ms <= t.findings_added_p99_c1_ms)) miss.push('p99');
  }
  if (
    c === 1 &&
    row.first_event_delta_ms !== undefined &&
    !(row.first_event_delta_ms <= t.sse_first_event_c1_ms)
  )
    miss.push('sse_first_event');
  return miss;
}

/** The one-line summary of a row. */
export function summaryLine(row: ReturnType<typeof buildRow>): string {
  const r = row as unknown as {
    name: string;
    concurrency: number;
    throughput_ratio_guard_vs_bare: number;
    throughput_ratio_guard_vs_direct: number;
    added_p50_ms: number;
    added_p99_ms: number;
    cpu_us_per_req: { bare: number; guard: number; floor?: number };
    cpu_ratio_guard_vs_bare: number;
    cpu_ratio_guard_vs_floor?: number;
    cpu_ratio_guard_vs_baseline?: number;
    cpu_us_per_req_baseline?: number;
    first_event_delta_ms?: number;
    errors: { direct: number; bare: number; guard: number; floor: number };
    error_kinds: Record<string, Record<string, number>>;
  };
  const errs = r.errors.direct + r.errors.bare + r.errors.guard + r.errors.floor;
  return (
    `${r.name.padEnd(17)} c=${String(r.concurrency).padStart(2)}` +
    `  tput guard/bare ${r.throughput_ratio_guard_vs_bare.toFixed(2)} guard/direct ${r.throughput_ratio_guard_vs_direct.toFixed(2)}` +
    `  added p50 ${r.added_p50_ms.toFixed(2)} p99 ${r.added_p99_ms.toFixed(2)} ms` +
    `  cpu µs/req bare ${r.cpu_us_per_req.bare} guard ${r.cpu_us_per_req.guard} (×${r.cpu_ratio_guard_vs_bare})` +
    (r.cpu_ratio_guard_vs_floor !== undefined
      ? ` floor ${r.cpu_us_per_req.floor} (guard ×${r.cpu_ratio_guard_vs_floor})`
      : '') +
    (r.cpu_ratio_guard_vs_baseline !== undefined
      ? ` baseline ${r.cpu_us_per_req_baseline} (guard ×${r.cpu_ratio_guard_vs_baseline})`
      : '') +
    (r.first_event_delta_ms !== undefined
      ? `  first-event Δ ${r.first_event_delta_ms.toFixed(2)} ms`
      : '') +
    (errs ? `  ERRORS ${JSON.stringify(r.error_kinds)}` : '') +
    (row.target_misses.length ? `  misses: ${row.target_misses.join(',')}` : '  meets targets') +
    (row.step_misses.length
      ? `  step misses: ${row.step_misses.join(',')}`
      : '  meets step targets') +
    (row.noisy ? '  [NOISY: throughput varied >15% between rounds; do not trust]' : '')
  );
}

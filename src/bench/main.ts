/**
 * `npm run bench [-- --quick | --smoke] [-- --no-redis] [-- --out FILE]`: what the guard costs,
 * (`--guard-node-flags "FLAGS"` starts every guard with extra node flags, e.g. V8 heap sizing;
 * `--idle-only` measures only the idle-session footprint),
 * against a direct call, a bare JSON-aware proxy and the transform floor (the bare proxy that
 * also parses and re-serialises every upstream message), measured in the same run with the four
 * paths alternating round by round. Prints one summary line per workload and a JSON
 * report (also written to bench/results/latest.json, or --out). Method: bench/README.md.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { captureFixtures } from './fixtures.js';
import { startGuard } from './guard.js';
import { LoadClient, runLoad, type Target, type Workload } from './load.js';
import { readCpuUs, type CpuSource } from './cpu.js';
import { startFixtureUpstream, startNode, rssOf, type Child } from './spawn.js';
import { WORKLOADS } from './workloads.js';
import { percentile, round } from './stats.js';
import {
  buildRow,
  summaryLine,
  TARGETS,
  STEP_TARGETS,
  NOISY_CV,
  type PathRound,
} from './report.js';
import { DEMO_BENCH_TOKEN } from './token.js';
import { arg, CLI, ROOT } from './argv.js';

const argv = process.argv.slice(2);
const flag = (f: string): boolean => argv.includes(f);
const MODE = flag('--smoke') ? 'smoke' : flag('--quick') ? 'quick' : 'full';
const PLAN = {
  full: { rounds: 5, durationMs: 2000, warmupMs: 500, concurrency: [1, 16, 64], idle: 1000 },
  quick: { rounds: 3, durationMs: 400, warmupMs: 150, concurrency: [1, 16, 64], idle: 1000 },
  // A tiny run for the smoke test: every code path, numbers meaningless.
  smoke: { rounds: 1, durationMs: 100, warmupMs: 50, concurrency: [1, 4], idle: 50 },
}[MODE];
/**
 * A second dojo-guard build measured in the same run as a fifth path (e.g. `main` built in
 * another worktree): `cpu_ratio_guard_vs_baseline` is the A/B of a change, immune to the drift
 * between two runs on a shared machine.
 */
const BASELINE_CLI = arg('--baseline-cli', '');
/**
 * The policy both guards run (default policies/demo.yaml). For an A/B against an older build, pass
 * a policy that build also accepts (e.g. its own demo.yaml via `git show OLD:policies/demo.yaml`).
 */
const POLICY = arg('--policy', '');
/** Subsets for a short A/B: `--workloads small_call,get_findings_100 --concurrency 1`. */
const ONLY_WORKLOADS = arg('--workloads', '').split(',').filter(Boolean);
const ONLY_CONCURRENCY = arg('--concurrency', '').split(',').filter(Boolean).map(Number);
/** Extra node flags for every guard process (recorded in the report). */
const GUARD_NODE_FLAGS = arg('--guard-node-flags', '').split(/\s+/).filter(Boolean);
const OUT = argv.includes('--out')
  ? path.resolve(argv[argv.indexOf('--out') + 1]!)
  : path.join(ROOT, 'bench/results/latest.json');

interface PathSpec {
  target: Target;
  child?: Child;
}

const cpuSources = new Set<CpuSource>();

async function measure(
  client: LoadClient,
  child: Child | undefined,
  w: Workload,
  c: number,
  sessions: string[],
): Promise<PathRound> {
  const origin = client.target.url.origin;
  const kind =
    client.target.name === 'guard' || client.target.name === 'baseline' ? 'guard' : 'bare';
  const cpu0 = child ? await readCpuUs(origin, child.proc.pid!, kind) : undefined;
  const r = await runLoad(client, w, c, PLAN.durationMs, sessions);
  const cpu1 = child ? await readCpuUs(origin, child.proc.pid!, kind) : undefined;
  if (cpu1) cpuSources.add(cpu1.source);
  return {
    rps: (r.count / r.durationMs) * 1000,
    p50: percentile(r.latenciesMs, 50),
    p99: percentile(r.latenciesMs, 99),
    cpuUsPerReq: cpu0 && cpu1 ? (cpu1.us - cpu0.us) / Math.max(1, r.count) : undefined,
    firstEvent: r.firstEventMs.length ? percentile(r.firstEventMs, 50) : undefined,
    errors: r.errors,
    errorKinds: r.errorKinds,
  };
}

/** Measures every workload × concurrency on the paths (direct, bare, guard, floor), alternating. */
async function benchPaths(
  paths: PathSpec[],
  workloads: Workload[],
  concurrencies: number[],
): Promise<ReturnType<typeof buildRow>[]> {
  const out: ReturnType<typeof buildRow>[] = [];
  for (const w of workloads) {
    for (const c of concurrencies) {
      const clients = paths.map((p) => new LoadClient(p.target, c));
      const sessions = await Promise.all(
        clients.map((cl) => Promise.all(Array.from({ length: c }, () => cl.openSession()))),
      );
      // Warm-up (JIT, pools), then alternate the paths round by round so drift hits all alike.
      for (const [i, cl] of clients.entries()) await runLoad(cl, w, c, PLAN.warmupMs, sessions[i]!);
      const rounds: PathRound[][] = paths.map(() => []);
      for (let r = 0; r < PLAN.rounds; r++) {
        // Rotate the order each round: no path always runs right after another.
        for (let k = 0; k < clients.length; k++) {
          const i = (k + r) % clients.length;
          rounds[i]!.push(await measure(clients[i]!, paths[i]!.child, w, c, sessions[i]!));
        }
      }
      await Promise.all(clients.map((cl) => cl.close()));
      const [direct, bare, guard, floor, baseline] = rounds as [
        PathRound[],
        PathRound[],
        PathRound[],
        PathRound[] | undefined,
        PathRound[] | undefined,
      ];
      const row = buildRow(w.name, c, !!w.sse, direct, bare, guard, floor, baseline);
      out.push(row);
      console.log(summaryLine(row));
    }
  }
  return out;
}

/** RSS of a fresh guard before and after opening `n` sessions that then stay idle. */
async function idleSessionsRss(
  guard: Child,
  target: Target,
  n: number,
): Promise<{ before: number; after: number }> {
  const before = await rssOf(guard.proc.pid!);
  const cl = new LoadClient(target, 16);
  for (let i = 0; i < n; i += 16) {
    await Promise.all(Array.from({ length: Math.min(16, n - i) }, () => cl.openSession()));
  }
  await cl.close();
  await new Promise((r) => setTimeout(r, 500)); // let the guard settle (audit drain, GC)
  return { before, after: await rssOf(guard.proc.pid!) };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dojo-guard-bench-'));
  const children: Child[] = [];
  const stopAll = () => Promise.all(children.map((c) => c.stop()));
  // SIGTERM too: a test runner or CI timeout must not orphan the sandbox, upstream and proxies.
  process.on('SIGINT', () => void stopAll().then(() => process.exit(130)));
  process.on('SIGTERM', () => void stopAll().then(() => process.exit(143)));
  const loadStart = loadavg();
  try {
    const fixtures = await captureFixtures(CLI, dir);
    const upstream = await startFixtureUpstream(fixtures.file);
    children.push(upstream);
    const bare = await startNode(path.join(ROOT, 'dist/bench/bare-proxy.js'), [
      '--port',
      '0',
      '--upstream',
      upstream.url,
    ]);
    children.push(bare);
    const floor = await startNode(path.join(ROOT, 'dist/bench/bare-proxy.js'), [
      '--port',
      '0',
      '--upstream',
      upstream.url,
      '--transform',
    ]);
    children.push(floor);
    const policyFile = POLICY ? path.resolve(POLICY) : path.join(ROOT, 'policies/demo.yaml');
    const guardOpts = {
      cli: CLI,
      policyFile,
      upstreamUrl: upstream.url,
      dir,
      nodeArgs: GUARD_NODE_FLAGS,
    };
    const guard = await startGuard(guardOpts);
    children.push(guard);
    const auth = { authorization: `Bearer ${DEMO_BENCH_TOKEN}` };
    const paths: PathSpec[] = [
      { target: { name: 'direct', url: new URL(upstream.url), headers: {} } },
      { target: { name: 'bare', url: new URL(bare.url), headers: {} }, child: bare },
      { target: { name: 'guard', url: new URL(guard.url), headers: auth }, child: guard },
      { target: { name: 'floor', url: new URL(floor.url), headers: {} }, child: floor },
    ];
    if (BASELINE_CLI) {
      const base = await startGuard({ ...guardOpts, cli: path.resolve(BASELINE_CLI) });
      children.push(base);
      paths.push({
        target: { name: 'baseline', url: new URL(base.url), headers: auth },
        child: base,
      });
    }
    console.log(
      `dojo-guard bench: ${MODE} run, ${PLAN.rounds} alternating rounds × ${PLAN.durationMs} ms per path, ` +
        `node ${process.version}, ${cpus().length} cores, load average ${loadStart.map((l) => l.toFixed(1)).join(' ')}`,
    );
    const idleOnly = flag('--idle-only');
    const chosen = WORKLOADS.filter(
      (w) => !ONLY_WORKLOADS.length || ONLY_WORKLOADS.includes(w.name),
    );
    const levels = ONLY_CONCURRENCY.length ? ONLY_CONCURRENCY : PLAN.concurrency;
    const workloads = idleOnly ? [] : await benchPaths(paths, chosen, levels);

    let redis: ReturnType<typeof buildRow>[] | string = idleOnly
      ? 'skipped (--idle-only)'
      : 'skipped (--no-redis)';
    if (!flag('--no-redis') && !idleOnly) {
      const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
      try {
        const guardRedis = await startGuard({ ...guardOpts, redisUrl });
        children.push(guardRedis);
        console.log('-- second run: guard with the Redis state store --');
        redis = await benchPaths(
          [
            paths[0]!,
            paths[1]!,
            { target: { ...paths[2]!.target, url: new URL(guardRedis.url) }, child: guardRedis },
            ...paths.slice(3),
          ],
          chosen.filter((w) => w.name === 'small_call' || w.name === 'new_session'),
          MODE === 'full' ? [1, 16] : [PLAN.concurrency.at(-1)!],
        );
      } catch (err) {
        redis = `skipped: ${(err as Error).message.split('\n')[0]}`;
        console.log(`-- Redis run ${redis}`);
      }
    }
    // A fresh guard for the idle-session footprint, so earlier load doesn't inflate it.
    const fresh = await startGuard(guardOpts);
    children.push(fresh);
    const rss = await idleSessionsRss(
      fresh,
      { ...paths[2]!.target, url: new URL(fresh.url) },
      PLAN.idle,
    );
    const mb = (b: number): number => round(b / 2 ** 20, 1);
    console.log(
      `RSS with ${PLAN.idle} idle sessions: ${mb(rss.after)} MB (fresh guard ${mb(rss.before)} MB)` +
        (PLAN.idle === 1000 && mb(rss.after) > TARGETS.idle_rss_mb ? '  misses' : ''),
    );

    const report = {
      date: new Date().toISOString(),
      mode: MODE,
      node: process.version,
      cores: cpus().length,
      load_average: {
        start: loadStart.map((l) => round(l, 2)),
        end: loadavg().map((l) => round(l, 2)),
      },
      rounds: PLAN.rounds,
      duration_ms_per_path: PLAN.durationMs,
      noisy_cv_threshold: NOISY_CV,
      cpu_source: [...cpuSources],
      guard_node_flags: GUARD_NODE_FLAGS,
      baseline_cli: BASELINE_CLI || undefined,
      fixtures: fixtures.sizes,
      workloads,
      redis,
      idle_sessions: { count: PLAN.idle, rss_mb: mb(rss.after), fresh_rss_mb: mb(rss.before) },
      targets: TARGETS,
      step_targets: STEP_TARGETS,
    };
    const json = JSON.stringify(report, null, 2);
    console.log(json);
    await mkdir(path.dirname(OUT), { recursive: true });
    await writeFile(OUT, json + '\n');
  } finally {
    await stopAll();
    if (!flag('--keep')) await rm(dir, { recursive: true, force: true });
  }
}

await main();

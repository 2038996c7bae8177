/**
 * `node dist/bench/profile.js [--workload NAME] [--seconds N] [--concurrency C] [--policy FILE]
 * [--bare] [--alloc] [--gc]`:
 * runs one bench workload against dojo-guard started with `node --cpu-prof`, then prints self time
 * per function and per file, plus inclusive time of our own functions. The .cpuprofile is kept
 * (under the OS temp dir) for Chrome DevTools. With `--alloc`, the guard runs under the sampling
 * heap profiler instead (alloc-preload.ts) and the tables are bytes allocated per request. With
 * `--gc`, it runs with `--trace-gc-nvp` and prints scavenge and mark-compact pauses and the bytes
 * each scavenge promoted during the measured load.
 */
import { mkdtemp, mkdir, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { captureFixtures } from './fixtures.js';
import { startGuard } from './guard.js';
import { LoadClient, runLoad } from './load.js';
import { startFixtureUpstream, startNode } from './spawn.js';
import { WORKLOADS } from './workloads.js';
import { DEMO_BENCH_TOKEN } from './token.js';
import { formatRows, inclusiveOwn, loadProfile, selfTimes, selfTimesByFile } from './cpuprofile.js';
import { arg, CLI, ROOT } from './argv.js';
import { allocations, formatKb, loadHeapProfile } from './heapprofile.js';
import { summariseGc } from './gc-trace.js';
import { pathToFileURL } from 'node:url';

const name = arg('--workload', 'small_call');
const seconds = Number(arg('--seconds', '5'));
const concurrency = Number(arg('--concurrency', '16'));
// Another policy (default: the demo policy the bench uses), e.g. to bisect which guard costs what.
const policyFile = path.resolve(arg('--policy', path.join(ROOT, 'policies/demo.yaml')));
const workload = WORKLOADS.find((w) => w.name === name);
if (!workload)
  throw new Error(`unknown workload ${name}: ${WORKLOADS.map((w) => w.name).join(', ')}`);

const dir = await mkdtemp(path.join(tmpdir(), 'dojo-guard-profile-'));
// Profiles stay out of the repository (tens of MB each); the path is printed at the end.
const profDir = path.join(
  tmpdir(),
  'dojo-guard-profiles',
  `${name}${process.argv.includes('--bare') ? '-bare' : ''}-${Date.now()}`,
);
await mkdir(profDir, { recursive: true });
const upstream = await startFixtureUpstream((await captureFixtures(CLI, dir)).file);
// --bare profiles the bare proxy instead, for a like-for-like comparison.
const bare = process.argv.includes('--bare');
const alloc = process.argv.includes('--alloc');
const allocFile = path.join(profDir, 'guard.heapprofile');
if (alloc) process.env.DOJO_GUARD_ALLOC_OUT = allocFile;
const gc = process.argv.includes('--gc');
const nodeArgs = alloc
  ? ['--import', pathToFileURL(path.join(ROOT, 'dist/bench/alloc-preload.js')).href]
  : gc
    ? ['--trace-gc-nvp']
    : ['--cpu-prof', `--cpu-prof-dir=${profDir}`];
let gcLines: string[] = [];
let measuredGc: string[] = [];
const guard = bare
  ? await startNode(
      path.join(ROOT, 'dist/bench/bare-proxy.js'),
      ['--port', '0', '--upstream', upstream.url],
      {},
      nodeArgs,
    )
  : await startGuard({
      cli: CLI,
      policyFile,
      upstreamUrl: upstream.url,
      dir,
      nodeArgs,
    });
let count = 0;
let stopMs = 0;
if (gc) guard.proc.stdout?.on('data', (d: Buffer) => gcLines.push(...d.toString().split('\n')));
try {
  const client = new LoadClient(
    {
      name: 'guard',
      url: new URL(guard.url),
      headers: { authorization: `Bearer ${DEMO_BENCH_TOKEN}` },
    },
    concurrency,
  );
  const sessions = await Promise.all(
    Array.from({ length: concurrency }, () => client.openSession()),
  );
  await runLoad(client, workload, concurrency, 1000, sessions); // warm-up, not analysed
  if (alloc) {
    guard.proc.kill('SIGUSR2'); // start sampling allocations now
    await new Promise((r) => setTimeout(r, 100));
  }
  gcLines = []; // only the measured load
  const r = await runLoad(client, workload, concurrency, seconds * 1000, sessions);
  count = r.count;
  measuredGc = gcLines.slice();
  await client.close();
  console.log(
    `${name} c=${concurrency}: ${r.count} requests (${Math.round(r.count / seconds)}/s), ${r.errors} errors`,
  );
} finally {
  const t0 = performance.now();
  await guard.stop();
  stopMs = performance.now() - t0;
  await upstream.stop();
  await rm(dir, { recursive: true, force: true });
}
if (gc) {
  const g = summariseGc(measuredGc);
  console.log(
    `scavenges: ${g.scavenges} (${((g.scavenges * 1000) / Math.max(1, count)).toFixed(2)} per 1,000 requests), ` +
      `pause median ${g.scavengePauseMs.median.toFixed(2)} ms, max ${g.scavengePauseMs.max.toFixed(2)} ms, ` +
      `promoted median ${g.promotedPerScavengeKb.toFixed(0)} KB per scavenge ` +
      `(${((g.promotedPerScavengeKb * g.scavenges) / Math.max(1, count)).toFixed(2)} KB per request)`,
  );
  console.log(
    `mark-compacts: ${g.markCompacts}, pause median ${g.markCompactPauseMs.median.toFixed(2)} ms, ` +
      `max ${g.markCompactPauseMs.max.toFixed(2)} ms`,
  );
  process.exit(0);
}
if (alloc) {
  const a = allocations(await loadHeapProfile(allocFile));
  console.log(`allocated: ${(a.total / 1024 / count).toFixed(1)} KB per request (sampled)\n`);
  console.log(formatKb(a.self, a.total, 40, count));
  console.log('\ninclusive, our code:');
  console.log(formatKb(a.inclusive, a.total, 30, count));
  console.log(`\nprofile: ${allocFile}`);
  process.exit(0);
}
const file = (await readdir(profDir)).find((f) => f.endsWith('.cpuprofile'));
if (!file) throw new Error(`no .cpuprofile in ${profDir} (did the guard exit cleanly?)`);
const profile = await loadProfile(path.join(profDir, file));
// The load window: the last `seconds` before the process began to stop.
const windowMs = seconds * 1000 + stopMs;
console.log(formatRows(selfTimes(profile, windowMs), 45, count));
console.log('\nby file:');
console.log(formatRows(selfTimesByFile(profile, windowMs), 25, count));
console.log('\ninclusive, our code:');
console.log(formatRows(inclusiveOwn(profile, windowMs), 40, count));
console.log(`\nprofile: ${path.join(profDir, file)}`);

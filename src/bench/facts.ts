/**
 * `npm run bench:facts`: what policies that know the finding cost (README "Policies that know the
 * finding"). Two guards on policies/demo.yaml (limits raised as in `npm run bench`) in front of
 * the fixed-response upstream: one as shipped (findings section, fact rules, the `team` scope),
 * one without them. Two workloads, alternating round by round on both guards:
 * - scoped get_findings: the `team` principal (product 1) lists 100 findings; the guard injects
 *   its product filter and checks every row's product (learned once per test by lookups);
 * - fact-checked update_finding: a writer changes finding 1's title; the guard looks the finding
 *   up through the upstream (the change drops the cached facts, so every call looks up), decides
 *   the fact rules and journals the prior title.
 * Prints p50/p99 per guard and the difference (the cost), and a JSON summary.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { CLI, ROOT } from './argv.js';
import { captureFixtures } from './fixtures.js';
import { startGuard } from './guard.js';
import { LoadClient, runLoad, type Workload } from './load.js';
import { startFixtureUpstream, type Child } from './spawn.js';
import { percentile, round } from './stats.js';
import { FACT_WORKLOADS } from './workloads.js';
import { demoToken } from '../demo/tokens.js';

const SMOKE = process.argv.includes('--smoke');
const ROUNDS = SMOKE ? 1 : 5;
const DURATION_MS = SMOKE ? 150 : 2000;
const CONCURRENCY = SMOKE ? [1] : [1, 16];

/** demo.yaml without the findings section and the rules that need it (the baseline). */
async function baselinePolicy(dir: string): Promise<string> {
  const p = parse(await readFile(path.join(ROOT, 'policies/demo.yaml'), 'utf8')) as {
    findings?: unknown;
    rbac: { rules: { when?: { fact?: string }[] }[] };
  };
  delete p.findings;
  p.rbac.rules = p.rbac.rules.filter((r) => !(r.when ?? []).some((c) => c.fact !== undefined));
  const file = path.join(dir, 'demo-without-findings.yaml');
  await writeFile(file, stringify(p));
  return file;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dojo-guard-bench-facts-'));
  const children: Child[] = [];
  try {
    const fixtures = await captureFixtures(CLI, dir);
    const upstream = await startFixtureUpstream(fixtures.file);
    children.push(upstream);
    const opts = { cli: CLI, upstreamUrl: upstream.url, dir };
    const guards = {
      findings: await startGuard({ ...opts, policyFile: path.join(ROOT, 'policies/demo.yaml') }),
      baseline: await startGuard({ ...opts, policyFile: await baselinePolicy(dir) }),
    };
    children.push(guards.findings, guards.baseline);
    console.log(
      `dojo-guard bench:facts: ${ROUNDS} alternating rounds × ${DURATION_MS} ms, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    const rows = [];
    for (const w of FACT_WORKLOADS) {
      const headers = { authorization: `Bearer ${demoToken(w.role)}` };
      for (const c of CONCURRENCY) {
        const lat: Record<string, number[]> = { findings: [], baseline: [] };
        let errors = 0;
        const clients = Object.entries(guards).map(
          ([name, g]) =>
            [name, new LoadClient({ name: 'guard', url: new URL(g.url), headers }, c)] as const,
        );
        const load = (name: string): Workload =>
          name === 'baseline' && w.baselineBody ? { ...w, body: w.baselineBody } : w;
        const sessions = await Promise.all(
          clients.map(([, cl]) => Promise.all(Array.from({ length: c }, () => cl.openSession()))),
        );
        for (const [i, [name, cl]] of clients.entries())
          await runLoad(cl, load(name), c, 300, sessions[i]!);
        for (let r = 0; r < ROUNDS; r++) {
          for (let k = 0; k < clients.length; k++) {
            const i = (k + r) % clients.length;
            const [name, cl] = clients[i]!;
            const res = await runLoad(cl, load(name), c, DURATION_MS, sessions[i]!);
            lat[name]!.push(...res.latenciesMs);
            errors += res.errors;
          }
        }
        await Promise.all(clients.map(([, cl]) => cl.close()));
        const p = (name: string, q: number): number => round(percentile(lat[name]!, q), 3);
        const row = {
          workload: w.name,
          concurrency: c,
          p50_ms: { with_findings: p('findings', 50), without: p('baseline', 50) },
          p99_ms: { with_findings: p('findings', 99), without: p('baseline', 99) },
          cost_p50_ms: round(p('findings', 50) - p('baseline', 50), 3),
          requests: lat.findings!.length + lat.baseline!.length,
          errors,
        };
        rows.push(row);
        console.log(
          `${w.name} c=${c}: p50 ${row.p50_ms.with_findings} ms with findings, ${row.p50_ms.without} ms without ` +
            `→ cost ${row.cost_p50_ms} ms (p99 ${row.p99_ms.with_findings} vs ${row.p99_ms.without}), ${errors} errors`,
        );
      }
    }
    console.log(JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, rows }, null, 2));
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

await main();

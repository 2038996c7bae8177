/**
 * `npm run bench:abuse [-- --repeat N]`: the worst event-loop stall in the guard process for each
 * abusive request shape. Starts the real guard (policies/demo.yaml, limits raised as in
 * `npm run bench`) in front of the fixed-response upstream, sends each shape N times, one at a
 * time, and reads the guard's own `nodejs_eventloop_lag_max_seconds` (prom-client's
 * monitorEventLoopDelay histogram, reset on every scrape) before and after each request. Shapes
 * marked "within caps" must stay at or under the 50 ms target; shapes beyond a cap show what
 * refusing them costs. Prints one line per shape and a JSON summary.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { arg, CLI, ROOT } from './argv.js';
import { captureFixtures } from './fixtures.js';
import { startGuard } from './guard.js';
import { LoadClient } from './load.js';
import { mainThreadCpuUsOf, startFixtureUpstream, type Child } from './spawn.js';
import { demoToken } from '../demo/tokens.js';
import { SERVER_LIMIT_DEFAULTS } from '../policy/compile-server-limits.js';

const REPEAT = Number(arg('--repeat', '5'));
const TARGET_MS = 50;

interface Shape {
  name: string;
  /** Within the configured caps: the 50 ms target applies. */
  withinCaps: boolean;
  role: 'reader' | 'writer';
  body: () => string;
}

const call = (id: number, tool: string, argsJson: string): string =>
  `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${tool}","arguments":${argsJson}}}`;

/** `{"k0":0,"k1":0,…}` with n members. */
const wideObject = (n: number): string =>
  '{' + Array.from({ length: n }, (_, i) => `"k${i}":${i % 10}`).join(',') + '}';
/** `[0,1,2,…]` with n numbers (values up to 6 digits, like ids). */
const longArray = (n: number): string =>
  '[' + Array.from({ length: n }, (_, i) => String((i * 7919) % 1_000_000)).join(',') + ']';

const C = SERVER_LIMIT_DEFAULTS.jsonCaps;
const SHAPES: Shape[] = [
  {
    name: 'small call (baseline)',
    withinCaps: true,
    role: 'reader',
    body: () => call(1, 'get_findings', '{"limit":1}'),
  },
  {
    name: '100k argument keys, allowed tool (1.4 MB)',
    withinCaps: false,
    role: 'reader',
    body: () => call(2, 'get_findings', wideObject(100_000)),
  },
  {
    name: '100k argument keys, forbidden tool (1.4 MB)',
    withinCaps: false,
    role: 'reader',
    body: () => call(3, 'update_finding', wideObject(100_000)),
  },
  {
    name: '500k numbers in one array (3.3 MB)',
    withinCaps: false,
    role: 'reader',
    body: () => call(4, 'get_findings', `{"ids":${longArray(500_000)}}`),
  },
  {
    name: `argument keys at the member cap (${C.maxMembers})`,
    withinCaps: true,
    role: 'reader',
    body: () => call(5, 'get_findings', wideObject(C.maxMembers)),
  },
  {
    name: `array at the element cap (${C.maxElements})`,
    withinCaps: true,
    role: 'reader',
    body: () => call(6, 'get_findings', `{"ids":${longArray(C.maxElements)}}`),
  },
  {
    name: `values at the total cap (${C.maxValues}), mutating tool`,
    withinCaps: true,
    role: 'writer',
    body: () => {
      const per = Math.floor(C.maxValues / C.maxElements) - 1;
      const chunk = Math.floor(C.maxValues / (per + 1)) - 2;
      const objs = Array.from({ length: per }, () => longArray(chunk));
      return call(7, 'add_finding_tags', `{"finding_id":1,"tags":${'[' + objs.join(',') + ']'}}`);
    },
  },
  {
    name: 'nesting at the depth cap',
    withinCaps: true,
    role: 'reader',
    body: () => call(8, 'get_findings', '{"x":' + '['.repeat(60) + ']'.repeat(60) + '}'),
  },
  {
    name: '3.9 MB note text, mutating tool (injection scan)',
    withinCaps: true,
    role: 'writer',
    body: () =>
      call(
        9,
        'add_finding_note',
        JSON.stringify({ finding_id: 1, entry: 'review note. '.repeat(300_000) }),
      ),
  },
];

/** The guard's worst event-loop delay since the previous scrape, in ms. */
async function lagMaxMs(metrics: Pool): Promise<number> {
  const r = await metrics.request({ path: '/metrics', method: 'GET' });
  const text = await r.body.text();
  const m = /^nodejs_eventloop_lag_max_seconds\s+(\S+)/m.exec(text);
  if (!m) throw new Error('guard /metrics has no nodejs_eventloop_lag_max_seconds');
  return Number(m[1]) * 1000;
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'dojo-guard-abuse-'));
  const children: Child[] = [];
  try {
    const fixtures = await captureFixtures(CLI, dir);
    const upstream = await startFixtureUpstream(fixtures.file);
    children.push(upstream);
    const guard = await startGuard({
      cli: CLI,
      policyFile: path.join(ROOT, 'policies/demo.yaml'),
      upstreamUrl: upstream.url,
      dir,
    });
    children.push(guard);
    const url = new URL(guard.url);
    const metrics = new Pool(url.origin, { connections: 1 });
    const clients = {
      reader: new LoadClient(
        { name: 'guard', url, headers: { authorization: `Bearer ${demoToken('reader')}` } },
        1,
      ),
      writer: new LoadClient(
        { name: 'guard', url, headers: { authorization: `Bearer ${demoToken('writer')}` } },
        1,
      ),
    };
    const sessions = {
      reader: await clients.reader.openSession(),
      writer: await clients.writer.openSession(),
    };
    for (const role of ['reader', 'writer'] as const) {
      await clients[role].send({ jsonrpc: '2.0', id: 0, method: 'tools/list' }, sessions[role]);
    }
    console.log(
      `dojo-guard bench:abuse: ${REPEAT} requests per shape, one at a time, node ${process.version}, ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}; target ≤${TARGET_MS} ms within caps`,
    );
    const rows: unknown[] = [];
    let misses = 0;
    for (const s of SHAPES) {
      const body = s.body();
      const stalls: number[] = [];
      const cpus: number[] = [];
      const statuses = new Set<number>();
      const pid = guard.proc.pid!;
      for (let i = 0; i < REPEAT; i++) {
        await new Promise((r) => setTimeout(r, 30));
        await lagMaxMs(metrics); // resets the guard's histogram
        const cpu0 = await mainThreadCpuUsOf(pid);
        const r = await clients[s.role].send(body, sessions[s.role]);
        statuses.add(r.status);
        await new Promise((r) => setTimeout(r, 30)); // let the audit drain tick run
        cpus.push((await mainThreadCpuUsOf(pid)) - cpu0);
        stalls.push(await lagMaxMs(metrics));
      }
      const worst = Math.max(...stalls);
      const miss = s.withinCaps && worst > TARGET_MS;
      if (miss) misses++;
      const bytes = Buffer.byteLength(body);
      console.log(
        `${s.name.padEnd(52)} ${(bytes / 1e6).toFixed(2).padStart(5)} MB  HTTP ${[...statuses].join('/')}  ` +
          `worst stall ${worst.toFixed(1).padStart(6)} ms  median ${median(stalls).toFixed(1).padStart(6)} ms  ` +
          `guard main-thread CPU ${(median(cpus) / 1000).toFixed(0).padStart(4)} ms` +
          (miss ? '  MISSES the target' : ''),
      );
      rows.push({
        shape: s.name,
        within_caps: s.withinCaps,
        bytes,
        http: [...statuses],
        worst_stall_ms: worst,
        stalls_ms: stalls,
        main_thread_cpu_ms: cpus.map((c) => c / 1000),
      });
    }
    console.log(
      JSON.stringify(
        { target_ms: TARGET_MS, load_average_end: loadavg(), caps: C, shapes: rows },
        null,
        2,
      ),
    );
    await metrics.close();
    await Promise.all(Object.values(clients).map((c) => c.close()));
    if (misses > 0) process.exitCode = 1;
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await rm(dir, { recursive: true, force: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
}

await main();

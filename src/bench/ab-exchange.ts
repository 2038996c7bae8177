/**
 * `node dist/bench/ab-exchange.js --baseline OTHER_TREE [--rounds N]`: the response processing of
 * one upstream message (src/proxy/exchange.ts `processUpstreamMessage`: correlation, context,
 * view, the demo policy's response chain, serialisation) in this build and in another built tree,
 * imported into one process and timed in alternating rounds, so machine load hits both alike.
 * Messages: an SSE progress notification (one per event of `sse_10_progress`) and the small call's
 * `health_check` result, on the bench's captured fixtures. Prints median CPU µs per message, the
 * ratio this/baseline, and whether both builds wrote the same bytes.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { BenchFixtures } from './upstream.js';
import { captureFixtures } from './fixtures.js';
import { arg, CLI, ROOT } from './argv.js';
import { median } from './stats.js';

type Msg = Record<string, unknown>;
type Run = () => Promise<string | null>;

/** Loads `root`'s build and returns the two message runs (each returns the text it would send). */
async function buildRuns(root: string, fx: BenchFixtures, dir: string): Promise<Run[]> {
  const load = (m: string): Promise<Record<string, never>> => import(path.join(root, 'dist', m));
  const { loadPolicy } = await load('policy/load.js');
  const { processUpstreamMessage } = await load('proxy/exchange.js');
  const { runResponseChain } = await load('proxy/pipeline.js');
  const { parseUpstreamJson } = await load('proxy/upstream-json.js');
  const { ResponseView } = await load('core/response-view.js');
  const { MemoryStore } = await load('state/memory.js');
  const { MemoryRecorder } = await load('core/recorder.js');
  const fn = <T>(f: unknown): T => f as T;
  const store = new (fn<new () => object>(MemoryStore))();
  const recorder = new (fn<new () => object>(MemoryRecorder))();
  const { policy } = await fn<(f: string[], o: object) => Promise<{ policy: object }>>(loadPolicy)(
    [path.join(root, 'policies/demo.yaml')],
    {
      env: {
        AUDIT_HMAC_KEY: 'bench-hmac-key-0123456789abcdef0123456789abcdef',
        AUDIT_LOG_FILE: path.join(dir, 'ab-audit.log'),
      },
      deps: { store, recorder, now: Date.now },
      overrides: { upstreamUrl: 'http://127.0.0.1:9/mcp' },
    },
  );
  const parse = (t: string): Msg => fn<(t: string, d: number) => Msg>(parseUpstreamJson)(t, 64);
  const principal = { id: 'reader', role: 'reader', authMethod: 'static_token' };
  const ctxOf = (id: number, method: string, toolName: string | undefined, message: Msg) => ({
    requestId: 'bench',
    decisionId: 'bench',
    principal,
    sessionId: undefined,
    request: { kind: 'request', id, method, toolName, message, arguments: {} },
    http: { remoteAddress: '127.0.0.1' },
    store,
    facts: new Map(),
    now: Date.now,
  });
  // The tool catalog learns the advertised output schemas first, as on a real session.
  const list = JSON.stringify({ jsonrpc: '2.0', id: 8, result: { tools: fx.tools } });
  const listMsg = { jsonrpc: '2.0', id: 8, method: 'tools/list' };
  const View = fn<new (m: Msg, t: string) => object>(ResponseView);
  await fn<(...a: unknown[]) => Promise<unknown>>(runResponseChain)(
    policy,
    { ...ctxOf(8, 'tools/list', undefined, listMsg), answeredMethod: 'tools/list' },
    new View(parse(list), list),
    [],
  );
  const rt = {
    policy: () => policy,
    store,
    recorder,
    sessions: {},
    elicitations: {},
    upstreamFor: () => undefined,
    needlesFor: () => [],
  };
  const exchange = (own: unknown) => ({
    rt,
    policy,
    res: {},
    requestId: 'bench',
    decisionId: 'bench',
    principal,
    sessionId: undefined,
    remoteAddress: '127.0.0.1',
    userAgent: 'bench',
    own,
    upstreamHeaders: {},
  });
  const processMessage =
    fn<(ex: unknown, m: Msg, t: string) => Promise<string | null>>(processUpstreamMessage);
  const progress = JSON.stringify({
    jsonrpc: '2.0',
    method: 'notifications/progress',
    params: { progressToken: 'p1', progress: 3, total: 10 },
  });
  const small = JSON.stringify({ jsonrpc: '2.0', id: 7, result: fx.results['health_check'] });
  const call = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'health_check' } };
  return [
    () => processMessage(exchange(undefined), parse(progress), progress),
    () => {
      // The POST's own decision, reduced to what the response side reads and notes.
      const own = {
        ctx: ctxOf(7, 'tools/call', 'health_check', call),
        verdicts: [],
        concluded: false,
        note() {
          this.concluded = true;
        },
      };
      return processMessage(exchange(own), parse(small), small);
    },
  ];
}

const baseline = arg('--baseline', '');
if (!baseline) throw new Error('--baseline OTHER_TREE (a built checkout) is required');
const rounds = Number(arg('--rounds', '7'));
const dir = await mkdtemp(path.join(tmpdir(), 'dojo-guard-ab-'));
try {
  const fx = JSON.parse(
    await readFile((await captureFixtures(CLI, dir)).file, 'utf8'),
  ) as BenchFixtures;
  const trees = [path.resolve(baseline), ROOT];
  const runs = [await buildRuns(trees[0]!, fx, dir), await buildRuns(trees[1]!, fx, dir)];
  const names = ['SSE progress notification', 'health_check result (small call)'];
  console.log(`ab-exchange: ${trees[1]} vs ${trees[0]}, median of ${rounds} alternating rounds`);
  for (let m = 0; m < names.length; m++) {
    const per: number[][] = [[], []];
    const out: (string | null)[] = [null, null];
    const n = 20000;
    for (let r = 0; r <= rounds; r++) {
      for (const b of r % 2 ? [1, 0] : [0, 1]) {
        const t0 = process.cpuUsage();
        for (let i = 0; i < n; i++) out[b] = await runs[b]![m]!();
        const d = process.cpuUsage(t0);
        if (r > 0) per[b]!.push((d.user + d.system) / n);
      }
    }
    const [before, after] = [median(per[0]!), median(per[1]!)];
    console.log(
      `${names[m]}: baseline ${before.toFixed(2)} µs, this ${after.toFixed(2)} µs, ` +
        `ratio ${(after / before).toFixed(3)}, same bytes: ${out[0] === out[1]}`,
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * `node dist/bench/micro.js [--rounds N] [--baseline DIR]`: in-process timings of the per-request stages the
 * profiles point at, on the bench's own fixtures (the real server's 100-finding page and a
 * decision record as the demo policy writes it). Reproduces the stage figures quoted in
 * bench/README.md without a proxy or load generator: CPU time (`process.cpuUsage`) per call,
 * median of N rounds, next to the native baseline where one exists. `--baseline DIR`: the demo
 * policy's response phase of the build in DIR alternates with this build's (responsePhaseRows).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { orphanResponseContext } from '../proxy/context.js';
import { UpstreamCancel } from '../proxy/upstream.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { canonicalJson } from '../shared/canonical.js';
import { decisionBody } from '../audit/build.js';
import { Chain, keyFromText } from '../audit/chain.js';
import type { DecisionRecord } from '../core/recorder.js';
import { observeDecision } from '../proxy/metrics.js';
import { parseStrictJson } from '../proxy/strict-json.js';
import { parseUpstreamJson } from '../proxy/upstream-json.js';
import { createSecretScanner } from '../guards/content/secret-scanner.js';
import { createSecretRedactGuard } from '../guards/content/secret-redact.js';
import { createUntrustedWrapGuard } from '../guards/content/untrusted-wrap.js';
import { WrapPolicySchema } from '../guards/content/schema.js';
import { compileInjection } from '../guards/injection/injection-filter.js';
import { createResultsScanGuardWith } from '../guards/injection/results-scan.js';
import { InjectionPolicySchema } from '../guards/injection/schema.js';
import { ToolCatalog } from '../guards/tool-catalog/catalog.js';
import { MemoryRecorder } from '../core/recorder.js';
import type { ResponseContext } from '../core/guard.js';
import { ResponseView } from '../core/response-view.js';
import { loadPolicy } from '../policy/load.js';
import { runResponseChain } from '../proxy/pipeline.js';
import type { JsonRpcMessage } from '../core/jsonrpc.js';
import { MemoryStore } from '../state/memory.js';
import { captureFixtures } from './fixtures.js';
import type { BenchFixtures } from './upstream.js';
import { arg, CLI, ROOT } from './argv.js';
import { median } from './stats.js';
import { startUpRows } from './startup.js';
import { createAuditRecorder } from '../audit/index.js';
import { sealBody } from '../audit/recorder.js';
import { AuditPolicySchema } from '../audit/schema.js';

import { tracingRows } from './tracing-cost.js';

const rounds = Number(arg('--rounds', '7'));

/** Median CPU µs per call of `fn` over `rounds` rounds of `n` calls (after one warm-up round). */
function cpuPerCall(fn: () => unknown, n: number): number {
  const per: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) fn();
    const d = process.cpuUsage(t0);
    if (r > 0) per.push((d.user + d.system) / n);
  }
  return median(per);
}

/** CPU µs per call of `n` calls of an async `fn`, awaited one after the other. */
async function cpuOfCalls(fn: () => Promise<unknown>, n: number): Promise<number> {
  const t0 = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const d = process.cpuUsage(t0);
  return (d.user + d.system) / n;
}

/** Median CPU µs per call of an async `fn` (awaited one after the other). */
async function cpuPerCallAsync(fn: () => Promise<unknown>, n: number): Promise<number> {
  const per: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const us = await cpuOfCalls(fn, n);
    if (r > 0) per.push(us);
  }
  return median(per);
}

/** The modules one build's response phase is made of (this build's, or `--baseline DIR`'s). */
interface PhaseBuild {
  loadPolicy: typeof loadPolicy;
  parseUpstreamJson: typeof parseUpstreamJson;
  ResponseView: typeof ResponseView;
  runResponseChain: typeof runResponseChain;
}

const THIS_BUILD: PhaseBuild = { loadPolicy, parseUpstreamJson, ResponseView, runResponseChain };

/** The same modules from another build's `dist/` (e.g. a `git archive` of main, built). */
async function importBuild(root: string): Promise<PhaseBuild> {
  const from = async <T>(file: string): Promise<T> =>
    (await import(pathToFileURL(path.join(root, 'dist', file)).href)) as T;
  return {
    ...(await from<Pick<PhaseBuild, 'loadPolicy'>>('policy/load.js')),
    ...(await from<Pick<PhaseBuild, 'parseUpstreamJson'>>('proxy/upstream-json.js')),
    ...(await from<Pick<PhaseBuild, 'ResponseView'>>('core/response-view.js')),
    ...(await from<Pick<PhaseBuild, 'runResponseChain'>>('proxy/pipeline.js')),
  };
}

type Pass = () => Promise<string>;

/**
 * One build's demo-policy response phase on the page and on tools/list, as src/proxy/exchange.ts
 * runs it: upstream parse, one ResponseView, observers and transforms, one serialisation.
 */
async function phasePasses(
  b: PhaseBuild,
  dir: string,
  page: string,
  list: string,
  small: string,
): Promise<{ page: Pass; list: Pass; small: Pass }> {
  const store = new MemoryStore();
  const { policy } = await b.loadPolicy([path.join(ROOT, 'policies/demo.yaml')], {
    env: {
      AUDIT_HMAC_KEY: 'bench-hmac-key-0123456789abcdef0123456789abcdef',
      AUDIT_LOG_FILE: path.join(dir, 'chain-audit.log'),
    },
    deps: { store, recorder: new MemoryRecorder(), now: Date.now },
    overrides: { upstreamUrl: 'http://127.0.0.1:9/mcp' },
  });
  const pass = async (text: string, rctx: ResponseContext): Promise<string> => {
    const view = new b.ResponseView(b.parseUpstreamJson(text, 64) as JsonRpcMessage, text);
    const r = await b.runResponseChain(policy, rctx, view, []);
    if (r.kind !== 'pass') throw new Error(`response phase denied: ${r.verdict.code}`);
    return r.changed ? view.serialise(r.message) : text;
  };
  const listMessage = { jsonrpc: '2.0', id: 8, method: 'tools/list' };
  const listCtx: ResponseContext = {
    ...responseCtxFor('get_findings'),
    request: { kind: 'request', id: 8, method: 'tools/list', message: listMessage },
    answeredMethod: 'tools/list',
    store,
  };
  const pageCtx = { ...responseCtxFor('get_findings'), sessionId: 'bench-session', store };
  const smallCtx = { ...responseCtxFor('health_check'), sessionId: 'bench-session', store };
  await pass(list, listCtx); // the tool catalog learns the advertised outputSchemas
  return {
    page: () => pass(page, pageCtx),
    list: () => pass(list, listCtx),
    small: () => pass(small, smallCtx),
  };
}

/**
 * The demo policy's whole response phase (page and tools/list). With `--baseline DIR` (another
 * checkout, built), that build's phase runs in this process too, on this checkout's
 * policies/demo.yaml, rounds alternating with this build's, and must produce the same bytes: an
 * A/B the machine's load hits alike.
 */
async function responsePhaseRows(
  dir: string,
  page: string,
  list: string,
  small: string,
): Promise<[string, number][]> {
  const now = await phasePasses(THIS_BUILD, dir, page, list, small);
  const baseline = arg('--baseline', '');
  if (!baseline) {
    return [
      [
        'get_findings page: demo policy response phase, parse to bytes',
        await cpuPerCallAsync(now.page, 30),
      ],
      [
        'tools/list: demo policy response phase, parse to bytes',
        await cpuPerCallAsync(now.list, 200),
      ],
      [
        'health_check result (small call): demo policy response phase, parse to bytes',
        await cpuPerCallAsync(now.small, 5000),
      ],
    ];
  }
  const before = await phasePasses(
    await importBuild(path.resolve(baseline)),
    dir,
    page,
    list,
    small,
  );
  const rows: [string, number][] = [];
  for (const [name, n] of [
    ['page', 30],
    ['list', 200],
  ] as const) {
    if ((await now[name]()) !== (await before[name]())) throw new Error(`${name}: outputs differ`);
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r <= rounds; r++) {
      // Which build goes first alternates, so drift within a round hits both alike.
      const first = r % 2 ? now : before;
      const x = await cpuOfCalls(first[name], n);
      const y = await cpuOfCalls((first === now ? before : now)[name], n);
      if (r === 0) continue; // warm-up
      a.push(first === now ? x : y);
      b.push(first === now ? y : x);
    }
    const label = name === 'page' ? 'get_findings page' : 'tools/list';
    rows.push(
      [`${label}: demo policy response phase, baseline build`, median(b)],
      [`${label}: demo policy response phase, this build`, median(a)],
      [
        `${label}: this build / baseline, median of per-round (ratio)`,
        median(a.map((x, i) => x / b[i]!)),
      ],
    );
  }
  return rows;
}

/**
 * Per-request and per-event pieces of the proxy's own plumbing: the context of an upstream
 * notification (one per SSE progress event) and the upstream request's cancel handle.
 */
function plumbingRows(): [string, number][] {
  const base = {
    requestId: 'bench',
    principal: { id: 'bench', role: 'reader', authMethod: 'static_token' as const },
    sessionId: 'bench-session',
    remoteAddress: '127.0.0.1',
    userAgent: 'bench',
    store: new MemoryStore(),
  };
  const progress = {
    jsonrpc: '2.0',
    method: 'notifications/progress',
    params: { progressToken: 'p1', progress: 3, total: 10 },
  };
  const onAbort = (): void => undefined;
  return [
    [
      'SSE progress event: its response context (orphanResponseContext)',
      cpuPerCall(() => orphanResponseContext(base, progress), 20000),
    ],
    [
      'upstream cancel handle + listener: AbortController (before)',
      cpuPerCall(() => {
        const c = new AbortController();
        c.signal.addEventListener('abort', onAbort, { once: true });
        c.signal.removeEventListener('abort', onAbort);
      }, 20000),
    ],
    [
      'upstream cancel handle + listener: UpstreamCancel',
      cpuPerCall(() => {
        const c = new UpstreamCancel();
        c.once('abort', onAbort);
        c.removeListener('abort', onAbort);
      }, 20000),
    ],
  ];
}

/** Number of strings in a JSON value, visiting every value (the cost of a walk by itself). */
function countStrings(v: unknown): number {
  if (typeof v === 'string') return 1;
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  if (Array.isArray(v)) for (const x of v) n += countStrings(x);
  else for (const k of Object.keys(v)) n += countStrings((v as Record<string, unknown>)[k]);
  return n;
}

/** Median wall-clock µs per call (for stages that wait on the disk, e.g. fsync). */
function wallPerCall(fn: () => unknown, n: number): number {
  const per: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) fn();
    if (r > 0) per.push(((performance.now() - t0) * 1000) / n);
  }
  return median(per);
}

/**
 * What write-ahead adds per mutation: `recordIntent` on a real recorder with a file sink (seal,
 * one synchronous write, and with `fsync: always` an fsync), wall-clock, per fsync setting.
 */
async function writeAheadRows(dir: string, record: DecisionRecord): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for (const fsync of ['interval', 'always'] as const) {
    const rec = await createAuditRecorder(
      AuditPolicySchema.parse({ file: { path: path.join(dir, `wa-${fsync}.log`), fsync } }),
      { env: { AUDIT_HMAC_KEY: 'bench-hmac-key-0123456789abcdef0123456789abcdef' } },
    );
    let i = 0;
    const intent = () =>
      rec.recordIntent({
        decisionId: `d-${i++}`,
        requestId: 'r',
        principal: record.principal,
        method: 'tools/call',
        tool: 'update_finding',
        arguments: { finding_id: i, note: 'triaged: false positive in test code' },
      });
    out.push([
      `write-ahead intent per mutation, fsync: ${fsync} (wall-clock)`,
      wallPerCall(intent, fsync === 'always' ? 50 : 500),
    ]);
    await rec.close();
  }
  return out;
}

/**
 * What a read's record costs the event loop: one `recordDecision` per turn, through a real
 * recorder with a file sink (`fsync: always`), wall-clock per turn, per `read_records` setting
 * (sync: the drain tick waits for the fsync; async: it runs on the thread pool).
 */
async function readRecordRows(dir: string, record: DecisionRecord): Promise<[string, number][]> {
  const out: [string, number][] = [];
  for (const readRecords of ['sync', 'async'] as const) {
    const rec = await createAuditRecorder(
      AuditPolicySchema.parse({
        file: { path: path.join(dir, `read-${readRecords}.log`), fsync: 'always' },
        read_records: readRecords,
      }),
      { env: { AUDIT_HMAC_KEY: 'bench-hmac-key-0123456789abcdef0123456789abcdef' } },
    );
    const per: number[] = [];
    for (let r = 0; r <= rounds; r++) {
      const t0 = performance.now();
      for (let i = 0; i < 200; i++) {
        rec.recordDecision(record);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (r > 0) per.push(((performance.now() - t0) * 1000) / 200);
    }
    out.push([
      `read record per event-loop turn, fsync: always, read_records: ${readRecords} (wall-clock)`,
      median(per),
    ]);
    await rec.close();
  }
  return out;
}

/** A decision record shaped like the demo policy's: 15 guards' verdicts, a small call. */
function demoRecord(): DecisionRecord {
  const guards = [
    'authn',
    'rbac',
    'server-requests',
    'tool-pinning',
    'tripwire',
    'rate-limit',
    'secret-args',
    'injection',
    'read-tracking',
    'untrusted-wrap',
    'secret-redact',
  ];
  const verdicts = [
    ...guards.map((g, i) => ({
      guard: g,
      phase: 'request' as const,
      outcome: 'continue' as const,
      mode: 'enforce' as const,
      durationUs: i % 3 === 0 ? 12 : 0,
    })),
    ...guards.slice(0, 4).map((g) => ({
      guard: g,
      phase: 'response' as const,
      outcome: 'continue' as const,
      mode: 'enforce' as const,
      durationUs: 3,
    })),
  ];
  return {
    decisionId: '6f1c2b1e-1d7a-4f52-9a0e-3f1f1f0e0c11',
    requestId: '0b9e8c55-0f0b-4f0b-8a8e-2b8f7c1d2e3f',
    rpcId: 42,
    sessionId: 'c1a4b7e2-5d2a-4c55-9d37-0a7d1f3c9e10',
    principal: { id: 'demo-reader', role: 'reader', authMethod: 'static_token' },
    claimed: { userAgent: 'node' },
    method: 'tools/call',
    tool: 'health_check',
    arguments: {},
    verdicts,
    outcome: 'allowed',
    upstreamStatus: 200,
    latencyMs: 0.512,
    mutation: false,
  } as DecisionRecord;
}

/** A response context for a tools/call of `tool` (plain data, as the pipeline builds it). */
function responseCtxFor(tool: string): ResponseContext {
  const message = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: tool } };
  return {
    requestId: 'bench',
    decisionId: 'bench',
    principal: { id: 'bench', role: 'reader', authMethod: 'static_token' },
    sessionId: undefined,
    request: { kind: 'request', id: 7, method: 'tools/call', toolName: tool, message },
    http: { remoteAddress: '127.0.0.1' },
    store: new MemoryStore(),
    facts: new Map(),
    now: () => 0,
    answeredMethod: 'tools/call',
  };
}

const dir = await mkdtemp(path.join(tmpdir(), 'dojo-guard-micro-'));
try {
  const fx = JSON.parse(
    await readFile((await captureFixtures(CLI, dir)).file, 'utf8'),
  ) as BenchFixtures;
  const page = JSON.stringify({ jsonrpc: '2.0', id: 7, result: fx.results['get_findings'] });
  const list = JSON.stringify({ jsonrpc: '2.0', id: 8, result: { tools: fx.tools } });
  const pageBytes = Buffer.from(page, 'utf8');
  const strict = { maxDepth: 64, lossyNumbers: true };
  const rows: [string, number][] = [
    [
      `get_findings body (${page.length} B): bytes → string (UTF-8)`,
      cpuPerCall(() => pageBytes.toString('utf8'), 50),
    ],
    [`get_findings body: JSON.parse`, cpuPerCall(() => JSON.parse(page), 50)],
    ['get_findings body: strict parse', cpuPerCall(() => parseStrictJson(page, strict), 50)],
    [
      'get_findings body: upstream parse (proxy)',
      cpuPerCall(() => parseUpstreamJson(page, 64), 50),
    ],
    [`tools/list body (${list.length} B): JSON.parse`, cpuPerCall(() => JSON.parse(list), 300)],
    ['tools/list body: strict parse', cpuPerCall(() => parseStrictJson(list, strict), 300)],
    ['tools/list body: upstream parse (proxy)', cpuPerCall(() => parseUpstreamJson(list, 64), 300)],
  ];
  // The secret scan of the page's structuredContent (the response chain's costliest guard).
  const scanner = createSecretScanner();
  const sc = (parseStrictJson(page, strict) as { result: { structuredContent: unknown } }).result
    .structuredContent;
  rows.push([
    // What one more walk of the page costs by itself: the most fusing two transforms' walks
    // into one could save (bench/README.md, "one walk").
    'get_findings structuredContent: bare walk (every value visited, nothing done)',
    cpuPerCall(() => countStrings(sc), 50),
  ]);
  rows.push([
    'get_findings structuredContent: secret scan (redactValue)',
    cpuPerCall(
      () =>
        scanner.redactValue(sc, { counts: new Map(), paths: [] }, '', { left: Number.MAX_VALUE }),
      50,
    ),
  ]);
  // The two response-phase content guards on the whole page message, as the proxy runs them.
  const msg = parseStrictJson(page, strict) as JsonRpcMessage;
  const rctx = responseCtxFor('get_findings');
  const redact = createSecretRedactGuard(undefined)!;
  const wrap = createUntrustedWrapGuard(WrapPolicySchema.parse({}))!;
  rows.push(
    ['get_findings page: secret-redact guard', cpuPerCall(() => redact.onResponse!(rctx, msg), 50)],
    [
      'get_findings page: untrusted-wrap guard (envelope)',
      cpuPerCall(() => wrap.onResponse!(rctx, msg), 50),
    ],
  );
  // Read-side injection scan (`injection.results: mark`): first sight of every string (a fresh
  // guard per call, so no memoised verdict) and a page read again (verdicts memoised by text).
  const injection = compileInjection(InjectionPolicySchema.parse({}));
  const resultsGuard = () =>
    createResultsScanGuardWith(injection, 'mark', new MemoryRecorder(), new ToolCatalog());
  const warm = resultsGuard();
  rows.push(
    [
      'get_findings page: injection-results guard (mark), first sight',
      cpuPerCall(() => resultsGuard().onResponse!(rctx, msg), 5),
    ],
    [
      'get_findings page: injection-results guard (mark), page read again',
      cpuPerCall(() => warm.onResponse!(rctx, msg), 50),
    ],
  );
  const small = JSON.stringify({ jsonrpc: '2.0', id: 7, result: fx.results['health_check'] });
  rows.push(...(await responsePhaseRows(dir, page, list, small)));
  rows.push(...plumbingRows());
  const mask = { fields: [], maxChars: 512 };
  const revision = 'sha256:' + '0'.repeat(64);
  const record = demoRecord();
  const body = decisionBody(record, revision, mask);
  const chain = new Chain(keyFromText('bench-hmac-key-0123456789abcdef0123456789abcdef'));
  const now = new Date();
  rows.push(
    [
      'decision record (15 verdicts): build body',
      cpuPerCall(() => decisionBody(record, revision, mask), 5000),
    ],
    ['decision record: RFC 8785 canonical JSON', cpuPerCall(() => canonicalJson(body), 5000)],
    [
      'decision record: JSON.stringify (native baseline)',
      cpuPerCall(() => JSON.stringify(body), 5000),
    ],
    [
      'decision record: seal (canonical + HMAC-SHA256 + line)',
      cpuPerCall(() => sealBody(chain, body, now), 5000),
    ],
    [
      'decision metrics: observe one decision (15 verdicts)',
      cpuPerCall(() => observeDecision(record), 5000),
    ],
  );
  rows.push(...(await writeAheadRows(dir, record)));
  rows.push(...(await readRecordRows(dir, record)));

  rows.push(...(await tracingRows(rounds)));
  rows.push(...(await startUpRows(dir, rounds)));
  console.log(
    `dojo-guard micro-benchmarks: node ${process.version}, median of ${rounds} rounds, CPU µs per call`,
  );
  for (const [name, v] of rows) {
    // A ratio row (name ends in "(ratio)") is printed as a ratio, every other one in µs.
    const ratio = name.endsWith('(ratio)');
    console.log(`${v.toFixed(ratio ? 3 : 1).padStart(9)} ${ratio ? '× ' : 'µs'}  ${name}`);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

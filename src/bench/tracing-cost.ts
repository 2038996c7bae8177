/**
 * CPU per request of tracing, for `npm run bench:micro`: the proxy's tracing call sites for one
 * request (src/proxy/post.ts, pipeline.ts, forward.ts, exchange.ts) with tracing off (no tracer
 * installed: every site is one `?.`) and on at 100% sampling with the real SDK, batching and OTLP
 * JSON export to a local receiver that discards the body (its receiving CPU is included: same
 * process). The difference is the added CPU per request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { installTracer, startRequestTrace, shutdownTracing } from '../proxy/tracing.js';
import { startTracing } from '../proxy/tracing-sdk.js';
import { median } from './stats.js';

const GUARDS = ['authn', 'rbac', 'server-requests', 'tool-pinning', 'tripwire', 'rate-limit'];
const HEADERS = {
  traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  authorization: 'Bearer x',
};

/** Exactly what the proxy does with a request's trace (whether or not a tracer is installed). */
function oneRequest(): void {
  const trace = startRequestTrace(HEADERS);
  trace?.set({ 'enduser.id': 'bench', 'dojo_guard.decision_id': 'd' });
  trace?.set({ 'mcp.method.name': 'tools/call', 'gen_ai.tool.name': 'get_findings' }, 'x');
  for (const g of GUARDS) {
    const t0 = performance.now();
    trace?.stage(`guard ${g}`, t0, t0 + 0.001, {
      'dojo_guard.guard': g,
      'dojo_guard.verdict': 'continue',
    });
  }
  const up = trace?.child('POST', { 'http.request.method': 'POST' }, 'client');
  const headers: Record<string, string> = {};
  if (up) trace!.inject(headers, up);
  up?.end({ 'http.response.status_code': 200 });
  const t1 = performance.now();
  trace?.stage('guard chain response', t1, t1 + 0.001, { 'dojo_guard.phase': 'response' });
  trace?.outcome('allowed');
  trace?.child('audit seal').end();
  trace?.end(200);
}

async function cpuPerRequest(n: number, rounds: number, on?: string): Promise<number> {
  const per: number[] = [];
  for (let r = 0; r <= rounds; r++) {
    if (on) {
      installTracer(
        startTracing({
          endpoint: on,
          headers: {},
          sampleRatio: 1,
          parentBased: false,
          serviceName: 'bench',
          serviceVersion: '0',
        }),
      );
    }
    const t0 = process.cpuUsage();
    for (let i = 0; i < n; i++) oneRequest();
    await shutdownTracing(); // flushes: the export's serialisation and POSTs are counted
    const d = process.cpuUsage(t0);
    if (r > 0) per.push((d.user + d.system) / n);
  }
  return median(per);
}

/** Rows for the micro-benchmark table: tracing off, on (100%), and the difference. */
export async function tracingRows(rounds: number): Promise<[string, number][]> {
  const sink = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{}'));
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/v1/traces`;
  try {
    const off = await cpuPerRequest(20_000, rounds);
    const on = await cpuPerRequest(500, rounds, url);
    return [
      ['tracing off: one request’s tracing call sites (no tracer)', off],
      ['tracing on (100%): 10 spans, traceparent, OTLP/JSON export', on],
      ['tracing: added CPU per request, on − off', on - off],
    ];
  } finally {
    sink.close();
  }
}

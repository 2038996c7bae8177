/**
 * Closed-loop load generator: `concurrency` workers, each with its own MCP session, send one
 * request after another for `durationMs` over a keep-alive pool, recording per-request latency
 * (and, for SSE, time to the first event).
 */
import { Pool } from 'undici';

export interface Target {
  name: 'direct' | 'bare' | 'guard' | 'floor' | 'baseline';
  url: URL;
  /** Extra headers (e.g. the guard token). */
  headers: Record<string, string>;
}

export interface Workload {
  name: string;
  /** Builds the JSON-RPC body for request number `i`. */
  body: (i: number) => unknown;
  /** Start a fresh session per request (initialize + first call). */
  newSessionPerRequest?: boolean;
  sse?: boolean;
}

export interface LoadResult {
  count: number;
  errors: number;
  /** Errors by kind (`http_<status>` or the exception's code/name), so a failure can be traced. */
  errorKinds: Record<string, number>;
  durationMs: number;
  latenciesMs: number[];
  firstEventMs: number[];
}

const PROTOCOL = '2025-06-18';

export function initializeBody(id: number): unknown {
  return {
    jsonrpc: '2.0',
    id,
    method: 'initialize',
    params: {
      protocolVersion: PROTOCOL,
      capabilities: {},
      clientInfo: { name: 'dojo-guard-bench', version: '1.0.0' },
    },
  };
}

export class LoadClient {
  readonly pool: Pool;
  constructor(
    readonly target: Target,
    connections: number,
  ) {
    this.pool = new Pool(target.url.origin, { connections, pipelining: 1 });
  }

  private headers(sessionId?: string): Record<string, string> {
    return {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': PROTOCOL,
      ...(sessionId ? { 'mcp-session-id': sessionId } : {}),
      ...this.target.headers,
    };
  }

  /** Sends one JSON-RPC body (a string is sent as is); resolves with status, time to first byte of SSE data, and total. */
  async send(
    body: unknown,
    sessionId?: string,
  ): Promise<{ status: number; sessionId?: string; firstEventMs?: number; totalMs: number }> {
    const t0 = performance.now();
    const r = await this.pool.request({
      path: this.target.url.pathname,
      method: 'POST',
      headers: this.headers(sessionId),
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    let firstEventMs: number | undefined;
    const sse = String(r.headers['content-type'] ?? '').startsWith('text/event-stream');
    for await (const chunk of r.body) {
      if (sse && firstEventMs === undefined && (chunk as Buffer).includes('data:')) {
        firstEventMs = performance.now() - t0;
      }
    }
    const sid = r.headers['mcp-session-id'];
    return {
      status: r.statusCode,
      sessionId: typeof sid === 'string' ? sid : undefined,
      firstEventMs,
      totalMs: performance.now() - t0,
    };
  }

  async openSession(): Promise<string> {
    const r = await this.send(initializeBody(0));
    if (r.status !== 200 || !r.sessionId)
      throw new Error(`${this.target.name}: initialize got ${r.status}`);
    await this.send({ jsonrpc: '2.0', method: 'notifications/initialized' }, r.sessionId);
    return r.sessionId;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

export async function runLoad(
  client: LoadClient,
  workload: Workload,
  concurrency: number,
  durationMs: number,
  sessions: string[],
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const firstEventMs: number[] = [];
  let errors = 0;
  const errorKinds: Record<string, number> = {};
  const fail = (kind: string): void => {
    errors++;
    errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
  };
  let i = 0;
  const t0 = performance.now();
  const deadline = t0 + durationMs;
  const worker = async (w: number): Promise<void> => {
    while (performance.now() < deadline) {
      const n = ++i;
      try {
        let sid = sessions[w % sessions.length];
        let extra = 0;
        if (workload.newSessionPerRequest) {
          const s0 = performance.now();
          sid = await client.openSession();
          extra = performance.now() - s0;
        }
        const r = await client.send(workload.body(n), sid);
        if (r.status !== 200) fail(`http_${r.status}`);
        latenciesMs.push(r.totalMs + extra);
        if (r.firstEventMs !== undefined) firstEventMs.push(r.firstEventMs);
      } catch (err) {
        const e = err as { code?: unknown; name?: unknown };
        fail(String(e.code ?? e.name ?? 'error'));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  return {
    count: latenciesMs.length,
    errors,
    errorKinds,
    durationMs: performance.now() - t0,
    latenciesMs,
    firstEventMs,
  };
}

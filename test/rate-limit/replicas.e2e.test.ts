/**
 * Acceptance (issue 6): two real `dojo-guard proxy` processes sharing a private redis-server,
 * behind a round-robin balancer written here. A limit of N per minute admits exactly N across both;
 * a session started on one continues on the other; stopping Redis denies mutations while reads go
 * on, and everything recovers after Redis restarts.
 */
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startCli, type Running } from '../helpers/process.js';
import { SKIP_REDIS, waitFor } from '../state/redis-env.js';
import { SpareRedis } from '../state/spare-redis.js';
import { startUpstream, type Upstream } from './upstream.js';

const N = 5;
const TOKEN = 'e2e-replica-token-0123456789abcdef';
const BOB_TOKEN = 'e2e-replica-token-bob-0123456789ab';
const EVE_TOKEN = 'e2e-replica-token-eve-0123456789ab';

const POLICY = `
version: 1
server: { host: 127.0.0.1, port: 0 }
auth:
  env_bindings: { prefix: GUARDTEST_ROLE_ }
tools:
  classes:
    mutating: [close_finding]
rbac:
  roles:
    writer:
      tools: [get_finding, close_finding]
rate_limits:
  limits:
    - id: closes-per-minute
      match: { tools: [close_finding] }
      points: ${N}
      duration_seconds: 60
  denial_storm: { threshold: 10, window_seconds: 60, lockout_seconds: 120 }
audit:
  findings:
    result_tools: [get_finding]
    require_read_for: [close_finding]
state:
  redis:
    url: \${env:REDIS_URL:-}
    key_prefix: 'e2e-replicas:'
    command_timeout_ms: 300
`;

interface Balancer {
  url: string;
  hits: number[];
  /** round_robin: every request to the next backend. split: get_finding → 0, close_finding → 1. */
  mode: 'round_robin' | 'split';
  close: () => void;
}

/** Test balancer. Every request (POST, GET stream, DELETE) is routed independently. */
function startBalancer(backends: string[]): Promise<Balancer> {
  let next = 0;
  const pick = (body: Buffer): number => {
    if (lb.mode === 'split') {
      const text = body.toString();
      if (text.includes('"get_finding"')) return 0;
      if (text.includes('"close_finding"')) return 1;
    }
    return next++ % backends.length;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const i = pick(body);
      lb.hits[i]!++;
      const target = new URL(backends[i]!);
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: { ...req.headers, host: target.host },
        },
        (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        },
      );
      up.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
      up.end(body);
    });
  });
  const lb: Balancer = {
    url: '',
    hits: backends.map(() => 0),
    mode: 'round_robin',
    close: () => {
      server.closeAllConnections();
      server.close();
    },
  };
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      lb.url = `http://127.0.0.1:${(server.address() as { port: number }).port}/mcp`;
      resolve(lb);
    }),
  );
}

async function connectClient(url: string, token = TOKEN): Promise<Client> {
  const client = new Client({ name: 'replica-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

async function rpcError(p: Promise<unknown>): Promise<McpError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof McpError) return err;
    throw err;
  }
  throw new Error('expected a JSON-RPC error');
}

async function ready(proxyUrl: string): Promise<boolean> {
  const res = await fetch(new URL('/readyz', proxyUrl));
  return res.status === 200;
}

describe.skipIf(SKIP_REDIS)('two proxy replicas on Redis behind a round-robin balancer', () => {
  let dir: string;
  let redis: SpareRedis;
  let upstream: Upstream;
  let proxies: Running[] = [];
  let lb: Balancer;
  let client: Client;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'dg-replicas-'));
    redis = await SpareRedis.create(dir);
    upstream = await startUpstream();
    const policyFile = path.join(dir, 'policy.yaml');
    writeFileSync(policyFile, POLICY);
    const env = {
      REDIS_URL: redis.url,
      GUARDTEST_ROLE_ALICE: `${TOKEN}:writer`,
      GUARDTEST_ROLE_BOB: `${BOB_TOKEN}:writer`,
      GUARDTEST_ROLE_EVE: `${EVE_TOKEN}:writer`,
    };
    proxies = await Promise.all(
      [0, 1].map(() =>
        startCli(['proxy', '--policy', policyFile, '--upstream', upstream.url, '--port', '0'], {
          env,
        }),
      ),
    );
    lb = await startBalancer(proxies.map((p) => p.url));
    client = await connectClient(lb.url);
  });

  afterAll(async () => {
    await client?.close().catch(() => undefined);
    lb?.close();
    await Promise.all(proxies.map((p) => p.stop()));
    await upstream?.close();
    await redis?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('admits exactly N mutations per minute across both replicas, in one session', async () => {
    // require_read_for: close_finding. Reads and closes alternate replicas, so the read set is shared.
    for (let i = 0; i < N + 4; i++) {
      await client.callTool({ name: 'get_finding', arguments: { finding_id: i + 1 } });
    }
    const outcomes: (true | McpError)[] = [];
    for (let i = 0; i < N + 4; i++) {
      outcomes.push(
        await client.callTool({ name: 'close_finding', arguments: { finding_id: i + 1 } }).then(
          () => true as const,
          (e: unknown) => (e instanceof McpError ? e : Promise.reject(e)),
        ),
      );
    }
    expect(outcomes.filter((o) => o === true)).toHaveLength(N);
    const errors = outcomes.filter((o): o is McpError => o !== true);
    for (const e of errors) {
      expect(e.code).toBe(-32003);
      expect((e.data as { code?: string; retryAfterMs?: number }).retryAfterMs).toBeGreaterThan(0);
    }
    expect(upstream.calls.close_finding).toBe(N);
    // The session was created on one replica and used on both (round robin over every request).
    expect(lb.hits[0]).toBeGreaterThan(2);
    expect(lb.hits[1]).toBeGreaterThan(2);
    // Reads are not limited.
    await client.callTool({ name: 'get_finding', arguments: { finding_id: 1 } });
    await client.callTool({ name: 'get_finding', arguments: { finding_id: 2 } });
  });

  it('a finding read through one replica satisfies require-read on the other', async () => {
    const bob = await connectClient(lb.url, BOB_TOKEN);
    try {
      lb.mode = 'split'; // get_finding → replica 0, close_finding → replica 1
      const before = [...lb.hits];
      await bob.callTool({ name: 'get_finding', arguments: { finding_id: 700 } });
      const r = await bob.callTool({ name: 'close_finding', arguments: { finding_id: 700 } });
      expect(r.isError).toBeFalsy();
      const e = await rpcError(
        bob.callTool({ name: 'close_finding', arguments: { finding_id: 701 } }),
      );
      expect(e.code).toBe(-32004); // not_read_before_mutation
      expect(lb.hits[0]! - before[0]!).toBeGreaterThanOrEqual(1);
      expect(lb.hits[1]! - before[1]!).toBeGreaterThanOrEqual(2);
    } finally {
      lb.mode = 'round_robin';
      await bob.close();
    }
  });

  it('a denial storm spread over both replicas locks the principal out on both', async () => {
    const eve = await connectClient(lb.url, EVE_TOKEN);
    try {
      for (let i = 0; i < 11; i++) {
        await rpcError(eve.callTool({ name: 'delete_everything', arguments: {} }));
      }
      // Counting is fire-and-forget in the pipeline: poll until the lockout is visible.
      let locked = 0;
      await waitFor(
        async () => {
          const r = await eve.callTool({ name: 'get_finding', arguments: { finding_id: 1 } }).then(
            () => 0,
            (e: unknown) => (e instanceof McpError ? e.code : 0),
          );
          if (r === -32003) locked++;
          return locked >= 2; // two consecutive requests = both replicas under round robin
        },
        5_000,
        'principal_locked',
      );
      const e = await rpcError(eve.callTool({ name: 'get_finding', arguments: { finding_id: 1 } }));
      expect(e.code).toBe(-32003);
      expect((e.data as { code?: string }).code).toBe('principal_locked');
      // Others are unaffected.
      const r = await client.callTool({ name: 'get_finding', arguments: { finding_id: 1 } });
      expect(r.isError).toBeFalsy();
    } finally {
      await eve.close().catch(() => undefined);
    }
  });

  it('stopping Redis denies mutations (state_unavailable) while reads continue; restart recovers', async () => {
    const closesBefore = upstream.calls.close_finding;
    await redis.stop('SIGTERM'); // graceful: data saved, comes back on restart
    await waitFor(
      async () => !(await ready(proxies[0]!.url)) && !(await ready(proxies[1]!.url)),
      5_000,
      'not ready',
    );
    for (let i = 0; i < 2; i++) {
      const e = await rpcError(
        client.callTool({ name: 'close_finding', arguments: { finding_id: 99 } }),
      );
      expect(e.code).toBe(-32005);
      const r = await client.callTool({ name: 'get_finding', arguments: { finding_id: 3 } });
      expect(r.isError).toBeFalsy();
    }
    expect(upstream.calls.close_finding).toBe(closesBefore);

    await redis.start();
    await waitFor(
      async () => (await ready(proxies[0]!.url)) && (await ready(proxies[1]!.url)),
      10_000,
      'ready',
    );
    // Same session, same counters: still rate limited (not state_unavailable) on both replicas.
    for (let i = 0; i < 2; i++) {
      const e = await rpcError(
        client.callTool({ name: 'close_finding', arguments: { finding_id: 100 } }),
      );
      expect(e.code).toBe(-32003);
    }
    const r = await client.callTool({ name: 'get_finding', arguments: { finding_id: 4 } });
    expect(r.isError).toBeFalsy();
  });
});

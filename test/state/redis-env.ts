/**
 * Real-Redis test support: the shared Redis at REDIS_URL (skipped only when it is absent and
 * REQUIRE_REDIS is unset), unique key prefixes with cleanup, and a spare redis-server child
 * process that tests may kill, freeze and restart without touching the shared one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { logger } from '../../src/shared/logger.js';

// Store transitions log at info/warn; keep test output readable unless asked for.
logger.level = process.env.LOG_LEVEL ?? 'error';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

function reachable(url: string): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

/** True when the Redis tests must be skipped (Redis absent and not required). */
export const SKIP_REDIS = !process.env.REQUIRE_REDIS && !(await reachable(REDIS_URL));
if (SKIP_REDIS)
  process.stderr.write(
    `SKIP: no Redis at ${REDIS_URL}; Redis tests skipped (npm test starts or installs it when ` +
      'run as root; REQUIRE_REDIS=1 makes this fail)\n',
  );

/** A key prefix no other test run uses. */
export function uniquePrefix(tag: string): string {
  return `dgtest:${tag}:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` on the Redis at `url`. */
export async function cleanupPrefix(prefix: string, url = REDIS_URL): Promise<void> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    let cursor = '0';
    do {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await r.del(...keys);
    } while (cursor !== '0');
  } finally {
    r.disconnect();
  }
}

/** Polls `cond` until true (or throws after `timeoutMs`). */
export async function waitFor(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 5000,
  what = 'condition',
): Promise<number> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return Date.now() - start;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server on a spare port: start, stop (SIGKILL: data lost), shutdown (SIGTERM: with
 * `persistDir` the data is saved and comes back on start), freeze (SIGSTOP), thaw.
 */
export class SpareRedis {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly persistDir?: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async create(persistDir?: string): Promise<SpareRedis> {
    const r = new SpareRedis(await freePort(), persistDir);
    await r.start();
    return r;
  }

  async start(): Promise<void> {
    const persist = this.persistDir
      ? ['--save', '3600 1', '--dir', this.persistDir, '--dbfilename', 'spare.rdb']
      : ['--save', ''];
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', ...persist];
    const child = spawn('redis-server', [...args, '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: 'ignore',
    });
    this.child = child;
    await waitFor(() => reachable(this.url), 10_000, `redis-server on ${this.port}`);
  }

  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGCONT');
    c.kill(signal);
    await exited;
  }

  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }
}

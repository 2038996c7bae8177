/**
 * Real-Redis test support: the shared Redis at REDIS_URL (skipped only when it is absent and
 * REQUIRE_REDIS is unset), unique key prefixes with cleanup. A redis-server of a test's own:
 * spare-redis.ts.
 */
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { logger } from '../../src/shared/logger.js';

// Store transitions log at info/warn; keep test output readable unless asked for.
logger.level = process.env.LOG_LEVEL ?? 'error';

export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

export function reachable(url: string): Promise<boolean> {
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

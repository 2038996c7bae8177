/**
 * Redis-backed state: any replica can serve any request of any session because session
 * bindings, read sets and rate-limit counters all live here.
 *
 * Failure model (fail closed, never hang): the offline queue is off and each command has a short
 * timeout, so during an outage every operation rejects within `command_timeout_ms` instead of
 * queueing. `healthy()` follows ioredis connection events plus a 1 s PING probe (a Redis that
 * accepts TCP but stops answering is caught by the probe). ioredis reconnects forever, so
 * recovery needs no operator.
 *
 * One deliberate exception to "reject when down": `getSession` answers from a bounded local copy
 * of the bindings this replica has written or read, so sessions it already served can keep doing
 * reads during an outage (mutations are refused by store.healthy() before bindings matter). A
 * session this replica never saw still fails (`state_unavailable`).
 */
import { Redis, type RedisOptions } from 'ioredis';
import { growingLru } from '../shared/lru.js';
import { RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { logger } from '../shared/logger.js';
import { limiterSpecKey, type StoreLimits } from './memory.js';
import { stateStoreHealthy, stateStoreTransitionsTotal } from './metrics.js';
import type { HealthListener, LimiterSpec, SessionBinding, StateStore } from '../core/store.js';

export interface RedisStoreOptions extends StoreLimits {
  /** ioredis options (connection, TLS, auth) built by src/state/redis-options.ts. */
  redis: RedisOptions;
  /** redis:// or rediss:// URL (may carry credentials: never logged). */
  url: string;
  /** Prefix of every key (e.g. `dojo-guard:`); tests use a unique one per run. */
  keyPrefix: string;
  /** Health probe period; the probe is the only thing that notices a silent Redis. */
  probeIntervalMs?: number;
}

/** How close to the full TTL a session's remaining TTL may be before a touch refreshes it. */
export function touchSlackMs(ttlMs: number): number {
  return Math.min(60_000, ttlMs / 10);
}

/**
 * @example const store = await RedisStore.connect({ url, redis: {}, keyPrefix: 'dg:' });
 */
export class RedisStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly client: Redis;
  private isHealthy = false;
  private closed = false;
  private readonly listeners = new Set<HealthListener>();
  private readonly limiters = new Map<string, RateLimiterAbstract>();
  private readonly probe: NodeJS.Timeout;
  /**
   * Outage fallback for getSession; entries expire with the binding's TTL as last read from (or
   * set in) Redis, so their remaining TTL is also what lets touchSession skip a PEXPIRE.
   */
  private readonly seenBindings = growingLru<string, SessionBinding>(10_000, { ttl: 1 });

  private constructor(private readonly opts: RedisStoreOptions) {
    stateStoreHealthy.set(0);
    this.client = new Redis(opts.url, {
      commandTimeout: 500,
      connectTimeout: 2_000,
      ...opts.redis,
      // Not overridable: these make an outage fail fast instead of piling up commands.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      lazyConnect: true,
      retryStrategy: (times: number) => Math.min(50 * 2 ** Math.min(times, 5), 1_000),
    });
    this.client.on('ready', () => this.setHealthy(true, 'connected'));
    this.client.on('close', () => this.setHealthy(false, 'connection_closed'));
    this.client.on('end', () => this.setHealthy(false, 'connection_ended'));
    // Without an 'error' listener ioredis prints every reconnect failure to stderr itself.
    this.client.on('error', (err: Error) => {
      logger.debug('state store: redis error', { error: err.message });
    });
    this.probe = setInterval(() => void this.runProbe(), opts.probeIntervalMs ?? 1_000);
    this.probe.unref();
  }

  /**
   * Creates the store and waits (at most the connect timeout) for the first connection. A Redis
   * that is down at startup gives an unhealthy store, not an exception: mutations are denied
   * until it comes up, and it is picked up automatically.
   */
  static async connect(opts: RedisStoreOptions): Promise<RedisStore> {
    const store = new RedisStore(opts);
    try {
      await store.client.connect();
    } catch (err) {
      logger.warn('state store: redis not reachable at startup; mutations denied until it is', {
        error: err instanceof Error ? err.message : String(err),
      });
    }
    return store;
  }

  healthy(): boolean {
    return this.isHealthy;
  }

  onHealthChange(listener: HealthListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setHealthy(healthy: boolean, reason: string): void {
    if (this.closed || healthy === this.isHealthy) return;
    this.isHealthy = healthy;
    stateStoreHealthy.set(healthy ? 1 : 0);
    stateStoreTransitionsTotal.inc({ to: healthy ? 'up' : 'down' });
    if (healthy) logger.info('state store: redis available', { reason });
    else logger.warn('state store: redis unavailable', { reason });
    for (const l of this.listeners) {
      try {
        l(healthy, reason);
      } catch (err) {
        logger.error('state store: health listener failed', { error: String(err) });
      }
    }
  }

  private async runProbe(): Promise<void> {
    if (this.closed) return;
    if (this.client.status !== 'ready') return this.setHealthy(false, this.client.status);
    try {
      await this.client.ping();
      this.setHealthy(true, 'probe_ok');
    } catch {
      this.setHealthy(false, 'probe_failed');
    }
  }

  private key(kind: string, id: string): string {
    return `${this.opts.keyPrefix}${kind}:${id}`;
  }

  async bindSession(sessionId: string, binding: SessionBinding, ttlMs: number): Promise<void> {
    await this.client.set(this.key('session', sessionId), JSON.stringify(binding), 'PX', ttlMs);
    this.seenBindings.set(sessionId, { ...binding }, { ttl: ttlMs });
  }

  async getSession(sessionId: string): Promise<SessionBinding | undefined> {
    const key = this.key('session', sessionId);
    let raw: string | null;
    let ttlMs: number;
    try {
      [raw, ttlMs] = await this.client
        .multi()
        .get(key)
        .pttl(key)
        .exec()
        .then((res) => {
          throwOnExecError(res);
          return [res![0]![1] as string | null, res![1]![1] as number];
        });
    } catch (err) {
      const seen = this.seenBindings.get(sessionId);
      if (seen) return { ...seen };
      throw err;
    }
    if (raw === null) {
      this.seenBindings.delete(sessionId);
      return undefined;
    }
    const b = parseBinding(raw);
    if (b && ttlMs > 0) this.seenBindings.set(sessionId, b, { ttl: ttlMs });
    return b ? { ...b } : undefined;
  }

  /**
   * Sliding expiry, refreshed at most once per `touchSlackMs(ttl)`: while the remaining TTL last
   * read from Redis (by any replica's refresh) is within the slack of the full TTL, the PEXPIRE
   * round trip is skipped. A session may so expire up to that slack (≤ 60 s, ≤ 10 % of the TTL)
   * before a full TTL of inactivity; in exchange a call costs one round trip fewer.
   */
  async touchSession(sessionId: string, ttlMs: number): Promise<void> {
    if (this.seenBindings.getRemainingTTL(sessionId) > ttlMs - touchSlackMs(ttlMs)) return;
    await this.client.pexpire(this.key('session', sessionId), ttlMs);
    const b = this.seenBindings.get(sessionId);
    if (b) this.seenBindings.set(sessionId, b, { ttl: ttlMs });
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.seenBindings.delete(sessionId);
    await this.client.del(this.key('session', sessionId), this.key('reads', sessionId));
  }

  /** One sorted set per session; score = insertion time, so ZREVRANGE is "most recent first". */
  async addReadFindings(
    sessionId: string,
    _principalId: string,
    ids: readonly number[],
    ttlMs?: number,
  ): Promise<void> {
    const max = this.opts.maxReadIdsPerSession ?? 10_000;
    const recent = ids.slice(-max);
    if (recent.length === 0) return;
    const key = this.key('reads', sessionId);
    // Date.now() * 1000 + i stays below 2^53 and orders ids of one call after earlier calls.
    const base = Date.now() * 1000;
    const args: (string | number)[] = [];
    recent.forEach((id, i) => args.push(base + Math.min(i, 999), String(id)));
    await this.client
      .multi()
      .zadd(key, ...args)
      .zremrangebyrank(key, 0, -(max + 1))
      .pexpire(key, ttlMs ?? this.opts.readTtlMs ?? 8 * 3600_000)
      .exec()
      .then(throwOnExecError);
  }

  async getReadFindings(sessionId: string): Promise<number[]> {
    const max = this.opts.maxReadIdsPerSession ?? 10_000;
    const members = await this.client.zrevrange(this.key('reads', sessionId), 0, max - 1);
    return members.map(Number).filter(Number.isSafeInteger);
  }

  createLimiter(spec: LimiterSpec): RateLimiterAbstract {
    const id = limiterSpecKey(spec);
    let limiter = this.limiters.get(id);
    if (!limiter) {
      limiter = new RateLimiterRedis({
        storeClient: this.client,
        keyPrefix: `${this.opts.keyPrefix}${spec.keyPrefix}`,
        points: spec.points,
        duration: spec.durationSeconds,
        blockDuration: spec.blockSeconds ?? 0,
        // Reject at once while disconnected (the caller fails closed) instead of waiting.
        rejectIfRedisNotReady: true,
      });
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async getDoc(kind: string, id: string): Promise<string | undefined> {
    return (await this.client.get(this.key(`doc:${kind}`, id))) ?? undefined;
  }

  async casDoc(
    kind: string,
    id: string,
    expected: string | undefined,
    next: string | undefined,
    ttlMs: number,
  ): Promise<boolean> {
    const now = Date.now();
    const res = await this.client.eval(
      CAS_DOC,
      2,
      this.key(`doc:${kind}`, id),
      this.key('docs', kind),
      expected === undefined ? '0' : '1',
      expected ?? '',
      next === undefined ? '0' : '1',
      next ?? '',
      String(Math.max(1, Math.ceil(ttlMs))),
      id,
      String(now + ttlMs),
    );
    return res === 1;
  }

  async listDocs(kind: string): Promise<string[]> {
    const index = this.key('docs', kind);
    await this.client.zremrangebyscore(index, '-inf', Date.now());
    const ids = await this.client.zrange(index, 0, 9_999);
    if (ids.length === 0) return [];
    const texts = await this.client.mget(...ids.map((id) => this.key(`doc:${kind}`, id)));
    return texts.filter((t): t is string => t !== null);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.probe);
    this.listeners.clear();
    try {
      await this.client.quit();
    } catch {
      this.client.disconnect();
    }
  }
}

/**
 * Compare-and-set of one document plus its expiry index (a sorted set scored by expiry time), in
 * one script so replicas never interleave between the read and the write.
 * KEYS: doc, index. ARGV: hasExpected, expected, hasNext, next, ttlMs, id, expiresAt.
 */
const CAS_DOC = `
local cur = redis.call('GET', KEYS[1])
if ARGV[1] == '0' then
  if cur then return 0 end
elseif cur ~= ARGV[2] then
  return 0
end
if ARGV[3] == '1' then
  redis.call('SET', KEYS[1], ARGV[4], 'PX', tonumber(ARGV[5]))
  redis.call('ZADD', KEYS[2], tonumber(ARGV[7]), ARGV[6])
else
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[2], ARGV[6])
end
return 1
`;

/** A value we cannot trust to be ours binds nobody (fail closed: "session not found"). */
function parseBinding(raw: string): SessionBinding | undefined {
  let v: Partial<SessionBinding>;
  try {
    v = JSON.parse(raw) as Partial<SessionBinding>;
  } catch {
    return undefined;
  }
  if (!v || typeof v.principalId !== 'string' || typeof v.role !== 'string') return undefined;
  return {
    principalId: v.principalId,
    role: v.role,
    createdAt: typeof v.createdAt === 'number' ? v.createdAt : 0,
    ...(typeof v.protocolVersion === 'string' ? { protocolVersion: v.protocolVersion } : {}),
  };
}

/** MULTI/EXEC resolves with per-command errors instead of rejecting; surface the first. */
function throwOnExecError(res: [Error | null, unknown][] | null): void {
  if (!res) throw new Error('redis transaction aborted');
  for (const [err] of res) if (err) throw err;
}

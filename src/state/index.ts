/**
 * Creates the state store the policy asks for. Selection rule (documented in the schema):
 * `backend: redis` → Redis (an empty URL is a ConfigError: the operator asked for shared state);
 * `backend: memory` → memory; absent → Redis when `redis.url` is non-empty, else memory. Shipped
 * policies write `url: ${env:REDIS_URL:-}` so one file serves both single and replicated setups.
 */
import { ConfigError } from '../shared/errors.js';
import { MemoryStore } from './memory.js';
import { redisOptionsFromPolicy } from './redis-options.js';
import { StatePolicySchema, type StatePolicy } from './schema.js';
import type { StateStore } from '../core/store.js';

export type { StateStore, SessionBinding, LimiterSpec, HealthListener } from '../core/store.js';
export { MemoryStore } from './memory.js';
export { auditStateHealth } from './health-events.js';

/**
 * @example const store = await createStateStore(read.source.state);
 */
export async function createStateStore(section: StatePolicy | undefined): Promise<StateStore> {
  const s = section ?? StatePolicySchema.parse({});
  const url = s.redis?.url.trim() ?? '';
  const limits = {
    maxReadIdsPerSession: s.max_read_ids_per_session,
    readTtlMs: s.read_ttl_seconds * 1000,
  };
  if (s.backend === 'memory' || (s.backend === undefined && url === '')) {
    return new MemoryStore(limits);
  }
  if (!s.redis || url === '') {
    throw new ConfigError('state.backend is redis but state.redis.url is empty');
  }
  // Loaded only for Redis policies: ioredis alone adds ~20 MB RSS to every proxy.
  const { RedisStore } = await import('./redis.js');
  return RedisStore.connect({
    ...limits,
    url,
    redis: redisOptionsFromPolicy({ ...s.redis, url }),
    keyPrefix: s.redis.key_prefix,
  });
}

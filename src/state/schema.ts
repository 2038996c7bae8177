import { z } from 'zod';

const RedisTlsSchema = z
  .object({
    ca_file: z
      .string()
      .min(1)
      .optional()
      .describe('PEM file with the CA(s) that sign the Redis server certificate.'),
    cert_file: z.string().min(1).optional().describe('Client certificate (PEM) for mutual TLS.'),
    key_file: z.string().min(1).optional().describe('Client private key (PEM) for mutual TLS.'),
    servername: z
      .string()
      .min(1)
      .optional()
      .describe('TLS server name (SNI and certificate check) when it differs from the URL host.'),
  })
  .strict()
  .describe(
    'TLS to Redis. Present (even empty) means TLS on; a `rediss://` URL also turns it on. ' +
      'Certificates are always verified.',
  );

const RedisSchema = z
  .object({
    url: z
      .string()
      .describe(
        'redis:// or rediss:// URL. Use `${env:REDIS_URL:-}` in shipped policies: empty means ' +
          '"no Redis" and, unless backend is set to redis, selects the memory store.',
      ),
    username: z
      .string()
      .optional()
      .describe('ACL user name; overrides the URL. Use `${env:…}`, never a literal secret.'),
    password: z
      .string()
      .optional()
      .describe('ACL password; overrides the URL. Use `${env:…}`; never logged.'),
    tls: RedisTlsSchema.optional(),
    key_prefix: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
      .default('dojo-guard:')
      .describe('Prefix of every key this guard writes. Replicas of one deployment share it.'),
    command_timeout_ms: z
      .number()
      .int()
      .min(50)
      .max(10_000)
      .default(500)
      .describe('A command not answered within this time fails (and the store turns unhealthy).'),
    connect_timeout_ms: z.number().int().min(100).max(30_000).default(2_000),
  })
  .strict()
  .describe('Redis connection (ioredis).');

/** Shared state backend: memory or Redis. */
export const StatePolicySchema = z
  .object({
    backend: z
      .enum(['memory', 'redis'])
      .optional()
      .describe(
        'memory: one process (default). redis: shared by replicas. Absent: redis when ' +
          'redis.url is non-empty, else memory. `redis` with an empty URL is a config error.',
      ),
    redis: RedisSchema.optional(),
    max_read_ids_per_session: z
      .number()
      .int()
      .min(1)
      .max(1_000_000)
      .default(10_000)
      .describe('Finding ids remembered per session for findings_read_before_mutation.'),
    read_ttl_seconds: z
      .number()
      .int()
      .min(1)
      .default(8 * 3600)
      .describe('A session read set expires this long after its last addition.'),
    reads_when_unavailable: z
      .enum(['allow', 'deny'])
      .default('allow')
      .describe(
        'When the store is down, mutations are always denied (state_unavailable). Reads continue ' +
          '(allow; rate limits fall back to per-replica counters) unless this says deny.',
      ),
  })
  .strict()
  .describe('Shared state backend: memory or Redis.');
export type StatePolicy = z.infer<typeof StatePolicySchema>;
export type RedisStatePolicy = NonNullable<StatePolicy['redis']>;

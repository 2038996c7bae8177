/**
 * Turns the policy's `state.redis` section into ioredis options. Reads TLS files once at startup;
 * a missing file is a ConfigError (exit before listening). Errors never echo the URL, which may
 * carry a password.
 */
import { readFileSync } from 'node:fs';
import type { RedisOptions } from 'ioredis';
import type { ConnectionOptions } from 'node:tls';
import { ConfigError } from '../shared/errors.js';
import type { RedisStatePolicy } from './schema.js';

/**
 * @example redisOptionsFromPolicy({ url: 'rediss://r:6380', tls: { ca_file: '/ca.pem' }, ... })
 */
export function redisOptionsFromPolicy(section: RedisStatePolicy): RedisOptions {
  let parsed: URL;
  try {
    parsed = new URL(section.url);
  } catch {
    throw new ConfigError('state.redis.url is not a valid URL');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new ConfigError('state.redis.url must use redis:// or rediss://');
  }
  const opts: RedisOptions = {
    commandTimeout: section.command_timeout_ms,
    connectTimeout: section.connect_timeout_ms,
  };
  if (section.username !== undefined && section.username !== '') opts.username = section.username;
  if (section.password !== undefined && section.password !== '') opts.password = section.password;
  if (section.tls || parsed.protocol === 'rediss:') {
    const tls: ConnectionOptions = { rejectUnauthorized: true };
    const t = section.tls ?? {};
    if (t.ca_file) tls.ca = readPem(t.ca_file, 'ca_file');
    if (t.cert_file) tls.cert = readPem(t.cert_file, 'cert_file');
    if (t.key_file) tls.key = readPem(t.key_file, 'key_file');
    if (t.servername) tls.servername = t.servername;
    opts.tls = tls;
  }
  return opts;
}

function readPem(file: string, field: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    throw new ConfigError(`state.redis.tls.${field}: cannot read ${file}`);
  }
}

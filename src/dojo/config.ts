/**
 * Environment configuration of the DefectDojo client and MCP server, validated once at startup.
 * A bad value is a `ConfigError` (the CLI prints it and exits non-zero before listening).
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../shared/errors.js';
import { isLoopbackHost } from '../shared/loopback.js';

/** Everything the REST client needs. Keys are kept here only; never log this object. */
export interface DojoClientConfig {
  /** Base URL with a trailing slash, e.g. `https://dojo.example.com/`. */
  baseUrl: string;
  readKey: string | undefined;
  writeKey: string | undefined;
  connectTimeoutMs: number;
  timeoutMs: number;
  maxRetries: number;
  maxResponseBytes: number;
  /** PEM text of extra trusted CAs (DEFECTDOJO_CA_FILE). */
  caPem: string | undefined;
  allowInsecureHttp: boolean;
}

/** Server-level limits on top of the client config. */
export interface DojoServerLimits {
  maxScanBytes: number;
  maxSessions: number;
  sessionIdleMs: number;
}

/** The documented environment variables, with defaults; `--help` and README list the same. */
export const DOJO_ENV_HELP: ReadonlyArray<[string, string]> = [
  [
    'DEFECTDOJO_URL',
    'Base URL of DefectDojo (https:// required unless loopback or ALLOW_INSECURE_HTTP=true)',
  ],
  ['DEFECTDOJO_API_KEY', 'API v2 key used for every call (sent as "Authorization: Token <key>")'],
  ['DEFECTDOJO_READ_API_KEY', 'Key for GET calls; overrides DEFECTDOJO_API_KEY for reads'],
  [
    'DEFECTDOJO_WRITE_API_KEY',
    'Key for POST/PATCH/PUT calls; without it (and without DEFECTDOJO_API_KEY) write tools fail',
  ],
  [
    'ALLOW_INSECURE_HTTP',
    'true = allow http:// to a non-loopback DefectDojo (keys travel in clear text)',
  ],
  ['DEFECTDOJO_CA_FILE', 'PEM file of extra CA certificates to trust for DefectDojo'],
  ['DEFECTDOJO_CONNECT_TIMEOUT_MS', 'TCP/TLS connect timeout (default 5000)'],
  ['DEFECTDOJO_TIMEOUT_MS', 'Total timeout per DefectDojo request attempt (default 30000)'],
  [
    'DEFECTDOJO_MAX_RETRIES',
    'Retries for idempotent GETs on network errors/502/503/504 (default 2, max 5)',
  ],
  ['DEFECTDOJO_MAX_RESPONSE_BYTES', 'Largest DefectDojo response body accepted (default 16777216)'],
  [
    'DEFECTDOJO_MAX_SCAN_BYTES',
    'Largest decoded scan file for import_scan/reimport_scan (default 10485760)',
  ],
  ['DOJO_SERVER_MAX_SESSIONS', 'Concurrent Streamable HTTP sessions (default 100)'],
  ['DOJO_SERVER_SESSION_IDLE_MS', 'Idle session expiry (default 1800000)'],
  ['LOG_LEVEL', 'Operational log level on stderr: error|warn|info|debug (default info)'],
];

type Env = Record<string, string | undefined>;

function intEnv(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return def;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}`);
  return n;
}

function boolEnv(env: Env, name: string): boolean {
  const raw = (env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === 'false' || raw === '0' || raw === 'no') return false;
  if (raw === 'true' || raw === '1' || raw === 'yes') return true;
  throw new ConfigError(`${name} must be true or false`);
}

/**
 * Rejects keys that could split a header or carry whitespace; the message never echoes the key.
 * @example checkKey('DEFECTDOJO_API_KEY', process.env.DEFECTDOJO_API_KEY)
 */
export function checkKey(name: string, key: string | undefined): string | undefined {
  if (key === undefined || key === '') return undefined;
  if (key.length > 512 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new ConfigError(`${name} contains characters that are not allowed in a token`);
  }
  return key;
}

/**
 * Parses and checks a DefectDojo base URL: http(s) only, no credentials, no query/fragment,
 * https unless loopback or explicitly allowed. Returns it normalised with a trailing slash.
 * @example normaliseBaseUrl('https://dojo.example.com', false) // 'https://dojo.example.com/'
 */
export function normaliseBaseUrl(
  raw: string,
  allowInsecureHttp: boolean,
  what = 'DEFECTDOJO_URL',
): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${what} is not a valid URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new ConfigError(`${what} must use https:// (or http:// for loopback)`);
  }
  if (url.username || url.password) throw new ConfigError(`${what} must not contain credentials`);
  if (url.search || url.hash) throw new ConfigError(`${what} must not contain a query or fragment`);
  if (url.protocol === 'http:' && !allowInsecureHttp && !isLoopbackHost(url.hostname)) {
    throw new ConfigError(
      `${what} uses http:// to a non-loopback host; use https:// or set ALLOW_INSECURE_HTTP=true`,
    );
  }
  // The API lives under <base>/api/v2/; a base given as .../api/v2 would double it.
  let path = url.pathname.replace(/\/+$/, '');
  if (/\/api\/v2$/i.test(path)) path = path.slice(0, -'/api/v2'.length);
  url.pathname = `${path}/`;
  return url.toString();
}

/**
 * Builds the client config from the environment. `requireUrl` is false in --pro-compat mode,
 * where each tool call names its DefectDojo and token.
 */
export function loadClientConfig(
  env: Env,
  opts: { requireCredentials: boolean },
): DojoClientConfig {
  const allowInsecureHttp = boolEnv(env, 'ALLOW_INSECURE_HTTP');
  const rawUrl = env.DEFECTDOJO_URL?.trim();
  if (!rawUrl && opts.requireCredentials) throw new ConfigError('DEFECTDOJO_URL is not set');
  const baseUrl = rawUrl ? normaliseBaseUrl(rawUrl, allowInsecureHttp) : '';
  const shared = checkKey('DEFECTDOJO_API_KEY', env.DEFECTDOJO_API_KEY);
  const readKey = checkKey('DEFECTDOJO_READ_API_KEY', env.DEFECTDOJO_READ_API_KEY) ?? shared;
  const writeKey = checkKey('DEFECTDOJO_WRITE_API_KEY', env.DEFECTDOJO_WRITE_API_KEY) ?? shared;
  if (opts.requireCredentials && !readKey && !writeKey) {
    throw new ConfigError(
      'no DefectDojo key: set DEFECTDOJO_API_KEY or DEFECTDOJO_READ_API_KEY/DEFECTDOJO_WRITE_API_KEY',
    );
  }
  let caPem: string | undefined;
  const caFile = env.DEFECTDOJO_CA_FILE?.trim();
  if (caFile) {
    try {
      caPem = readFileSync(caFile, 'utf8');
    } catch {
      throw new ConfigError('DEFECTDOJO_CA_FILE cannot be read');
    }
    if (!caPem.includes('-----BEGIN CERTIFICATE-----')) {
      throw new ConfigError('DEFECTDOJO_CA_FILE holds no PEM certificate');
    }
  }
  return {
    baseUrl,
    readKey,
    writeKey,
    connectTimeoutMs: intEnv(env, 'DEFECTDOJO_CONNECT_TIMEOUT_MS', 5_000, 1, 600_000),
    timeoutMs: intEnv(env, 'DEFECTDOJO_TIMEOUT_MS', 30_000, 1, 3_600_000),
    maxRetries: intEnv(env, 'DEFECTDOJO_MAX_RETRIES', 2, 0, 5),
    maxResponseBytes: intEnv(env, 'DEFECTDOJO_MAX_RESPONSE_BYTES', 16 * 1024 * 1024, 1024, 1 << 30),
    caPem,
    allowInsecureHttp,
  };
}

/** Server limits from the environment. */
export function loadServerLimits(env: Env): DojoServerLimits {
  return {
    maxScanBytes: intEnv(env, 'DEFECTDOJO_MAX_SCAN_BYTES', 10 * 1024 * 1024, 1, 100 * 1024 * 1024),
    maxSessions: intEnv(env, 'DOJO_SERVER_MAX_SESSIONS', 100, 1, 100_000),
    sessionIdleMs: intEnv(env, 'DOJO_SERVER_SESSION_IDLE_MS', 30 * 60_000, 1_000, 86_400_000),
  };
}

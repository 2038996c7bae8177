#!/usr/bin/env node
/**
 * `npm test`'s pretest: provisions the services some suites need, so `npm ci && npm test` passes
 * on a fresh Debian machine run as root. Missing rsyslog (and its GnuTLS stream driver) is
 * installed with apt-get; a Redis not answering on 127.0.0.1:6379 is started (installed first if
 * absent). Without root or apt-get nothing is installed: the summary below says which suites will
 * skip, and with REQUIRE_REDIS=1 / REQUIRE_RSYSLOG=1 (CI, .ci/run) a missing service fails here.
 * The suites decide by the same checks (test/helpers/services.ts, test/state/redis-env.ts).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const log = (m) => process.stderr.write(`test-services: ${m}\n`);

function has(cmd) {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}
/** rsyslog's TLS network stream driver (package rsyslog-gnutls). */
function hasGtls() {
  return ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib'].some((d) =>
    fs.existsSync(`${d}/rsyslog/lmnsd_gtls.so`),
  );
}
function redisAnswers() {
  const u = new URL(REDIS_URL);
  return new Promise((resolve) => {
    const s = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    s.setTimeout(1000);
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

const canInstall = process.getuid?.() === 0 && has('apt-get');
let updated = false;
function aptInstall(pkgs) {
  if (!canInstall) return false;
  try {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    if (!updated) execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    updated = true;
    log(`installing ${pkgs.join(' ')} with apt-get`);
    execFileSync('apt-get', ['install', '-y', '-qq', ...pkgs], { stdio: 'ignore', env });
    return true;
  } catch (err) {
    log(`apt-get install ${pkgs.join(' ')} failed: ${err.message}`);
    return false;
  }
}

const needed = [];
if (!has('rsyslogd')) needed.push('rsyslog');
if (!hasGtls()) needed.push('rsyslog-gnutls');
if (needed.length) aptInstall(needed);

let redisUp = await redisAnswers();
const localRedis = ['127.0.0.1', 'localhost'].includes(new URL(REDIS_URL).hostname);
if (!redisUp && localRedis) {
  if (!has('redis-server')) aptInstall(['redis-server']);
  if (has('redis-server')) {
    const port = new URL(REDIS_URL).port || '6379';
    // No persistence: test keys are throwaway (each test uses its own prefix).
    const r = spawnSync(
      'redis-server',
      [
        '--daemonize',
        'yes',
        '--bind',
        '127.0.0.1',
        '--port',
        port,
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        fs.mkdtempSync('/tmp/dojo-guard-redis-'),
      ],
      { stdio: 'ignore' },
    );
    if (r.status === 0) {
      for (let i = 0; i < 50 && !(redisUp = await redisAnswers()); i++) await sleep(100);
      if (redisUp) log(`started redis-server on 127.0.0.1:${port}`);
    }
  }
}

const rsyslogUp = has('rsyslogd') && hasGtls();
const missing = [];
if (!redisUp)
  missing.push(
    `Redis at ${REDIS_URL}: the Redis suites (test/state, test/rate-limit, Pro replicas in test/deploy) will SKIP`,
  );
if (!rsyslogUp)
  missing.push('rsyslogd with rsyslog-gnutls: test/audit/syslog-rsyslog.e2e.test.ts will SKIP');
for (const m of missing) log(`missing ${m}`);
if (missing.length && !canInstall)
  log('run as root on Debian/Ubuntu (apt-get) to have them provisioned');
const required =
  (!redisUp && process.env.REQUIRE_REDIS) || (!rsyslogUp && process.env.REQUIRE_RSYSLOG);
if (required) {
  log('a required service is missing (REQUIRE_REDIS / REQUIRE_RSYSLOG): failing');
  process.exit(1);
}
if (!missing.length) log('Redis and rsyslog available: every suite runs');

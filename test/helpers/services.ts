/**
 * Machine services some suites need beyond Node: rsyslog with its GnuTLS stream driver. The
 * pretest (scripts/test-services.mjs) installs them when it can; when it could not, the suites
 * that need them skip with a line saying why, unless REQUIRE_RSYSLOG is set (CI: then they fail).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

function onPath(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** rsyslogd and the `gtls` network stream driver (Debian package rsyslog-gnutls). */
export function rsyslogAvailable(): boolean {
  const gtls = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib'].some((d) =>
    fs.existsSync(`${d}/rsyslog/lmnsd_gtls.so`),
  );
  return onPath('rsyslogd') && gtls;
}

/** True when the rsyslog suites must skip (absent and not required); says so once. */
export const SKIP_RSYSLOG = !process.env.REQUIRE_RSYSLOG && !rsyslogAvailable();
if (SKIP_RSYSLOG)
  process.stderr.write(
    'SKIP: rsyslogd with rsyslog-gnutls not installed; syslog-against-rsyslog tests skipped ' +
      '(npm test installs them when run as root with apt-get; REQUIRE_RSYSLOG=1 makes this fail)\n',
  );

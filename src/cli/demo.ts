/**
 * `dojo-guard demo [--port N]` (`npm run demo`): the whole stack on loopback in one command.
 * Starts, as child processes of this CLI, the sandbox DefectDojo, `dojo-guard server` (given the
 * sandbox admin token) and the proxy with policies/demo.yaml (HMAC key and audit file in a fresh
 * temp dir), prints tokens and client configs, then `dojo-guard demo listening on <proxy url>`,
 * then one line per audit record. SIGINT/SIGTERM stop the children in reverse order and remove
 * the temp dir. The banner prints the run's HMAC key with the `audit verify` command for the trail.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { announceListening, logger } from '../shared/logger.js';
import { startChild, type Child } from '../demo/children.js';
import { demoBanner } from '../demo/banner.js';
import { tailAudit } from '../demo/tail.js';

const DEFAULT_POLICY = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../policies/demo.yaml',
);

interface DemoFlags {
  port: string;
  policy: string;
}

/** Registers `dojo-guard demo`. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description(
      'Run sandbox DefectDojo + dojo-guard server + proxy (policies/demo.yaml) on loopback',
    )
    .option('--port <port>', 'proxy port (0 = any free port)', '8080')
    .option('--policy <file>', 'policy for the proxy', DEFAULT_POLICY)
    .action(async (flags: DemoFlags) => runDemo(flags));
}

/** Fails with a hint when the proxy's port is taken (before any child starts). */
async function ensurePortFree(port: number): Promise<void> {
  if (port === 0) return;
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'EADDRINUSE'
            ? `port ${port} on 127.0.0.1 is in use; pick another with --port <N> (--port 0 = any free port)`
            : `cannot listen on 127.0.0.1:${port}: ${err.message}; pick another with --port <N>`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function runDemo(flags: DemoFlags): Promise<void> {
  const port = Number(flags.port);
  if (!/^\d+$/.test(flags.port) || port > 65535) throw new Error('--port must be 0-65535');
  await ensurePortFree(port);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-demo-'));
  const auditFile = path.join(dir, 'audit.jsonl');
  // Fresh secrets per run: they exist only in this process tree's environment.
  const adminToken = randomBytes(20).toString('hex');
  const hmacKey = randomBytes(32).toString('hex');
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' };

  const children: Child[] = [];
  let stopping = false;
  let stopTail = (): void => undefined;
  const stop = async (code: number, why: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info('demo stopping', { why });
    stopTail();
    // Keep this order: proxy first (no new requests), then server, then the sandbox.
    for (const c of [...children].reverse()) await c.stop();
    // The trail, its spool and key live only for this run.
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  };
  // Handlers before the first child: a signal during start-up still stops what was started.
  process.once('SIGINT', () => void stop(0, 'SIGINT'));
  process.once('SIGTERM', () => void stop(0, 'SIGTERM'));
  const watch = (c: Child): void => {
    children.push(c);
    c.proc.once('exit', (code) => void stop(1, `${c.name} exited (${code})`));
  };

  try {
    const sandbox = await startChild('sandbox', ['sandbox', '--port', '0'], {
      ...base,
      SANDBOX_ADMIN_TOKEN: adminToken,
    });
    watch(sandbox);
    const server = await startChild('server', ['server', '--port', '0'], {
      ...base,
      DEFECTDOJO_URL: sandbox.url,
      DEFECTDOJO_API_KEY: adminToken,
    });
    watch(server);
    const proxy = await startChild(
      'proxy',
      ['proxy', '--policy', flags.policy, '--upstream', server.url, '--port', String(port)],
      { ...base, AUDIT_LOG_FILE: auditFile, AUDIT_HMAC_KEY: hmacKey },
    );
    watch(proxy);
    process.stdout.write(
      demoBanner(
        proxy.url,
        // The command that runs this very CLI, whether or not `dojo-guard` is on PATH.
        { file: auditFile, hmacKey, cli: `${process.execPath} ${process.argv[1]}` },
        { server: server.url, sandbox: sandbox.url },
      ),
    );
    announceListening('demo', proxy.url);
    stopTail = tailAudit(auditFile, (line) => process.stdout.write(`${line}\n`));
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    const hint =
      /proxy exited/.test(msg) && port !== 0 ? ' (is the port in use? try --port 0)' : '';
    process.stderr.write(`dojo-guard demo: ${msg}${hint}\n`);
    await stop(1, 'start-up failed');
  }
}

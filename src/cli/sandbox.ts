import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { announceListening, logger } from '../shared/logger.js';
import { startSandbox, type RunningSandbox } from '../sandbox/server.js';
import { describeTokens } from '../sandbox/users.js';
import { SPECIAL_FINDINGS } from '../sandbox/seed-special.js';

function intOption(name: string, min: number, max: number) {
  return (v: string): number => {
    if (!/^\d+$/.test(v)) throw new InvalidArgumentError(`${name} must be an integer`);
    const n = Number(v);
    if (n < min || n > max)
      throw new InvalidArgumentError(`${name} must be between ${min} and ${max}`);
    return n;
  };
}

/**
 * `dojo-guard sandbox`: a seeded, in-process fake of the DefectDojo REST API v2 for demos, tests
 * and policy authors. Prints `dojo-guard sandbox listening on http://HOST:PORT` once it listens.
 */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('Run a seeded fake DefectDojo (REST API v2 at /api/v2/) for demos and tests')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option(
      '--port <port>',
      'port to listen on (0 = any free port)',
      intOption('--port', 0, 65535),
      8000,
    )
    .option(
      '--dojo-version <version>',
      'DefectDojo version to imitate: 2.58 (RBAC endpoints) or 3',
      '2.58',
    )
    .option(
      '--latency-ms <ms>',
      'fixed delay added to every response',
      intOption('--latency-ms', 0, 600_000),
      0,
    )
    .option(
      '--now <iso-time>',
      'freeze the sandbox clock at this instant (seed dates, date filters, close dates): ' +
        'deterministic data for tests and recorded demos',
      (v: string): Date => {
        const t = Date.parse(v);
        if (!/^\d{4}-\d{2}-\d{2}T/.test(v) || Number.isNaN(t))
          throw new InvalidArgumentError('--now must be an ISO 8601 date-time');
        return new Date(t);
      },
    )
    .addHelpText(
      'after',
      `
API tokens (send "Authorization: Token <key>"; deterministic, the same on every run):
${describeTokens()}

Environment:
  SANDBOX_ADMIN_TOKEN  replaces the admin token above
  LOG_LEVEL            operational log level on stderr (default info)

Planted findings (ids are stable): fake AWS key ${SPECIAL_FINDINGS.awsKey}, fake GitHub token ${SPECIAL_FINDINGS.githubToken},
both ${SPECIAL_FINDINGS.awsKeyAndGithubToken}, prompt-injection text ${SPECIAL_FINDINGS.promptInjection}.`,
    )
    .action(
      async (opts: {
        host: string;
        port: number;
        dojoVersion: string;
        latencyMs: number;
        now?: Date;
      }) => {
        if (opts.dojoVersion !== '2.58' && opts.dojoVersion !== '3')
          throw new Error(
            `--dojo-version must be 2.58 or 3 (got ${JSON.stringify(opts.dojoVersion)})`,
          );
        const adminToken = process.env.SANDBOX_ADMIN_TOKEN;
        if (adminToken !== undefined && !/^[\x21-\x7e]{1,128}$/.test(adminToken))
          throw new Error(
            'SANDBOX_ADMIN_TOKEN must be 1-128 printable ASCII characters without spaces',
          );
        // Handlers go in before anything async, so a signal during start-up is not fatal.
        const running: { sb?: RunningSandbox } = {};
        let stopping = false;
        const stop = (signal: string): void => {
          if (stopping) return;
          stopping = true;
          logger.info('sandbox stopping', { signal });
          // Before start-up completes, the code after startSandbox sees `stopping`.
          if (running.sb) void running.sb.close().then(() => process.exit(0));
        };
        process.on('SIGTERM', () => stop('SIGTERM'));
        process.on('SIGINT', () => stop('SIGINT'));
        const frozen = opts.now;
        const sb = await startSandbox({
          host: opts.host,
          port: opts.port,
          version: opts.dojoVersion,
          latencyMs: opts.latencyMs,
          adminToken,
          ...(frozen && { now: () => new Date(frozen.getTime()) }),
        });
        running.sb = sb;
        if (stopping) {
          await sb.close();
          process.exit(0);
        }
        logger.info('sandbox started', {
          version: opts.dojoVersion,
          findings: sb.db.findings.rows.size,
          latencyMs: opts.latencyMs,
        });
        announceListening('sandbox', sb.url);
      },
    );
}

import { Option, type Command } from 'commander';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { DojoClient, createDojoAgent } from '../dojo/client.js';
import { DOJO_ENV_HELP, loadClientConfig, loadServerLimits } from '../dojo/config.js';
import { startHttpServer } from '../dojo/http.js';
import { createDojoMcpServer, type DojoServerOptions } from '../dojo/server.js';
import { announceListening, logger } from '../shared/logger.js';

interface ServerFlags {
  transport: 'http' | 'stdio';
  host: string;
  port: string;
  stateless?: boolean;
  proCompat?: boolean;
}

const ENV_HELP = [
  '',
  'Environment:',
  ...DOJO_ENV_HELP.map(([name, text]) => `  ${name.padEnd(32)} ${text}`),
  '',
  'Examples:',
  '  DEFECTDOJO_URL=https://dojo.example.com DEFECTDOJO_API_KEY=... dojo-guard server --port 8000',
  '  dojo-guard server --transport stdio',
  '  npx @modelcontextprotocol/inspector --cli http://127.0.0.1:8000/mcp --transport http --method tools/list',
].join('\n');

/**
 * `dojo-guard server`: the DefectDojo MCP server over Streamable HTTP (`/mcp`) or stdio.
 * Configuration errors exit non-zero before listening; SIGTERM/SIGINT close sessions and exit 0.
 */
export function registerServerCommand(program: Command): void {
  program
    .command('server')
    .description('Run the DefectDojo MCP server (the 12 Pro tools plus write/lifecycle tools)')
    .addOption(
      new Option('--transport <kind>', 'MCP transport').choices(['http', 'stdio']).default('http'),
    )
    .option('--host <host>', 'HTTP listen address', '127.0.0.1')
    .option('--port <port>', 'HTTP listen port (0 = any free port)', '8000')
    .option('--stateless', 'HTTP without sessions: a fresh server per request')
    .option(
      '--pro-compat',
      "behave like DefectDojo Pro's /mcp: require Authorization: Token, only the 12 Pro tools, each taking token and url arguments",
    )
    .addHelpText('after', ENV_HELP)
    .action(async (flags: ServerFlags) => runServer(flags));
}

async function runServer(flags: ServerFlags): Promise<void> {
  const proCompat = flags.proCompat === true;
  const clientConfig = loadClientConfig(process.env, { requireCredentials: !proCompat });
  const limits = loadServerLimits(process.env);
  const port = Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port must be 0-65535');
  const client = new DojoClient(clientConfig, createDojoAgent(clientConfig));
  const opts: DojoServerOptions = {
    client,
    clientConfig,
    proCompat,
    maxScanBytes: limits.maxScanBytes,
  };
  logger.info('dojo server starting', {
    transport: flags.transport,
    proCompat,
    dojo: clientConfig.baseUrl ? new URL(clientConfig.baseUrl).origin : null,
    readKey: clientConfig.readKey !== undefined,
    writeKey: clientConfig.writeKey !== undefined,
  });

  if (proCompat && !clientConfig.baseUrl) {
    logger.warn('pro-compat without DEFECTDOJO_URL: tool calls may name any https DefectDojo url');
  }

  if (flags.transport === 'stdio') {
    const server = createDojoMcpServer(opts);
    const transport = new StdioServerTransport();
    const stop = (): void => void server.close().finally(() => process.exit(0));
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
    process.stdin.once('end', stop);
    await server.connect(transport);
    return;
  }

  const running = await startHttpServer({
    host: flags.host,
    port,
    stateless: flags.stateless === true,
    proCompat,
    maxSessions: limits.maxSessions,
    sessionIdleMs: limits.sessionIdleMs,
    // base64 grows the file by 4/3; leave room for the other arguments.
    maxBodyBytes: Math.ceil((limits.maxScanBytes * 4) / 3) + 1024 * 1024,
    makeServer: () => createDojoMcpServer(opts),
  });
  announceListening('server', running.url);
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info('dojo server stopping', { signal });
    const force = setTimeout(() => process.exit(1), 5_000);
    force.unref();
    void running.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

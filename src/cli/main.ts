#!/usr/bin/env node
/**
 * The single CLI entry point. Each subcommand lives in its own file with its `register…Command`;
 * this file only decides which of them to load.
 *
 * Startup time: importing every subcommand's module eagerly (express, the MCP SDK, the guard chain,
 * the injection rules...) cost about a second before anything ran. Now only the invoked
 * subcommand's module is imported (`dojo-guard proxy …` loads cli/proxy.js and what it needs). For
 * the top-level help and `--version`, each command is registered as a stub carrying the summary
 * below; `dojo-guard <cmd> --help` loads the real command, so its help stays complete.
 * test/cli/startup.e2e.test.ts keeps the summaries equal to the real descriptions.
 */
import { Command, Option } from 'commander';
import { packageVersion } from '../shared/version.js';

/** Exit codes (README "Exit codes"): 0 success, 1 failure, 2 usage error. */
const EXIT_USAGE = 2;

interface LazyCommand {
  name: string;
  summary: string;
  /** The real command takes options (shows `[options]` in the top-level command list). */
  hasOptions: boolean;
  load: () => Promise<(program: Command) => void>;
}

const COMMANDS: readonly LazyCommand[] = [
  {
    name: 'server',
    summary: 'Run the DefectDojo MCP server (the 12 Pro tools plus write/lifecycle tools)',
    hasOptions: true,
    load: async () => (await import('./server.js')).registerServerCommand,
  },
  {
    name: 'sandbox',
    summary: 'Run a seeded fake DefectDojo (REST API v2 at /api/v2/) for demos and tests',
    hasOptions: true,
    load: async () => (await import('./sandbox.js')).registerSandboxCommand,
  },
  {
    name: 'proxy',
    summary: 'Run the MCP policy proxy in front of a Streamable HTTP MCP server',
    hasOptions: true,
    load: async () => (await import('./proxy.js')).registerProxyCommand,
  },
  {
    name: 'policy',
    summary: 'Validate policy files and print their JSON Schema',
    hasOptions: false,
    load: async () => (await import('./policy.js')).registerPolicyCommand,
  },
  {
    name: 'audit',
    summary: 'Audit trail tools',
    hasOptions: false,
    load: async () => (await import('./audit.js')).registerAuditCommand,
  },
  {
    name: 'approvals',
    summary: 'List, approve or reject calls waiting for human approval on a running guard',
    hasOptions: false,
    load: async () => (await import('./approvals.js')).registerApprovalsCommand,
  },
  {
    name: 'undo',
    summary: 'Undo journaled finding mutations through the guard (dry run unless --yes)',
    hasOptions: true,
    load: async () => (await import('./undo.js')).registerUndoCommand,
  },
  {
    name: 'scan-text',
    summary: 'Scan JSONL texts on stdin with the injection filter; one JSON verdict per line',
    hasOptions: true,
    load: async () => (await import('./scan-text.js')).registerScanTextCommand,
  },
  {
    name: 'demo',
    summary: 'Run sandbox DefectDojo + dojo-guard server + proxy (policies/demo.yaml) on loopback',
    hasOptions: true,
    load: async () => (await import('./demo.js')).registerDemoCommand,
  },
];

/** The subcommand named on the command line (`help <cmd>` included), if any. */
function invokedCommand(argv: readonly string[]): LazyCommand | undefined {
  const args = argv.slice(2);
  const first = args.findIndex((a) => !a.startsWith('-'));
  if (first < 0) return undefined;
  const name = args[first] === 'help' ? args[first + 1] : args[first];
  return COMMANDS.find((c) => c.name === name);
}

async function main(): Promise<void> {
  const program = new Command()
    .name('dojo-guard')
    .description('Security-hardened policy sidecar for DefectDojo MCP servers')
    .version(packageVersion())
    // Usage errors (unknown option or command, missing required option or argument) exit 2, so a
    // script tells them from a run that failed (exit 1). Subcommands inherit this setting.
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : EXIT_USAGE));
  const invoked = invokedCommand(process.argv);
  if (invoked) {
    (await invoked.load())(program);
  } else {
    for (const c of COMMANDS) {
      const stub = program.command(c.name).description(c.summary);
      if (c.hasOptions) stub.addOption(new Option('--lazy-stub').hideHelp());
      // Unreachable: a named command is loaded above. Fail loudly rather than do nothing.
      stub.allowUnknownOption().action(async () => {
        throw new Error(`unknown command ${c.name}`);
      });
    }
  }
  await program.parseAsync(process.argv);
}

main().catch((err: unknown) => {
  const msg = err instanceof Error ? err.message : String(err);
  process.stderr.write(`dojo-guard: ${msg}\n`);
  process.exit(1);
});

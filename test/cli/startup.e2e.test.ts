/**
 * Lazy CLI loading (src/cli/main.ts): the top-level help loads no subcommand module, a subcommand
 * loads only its own, and the help stays complete: every stub summary equals the real command's
 * description. Module loads are observed with NODE_DEBUG=esm (Node's own loader log).
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/process.js';

const COMMANDS = ['server', 'sandbox', 'proxy', 'policy', 'audit', 'undo', 'scan-text', 'demo'];

/** dist/ modules (relative paths) the CLI loaded for `args`. */
async function loadedModules(args: string[]): Promise<{ out: string; modules: Set<string> }> {
  const r = await runCli(args, { env: { NODE_DEBUG: 'esm' } });
  expect(r.code).toBe(0);
  const modules = new Set(
    [...r.stderr.matchAll(/file:\/\/\S*?\/dist\/([\w/.-]+\.js)/g)].map((m) => m[1]!),
  );
  return { out: r.stdout, modules };
}

/** The description line of `dojo-guard <cmd> --help` (third line of commander's output). */
const descriptionOf = (help: string): string => help.split('\n')[2]!.trim();

describe('lazy CLI startup', () => {
  it('--help loads main.js (and the version reader) only and lists every command', async () => {
    const { out, modules } = await loadedModules(['--help']);
    expect([...modules].sort()).toEqual(['cli/main.js', 'shared/version.js']);
    for (const c of COMMANDS) expect(out).toMatch(new RegExp(`^  ${c}\\b`, 'm'));
  });

  it('a subcommand loads its own module, not the others', async () => {
    const { modules } = await loadedModules(['sandbox', '--help']);
    expect(modules.has('cli/sandbox.js')).toBe(true);
    for (const other of ['cli/proxy.js', 'cli/server.js', 'cli/policy.js', 'cli/demo.js']) {
      expect(modules.has(other), other).toBe(false);
    }
    expect([...modules].some((m) => m.startsWith('guards/') || m.startsWith('proxy/'))).toBe(false);
    const help = await loadedModules(['help', 'proxy']);
    expect(help.out).toContain('--policy <files...>');
    expect(help.out).toContain('--no-watch');
  });

  it('each top-level summary is the real command description', async () => {
    const top = (await runCli(['--help'])).stdout;
    // Commander wraps long lines: compare with whitespace collapsed.
    const flat = top.replace(/\s+/g, ' ');
    const helps = await Promise.all(COMMANDS.map((c) => runCli([c, '--help'])));
    for (const [i, c] of COMMANDS.entries()) {
      expect(helps[i]!.code, c).toBe(0);
      const desc = descriptionOf(helps[i]!.stdout).replace(/\s+/g, ' ');
      expect(desc.length, c).toBeGreaterThan(5);
      expect(flat, c).toContain(desc);
    }
  });

  it('an unknown command still fails, as a usage error (exit 2)', async () => {
    const r = await runCli(['no-such-command']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'no-such-command'");
  });
});

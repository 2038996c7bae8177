import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/process.js';

describe('dojo-guard CLI', () => {
  it('lists its subcommands in --help', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    for (const cmd of ['server', 'sandbox', 'proxy', 'policy', 'audit', 'scan-text']) {
      expect(r.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    }
  });

  it('exits non-zero with a message on an unknown subcommand', async () => {
    const r = await runCli(['no-such-command']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command/);
  });
});

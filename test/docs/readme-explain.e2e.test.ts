/**
 * The README's `dojo-guard policy explain` examples work exactly as written: each command is taken
 * from README.md and run through a shell, with `dojo-guard` on PATH as the built CLI (as after
 * `npm install -g`).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/paths.js';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
/** Every command line of a fenced sh block that runs `dojo-guard policy explain`. */
const commands = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.split('\n'))
  .map((l) => l.trim())
  .filter((l) => l.startsWith('dojo-guard policy explain '));

const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-bin-'));
fs.writeFileSync(
  path.join(bin, 'dojo-guard'),
  `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`,
  { mode: 0o755 },
);
afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));

/** Runs a README line through sh from the repository root; stdout, or the failure. */
function sh(line: string): { code: number; stdout: string } {
  try {
    const stdout = execFileSync('sh', ['-c', line], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { PATH: `${bin}:${process.env.PATH}`, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { status?: number; stdout?: string; stderr?: string };
    return { code: e.status ?? -1, stdout: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

describe('README policy explain example', () => {
  it('is in the README', () => {
    expect(commands.length).toBeGreaterThan(0);
  });

  it.each(commands)('runs as written: %s', (line) => {
    const r = sh(line);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toMatch(/^verdict: (ALLOW|DENY)/m);
    expect(r.stdout).toMatch(/^rbac \(/m);
  });

  it('honours the read-before-suppress requirement it shows', () => {
    const line = commands.find((l) => l.includes('--read '));
    expect(line, 'an example with --read').toBeDefined();
    expect(sh(line!).stdout).toMatch(/^verdict: ALLOW$/m);
    // The same call without the read is refused, as the proxy refuses it.
    const unread = sh(line!.replace(/--read \S+ /, ''));
    expect(unread.code).toBe(0);
    expect(unread.stdout).toMatch(/^verdict: DENY \(not_read_before_mutation\)$/m);
  });
});

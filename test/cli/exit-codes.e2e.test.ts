/**
 * The exit codes README.md documents ("Exit codes") are the ones the CLI uses: each main case is
 * run and its code must be the one the README's table gives for it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/process.js';
import { allowAllWith } from '../helpers/policy.js';

const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Exit codes'));
/** code → meaning, from the README table. */
const TABLE = new Map(
  [...section.slice(0, section.indexOf('\n## ')).matchAll(/^\| (\d+) \| (.+) \|$/gm)].map((m) => [
    Number(m[1]),
    m[2]!,
  ]),
);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-exit-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string): string => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
};
// Nothing from the caller's environment may supply a sink or a credential.
const ENV = { AUDIT_LOG_FILE: undefined, AUDIT_HMAC_KEY: undefined, REDIS_URL: undefined };

/** Runs the CLI; asserts its code and that the README's row for that code mentions `words`. */
async function expectExit(args: string[], code: number, words: RegExp): Promise<string> {
  const r = await runCli(args, { env: ENV });
  expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(code);
  expect(TABLE.get(code), `README row for exit ${code}`).toMatch(words);
  return r.stderr;
}

describe('exit codes', () => {
  it('the README documents 0, 1 and 2', () => {
    expect([...TABLE.keys()]).toEqual([0, 1, 2]);
  });

  it('0: success', async () => {
    await expectExit(['policy', 'validate', 'policies/demo.yaml'], 0, /Success/);
    await expectExit(['--version'], 0, /--version/);
  });

  it('1: an invalid policy names file:line:col', async () => {
    const bad = write('bad.yaml', allowAllWith('server: { hots: 127.0.0.1 }'));
    const stderr = await expectExit(
      ['proxy', '--policy', bad, '--upstream', 'http://127.0.0.1:9/mcp'],
      1,
      /invalid policy/,
    );
    expect(stderr).toMatch(new RegExp(`${bad.replace(/[.\\/]/g, '\\$&')}:\\d+:\\d+: server`));
    await expectExit(['policy', 'validate', bad], 1, /invalid policy/);
  });

  it('1: the proxy refuses to start without an audit sink', async () => {
    const p = write('nosink.yaml', allowAllWith(''));
    const stderr = await expectExit(
      ['proxy', '--policy', p, '--upstream', 'http://127.0.0.1:9/mcp', '--port', '0'],
      1,
      /no audit sink/,
    );
    expect(stderr).toMatch(/no sink configured/);
  });

  it('2: usage errors (unknown option or command, missing required option)', async () => {
    const unknown = await expectExit(
      ['proxy', '--policy', 'x.yaml', '--polcy', 'y.yaml'],
      2,
      /unknown .*option/,
    );
    expect(unknown).toMatch(/unknown option '--polcy'/);
    expect(await expectExit(['policy', 'explain', '--role', 'r'], 2, /missing required/)).toMatch(
      /required option '--policy/,
    );
    await expectExit(['no-such-command'], 2, /unknown command/);
    await expectExit(['policy', 'validate'], 2, /argument/);
  });
});

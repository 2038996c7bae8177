/**
 * Spawns the real `dojo-guard` CLI (built into dist/ by `npm test` / `npm run build`) and waits for
 * its "listening on URL" line. Every e2e test uses this: real processes, no mocks of our code.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { CLI, REPO_ROOT } from './paths.js';

// Spawning tests take the paths from here too; a test that only needs a path imports paths.ts.
export { CLI, REPO_ROOT, SHARED } from './paths.js';

export interface Running {
  child: ChildProcess;
  url: string;
  /** Everything the process wrote to stderr so far (logs). */
  stderr: () => string;
  stdout: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/**
 * How long a process may take to print its `listening on` line. A proxy needs ~3 s of CPU to start
 * (compiling the injection rules is half of it); four started at once by one suite, beside two
 * other workers on a 2-core machine, took over 20 s in CI. This is a hang detector, not a speed
 * claim, and stays under vitest's 60 s hook timeout (vitest.config.ts) so a hang reports the
 * process and its stderr, not a bare hook timeout.
 */
const LISTEN_TIMEOUT_MS = 45_000;

/**
 * Starts `dojo-guard <args>` and resolves once it prints `listening on <url>`.
 * @example const sb = await startCli(['sandbox', '--port', '0']);
 */
export async function startCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {},
): Promise<Running> {
  return startProcess(process.execPath, [CLI, ...args], {
    ...opts,
    env: {
      ...process.env,
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      // The shipped policies read REDIS_URL: a test proxy shares Redis state (rate limits,
      // lockouts, read sets keyed by principal) only when the test asks for it, never by
      // inheriting CI's REDIS_URL, or counters leak between test files.
      REDIS_URL: '',
      ...opts.env,
      ...defaultAuditFile(args, opts.env),
    },
  });
}

/**
 * Starts any command with exactly `opts.env` (nothing inherited) and resolves once it prints
 * `listening on <url>`: for recipes that run a container's command line (test/deploy/).
 */
export async function startProcess(
  command: string,
  argv: string[],
  opts: { env?: Record<string, string | undefined>; timeoutMs?: number; cwd?: string } = {},
): Promise<Running> {
  const args = argv.slice(command === process.execPath ? 1 : 0);
  const child = spawn(command, argv, {
    cwd: opts.cwd ?? REPO_ROOT,
    env: opts.env ?? {},
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started process behind: nothing else holds a handle to it.
      child.kill('SIGKILL');
      reject(new Error(`timeout waiting for ${args.join(' ')} to listen\n${err}`));
    }, opts.timeoutMs ?? LISTEN_TIMEOUT_MS);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code} before listening\n${err}`));
    });
  });
  return {
    child,
    url,
    stderr: () => err,
    stdout: () => out,
    stop: (signal = 'SIGTERM') =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill(signal);
      }),
  };
}

/**
 * The proxy refuses to start without an audit sink (src/audit/index.ts). A test that does not set
 * AUDIT_LOG_FILE itself (`''` means none) gets a fresh file of its own, so its policy needs no
 * audit section and parallel tests never share a chain.
 */
function defaultAuditFile(
  args: readonly string[],
  env: Record<string, string | undefined> | undefined,
): Record<string, string> {
  if (args[0] !== 'proxy' || env?.AUDIT_LOG_FILE !== undefined || process.env.AUDIT_LOG_FILE)
    return {};
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-test-audit-'));
  return { AUDIT_LOG_FILE: path.join(dir, 'audit.jsonl') };
}

/** Runs `dojo-guard <args>` to completion and returns its exit code and output. */
export async function runCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; input?: string; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdin!.end(opts.input ?? '');
  const code = await new Promise<number | null>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('exit', (c) => {
      clearTimeout(t);
      resolve(c);
    });
  });
  return { code, stdout, stderr };
}

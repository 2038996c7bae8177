/**
 * Child processes of the demo: the real CLI (this very entry point) started as `sandbox`, `server`
 * and `proxy`, each awaited until it prints its `dojo-guard <component> listening on <url>` line.
 */
import { spawn, type ChildProcess } from 'node:child_process';

export interface Child {
  name: string;
  url: string;
  proc: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

const LISTENING = /^dojo-guard \S+ listening on (\S+)$/m;

/**
 * Starts `node <cli> <args>` and resolves with its announced URL.
 * @example await startChild('sandbox', ['sandbox', '--port', '0'], env)
 */
export function startChild(
  name: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<Child> {
  const cli = process.argv[1]!;
  const proc = spawn(process.execPath, [cli, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Children log JSON lines on stderr: pass them through, so the operator sees failures.
  proc.stderr!.pipe(process.stderr, { end: false });
  const stop = (graceMs = 10_000): Promise<void> =>
    new Promise((resolve) => {
      if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
      const kill = setTimeout(() => proc.kill('SIGKILL'), graceMs);
      proc.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      void stop(1000);
      reject(new Error(`${name} did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with ${code} before listening`));
    };
    proc.once('exit', onExit);
    proc.stdout!.on('data', (d: Buffer) => {
      if (out.length > 64 * 1024) return;
      out += d.toString('utf8');
      const m = LISTENING.exec(out);
      if (!m) return;
      clearTimeout(timer);
      proc.off('exit', onExit);
      out = '\n'.repeat(64 * 1024 + 1); // announce once; ignore later stdout
      resolve({ name, url: m[1]!, proc, stop });
    });
  });
}

/**
 * A redis-server child process of a test's own, which it may kill, freeze and restart without
 * touching the shared Redis (redis-env.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { reachable, waitFor } from './redis-env.js';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A private redis-server on a spare port: start, stop (SIGKILL: data lost), shutdown (SIGTERM: with
 * `persistDir` the data is saved and comes back on start), freeze (SIGSTOP), thaw.
 */
export class SpareRedis {
  private child: ChildProcess | undefined;
  private constructor(
    readonly port: number,
    private readonly persistDir?: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async create(persistDir?: string): Promise<SpareRedis> {
    const r = new SpareRedis(await freePort(), persistDir);
    await r.start();
    return r;
  }

  async start(): Promise<void> {
    const persist = this.persistDir
      ? ['--save', '3600 1', '--dir', this.persistDir, '--dbfilename', 'spare.rdb']
      : ['--save', ''];
    const args = ['--port', String(this.port), '--bind', '127.0.0.1', ...persist];
    const child = spawn('redis-server', [...args, '--appendonly', 'no', '--daemonize', 'no'], {
      stdio: 'ignore',
    });
    this.child = child;
    await waitFor(() => reachable(this.url), 10_000, `redis-server on ${this.port}`);
  }

  async stop(signal: 'SIGKILL' | 'SIGTERM' = 'SIGKILL'): Promise<void> {
    const c = this.child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGCONT');
    c.kill(signal);
    await exited;
  }

  freeze(): void {
    this.child?.kill('SIGSTOP');
  }

  thaw(): void {
    this.child?.kill('SIGCONT');
  }
}

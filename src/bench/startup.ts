/**
 * A proxy's start: CPU time of a fresh `dojo-guard proxy` (the demo policy as the bench runs it,
 * guard.ts `startGuard`) until it prints
 * `listening on`, read from /proc. Most of it is compiling the injection rules (a sidecar's cold
 * start and every restart pay it; the kill -9 audit test restarts the proxy fifty times).
 */
import path from 'node:path';
import { CLI, ROOT } from './argv.js';
import { startGuard } from './guard.js';
import { cpuUsOf } from './spawn.js';
import { median } from './stats.js';

export async function startUpRows(dir: string, rounds: number): Promise<[string, number][]> {
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const proxy = await startGuard({
      cli: CLI,
      policyFile: path.join(ROOT, 'policies/demo.yaml'),
      // never called: the proxy connects on a client's first request
      upstreamUrl: 'http://127.0.0.1:9/mcp',
      dir,
    });
    cpu.push(await cpuUsOf(proxy.proc.pid!));
    await proxy.stop();
  }
  return [['proxy start (demo policy): CPU until listening', median(cpu)]];
}

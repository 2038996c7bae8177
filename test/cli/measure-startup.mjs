// Prints CLI startup figures: `node test/cli/measure-startup.mjs [runs]` (after `npm run build`;
// DOJO_GUARD_CLI=path/to/other-main.js measures another entry point for comparison).
// Median wall time of `dojo-guard --help` and from spawn to the "listening on" line of
// `sandbox --port 0` and `server --port 0`. Each spawned child is stopped by its own pid.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI =
  process.env.DOJO_GUARD_CLI ??
  path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/cli/main.js');
const runs = Number(process.argv[2] ?? 5);

function time(args, untilListening) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: ['ignore', 'pipe', 'ignore'],
      env: {
        ...process.env,
        LOG_LEVEL: 'warn',
        DEFECTDOJO_URL: 'http://127.0.0.1:9',
        DEFECTDOJO_API_KEY: 'x'.repeat(40),
      },
    });
    let out = '';
    let t;
    const ms = () => Number(process.hrtime.bigint() - t0) / 1e6;
    child.stdout.on('data', (d) => {
      out += d;
      if (untilListening && t === undefined && /listening on/.test(out)) {
        t = ms();
        child.kill('SIGTERM');
      }
    });
    child.on('exit', (code) => {
      if (!untilListening) resolve(ms());
      else if (t !== undefined) resolve(t);
      else reject(new Error(`${args.join(' ')} exited ${code} before listening`));
    });
  });
}

const median = (xs) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)];
for (const [label, args, listen] of [
  ['--help', ['--help'], false],
  ['sandbox --port 0 → listening', ['sandbox', '--port', '0'], true],
  ['server --port 0 → listening', ['server', '--port', '0'], true],
]) {
  const xs = [];
  for (let i = 0; i < runs; i++) xs.push(await time(args, listen));
  console.log(`${label}: median ${median(xs).toFixed(0)} ms over ${runs} runs`);
}

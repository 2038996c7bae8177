/**
 * Runs the deployment recipes (Dockerfile, examples/docker-compose.yaml, examples/kubernetes/)
 * without a container engine: each container's command, arguments and environment are read from
 * the files themselves and run as a process on loopback. The image is the `npm pack` tarball
 * installed with production dependencies only into an empty directory (what the Dockerfile's build
 * stage does); container paths map into it (/app), into a per-container volume directory
 * (/var/lib/dojo-guard) and to this Node (/nodejs/bin/node). Addresses between containers
 * (`server:3000`, a pod's `127.0.0.1:3000`) map to the loopback port the process really got.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { REPO_ROOT, startProcess, type Running } from '../helpers/process.js';

export interface ImageConfig {
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  healthcheck: string[];
  volumes: string[];
  workdir: string;
}

/** The final stage of a Dockerfile: ENV, ENTRYPOINT, CMD, HEALTHCHECK CMD, VOLUME, WORKDIR. */
export function parseDockerfile(text: string): ImageConfig {
  const lines = text
    .replace(/\\\r?\n/g, ' ')
    .split('\n')
    .filter((l) => !/^\s*#/.test(l));
  const last = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const img: ImageConfig = {
    env: {},
    entrypoint: [],
    cmd: [],
    healthcheck: [],
    volumes: [],
    workdir: '/',
  };
  for (const line of lines.slice(last + 1)) {
    const m = /^(\w+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const [, op, rest] = [m[0], m[1]!.toUpperCase(), m[2]!];
    if (op === 'ENV')
      for (const kv of rest.matchAll(/(\w+)=("(?:[^"\\]|\\.)*"|\S+)/g))
        img.env[kv[1]!] = kv[2]!.startsWith('"') ? (JSON.parse(kv[2]!) as string) : kv[2]!;
    if (op === 'ENTRYPOINT') img.entrypoint = JSON.parse(rest) as string[];
    if (op === 'CMD') img.cmd = JSON.parse(rest) as string[];
    if (op === 'VOLUME') img.volumes = JSON.parse(rest) as string[];
    if (op === 'WORKDIR') img.workdir = rest.trim();
    if (op === 'HEALTHCHECK') img.healthcheck = JSON.parse(/\bCMD\s+(\[.*\])\s*$/.exec(rest)![1]!);
  }
  return img;
}

/** Compose variable interpolation: `${VAR}`, `${VAR:-default}`, `${VAR:?error}`, `$$`. */
export function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(/\$\$|\$\{(\w+)(?::([-?])([^}]*))?\}/g, (all, name, op, arg) => {
    if (all === '$$') return '$';
    const v = env[name as string];
    if (op === '?' && !v) throw new Error(`${name as string}: ${arg as string}`);
    return v ? v : op === '-' ? (arg as string) : '';
  });
}

/** `npm pack` + `npm install --omit=dev` of the tarball into an empty directory: the image. */
export function installImage(): { root: string; app: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-image-'));
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  // dist/ is built by `npm test` before vitest runs; --ignore-scripts skips prepack's rebuild.
  const out = execFileSync(
    npm,
    ['pack', '--ignore-scripts', '--json', '--pack-destination', root],
    {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const tarball = (JSON.parse(out) as { filename: string }[])[0]!.filename;
  fs.writeFileSync(path.join(root, 'package.json'), '{"name":"image","private":true}\n');
  execFileSync(
    npm,
    ['install', '--omit=dev', '--no-audit', '--no-fund', '--prefer-offline', `./${tarball}`],
    { cwd: root, stdio: 'ignore' },
  );
  return { root, app: path.join(root, 'node_modules/dojo-guard') };
}

/** One running container, with the loopback port its listening line showed. */
export interface Container {
  proc: Running;
  port: number;
  volume: string;
}

export interface RunSpec {
  /** Full command line as the container runs it (ENTRYPOINT + CMD/args). */
  argv: string[];
  env: Record<string, string>;
  /** `host:port` as other containers address it → loopback address it really has. */
  addresses: Map<string, string>;
}

/** Runs a container's command line: container paths and addresses mapped, `--port N` → 0. */
export async function runContainer(
  image: { app: string; root: string },
  spec: RunSpec,
): Promise<Container> {
  const volume = fs.mkdtempSync(path.join(image.root, 'vol-'));
  const mapValue = (v: string): string => {
    let out = v;
    for (const [from, to] of spec.addresses) out = out.split(from).join(to);
    if (out === '/nodejs/bin/node') return process.execPath;
    return out
      .replace(/(^|[=,\s])\/app(?=\/|$)/g, `$1${image.app}`)
      .replace(/(^|[=,\s])\/var\/lib\/dojo-guard(?=\/|$)/g, `$1${volume}`);
  };
  const argv = spec.argv.map(mapValue);
  const portAt = argv.indexOf('--port');
  if (portAt >= 0) argv[portAt + 1] = '0';
  const env = Object.fromEntries(Object.entries(spec.env).map(([k, v]) => [k, mapValue(v)]));
  const proc = await startProcess(argv[0]!, argv.slice(1), {
    env,
    cwd: image.app,
    timeoutMs: 60_000,
  });
  return { proc, port: Number(new URL(proc.url).port), volume };
}

/** Runs a HEALTHCHECK CMD (exec form) with the container's env; resolves to its exit code. */
export function healthcheck(argv: string[], env: Record<string, string>): number {
  try {
    const cmd = argv[0] === '/nodejs/bin/node' ? process.execPath : argv[0]!;
    execFileSync(cmd, argv.slice(1), { env, stdio: 'ignore', timeout: 15_000 });
    return 0;
  } catch (err) {
    return (err as { status?: number }).status ?? -1;
  }
}

/** An undici agent that resolves every name to 127.0.0.1 (the cluster's DNS, on loopback). */
const loopbackDns = new Agent({
  connect: {
    lookup: (_host, opts, cb) => {
      if ((opts as { all?: boolean }).all) cb(null, [{ address: '127.0.0.1', family: 4 }]);
      else (cb as (e: null, a: string, f: number) => void)(null, '127.0.0.1', 4);
    },
  },
});

/** fetch with the Host header of the URL's name (a Service or compose name), sent to 127.0.0.1. */
export const fetchLoopback = ((u: string | URL, init?: RequestInit) =>
  undiciFetch(u, { ...(init as object), dispatcher: loopbackDns })) as unknown as FetchLike;

/** An MCP SDK client on `url` with a bearer token, connected through fetchLoopback. */
export async function mcpClient(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'recipe-test', version: '1.0.0' });
  const fetchVia = fetchLoopback;
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
      fetch: fetchVia,
    }),
  );
  return client;
}

/** GET `path` on a container's port; status and body text. */
export async function probe(c: Container, p: string): Promise<{ status: number; body: string }> {
  const res = await fetch(`http://127.0.0.1:${c.port}${p}`);
  return { status: res.status, body: await res.text() };
}

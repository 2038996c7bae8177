/**
 * The shipped deployment recipes start and serve, proven without a container engine
 * (test/deploy/recipe-kit.ts): the Dockerfile's ENTRYPOINT + CMD + ENV + HEALTHCHECK against the
 * installed `npm pack` tarball, examples/docker-compose.yaml's services, and the containers of
 * examples/kubernetes/ (sidecar, and two replicas in front of a Pro-compatible /mcp on one Redis),
 * each reached by the MCP SDK client through the guard and probed the way the recipe probes it.
 * One `npm pack` + install serves the whole file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { REPO_ROOT } from '../helpers/process.js';
import { REDIS_URL, SKIP_REDIS } from '../state/redis-env.js';
import {
  healthcheck,
  installImage,
  interpolate,
  mcpClient,
  parseDockerfile,
  probe,
  runContainer,
  type Container,
} from './recipe-kit.js';

const VERSION = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }
).version;
const IMAGE_NAME = `ghcr.io/dojo-guard/dojo-guard:${VERSION}`;
const DOCKERFILE = parseDockerfile(fs.readFileSync(path.join(REPO_ROOT, 'Dockerfile'), 'utf8'));
const SANDBOX_KEY = 'recipe-sandbox-admin-key-0123456789abcdef';
const HMAC_KEY = 'recipe-test-hmac-key-0123456789abcdef0123';
const ANALYST = 'recipe-analyst-token-0123456789abcdef0123';
const WRITER = 'recipe-writer-token-0123456789abcdef01234';

let image: { root: string; app: string };
const started: Container[] = [];
const clients: Client[] = [];

async function run(
  argv: string[],
  env: Record<string, string>,
  addresses: Record<string, string> = {},
): Promise<Container> {
  const c = await runContainer(image, { argv, env, addresses: new Map(Object.entries(addresses)) });
  started.push(c);
  return c;
}
const loop = (c: Container): string => `127.0.0.1:${c.port}`;

/** Sandbox DefectDojo from the image (`docker run IMAGE sandbox`), for recipes that need one. */
function runSandbox(): Promise<Container> {
  return run([...DOCKERFILE.entrypoint, 'sandbox', '--port', '8000'], {
    ...DOCKERFILE.env,
    SANDBOX_ADMIN_TOKEN: SANDBOX_KEY,
  });
}

async function connect(url: string, token: string): Promise<Client> {
  const c = await mcpClient(url, token);
  clients.push(c);
  return c;
}

/** A guarded read through `client` succeeds and returns sandbox findings. */
async function expectGuardedRead(client: Client): Promise<void> {
  const tools = (await client.listTools()).tools.map((t) => t.name);
  expect(tools).toContain('get_findings');
  const r = await client.callTool({ name: 'get_findings', arguments: { limit: 2 } });
  expect(r.isError, JSON.stringify(r).slice(0, 400)).not.toBe(true);
  expect(JSON.stringify(r)).toMatch(/"title/);
}

/** /healthz and /readyz answer 200 on the guard; returns /readyz's checks. */
async function expectProbesReady(c: Container): Promise<Record<string, boolean>> {
  expect((await probe(c, '/healthz')).status).toBe(200);
  const ready = await probe(c, '/readyz');
  expect(ready.status, ready.body).toBe(200);
  return (JSON.parse(ready.body) as { checks: Record<string, boolean> }).checks;
}

/** `dojo-guard audit verify` of the image on the audit file in a container's volume. */
function verifyAudit(c: Container): string {
  return execFileSync(
    process.execPath,
    [path.join(image.app, 'dist/cli/main.js'), 'audit', 'verify', `${c.volume}/audit.jsonl`],
    { env: { PATH: process.env.PATH, AUDIT_HMAC_KEY: HMAC_KEY }, encoding: 'utf8' },
  );
}

beforeAll(() => {
  image = installImage();
}, 300_000);
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close().catch(() => undefined)));
  await Promise.all(started.map((c) => c.proc.stop()));
  if (image) fs.rmSync(image.root, { recursive: true, force: true });
});

describe('the image (npm pack installed with --omit=dev)', () => {
  it('is the bare CLI: --version from package.json, no importable entry point, no bench code', async () => {
    const bin = path.join(image.root, 'node_modules/.bin/dojo-guard');
    expect(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim()).toBe(VERSION);
    const imported = execFileSync(
      process.execPath,
      ['-e', "import('dojo-guard').then(() => console.log('ok'), (e) => console.log(e.code))"],
      { cwd: image.root, encoding: 'utf8' },
    );
    expect(imported.trim()).toBe('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(fs.existsSync(path.join(image.app, 'dist/bench'))).toBe(false);
    expect(fs.existsSync(path.join(image.root, 'node_modules/vitest'))).toBe(false);
  });
});

describe('Dockerfile', () => {
  it('runs the default command with the upstream from the environment; probes, HEALTHCHECK and audit work', async () => {
    expect(DOCKERFILE.volumes).toEqual(['/var/lib/dojo-guard']);
    expect(DOCKERFILE.env.AUDIT_LOG_FILE).toMatch(/^\/var\/lib\/dojo-guard\//);
    const sandbox = await runSandbox();
    const server = await run(
      [...DOCKERFILE.entrypoint, 'server', '--transport', 'http', '--port', '3000'],
      { ...DOCKERFILE.env, DEFECTDOJO_URL: `http://${loop(sandbox)}`, DEFECTDOJO_API_KEY: SANDBOX_KEY },
    );
    // `docker run -e DOJO_GUARD_UPSTREAM=… -e AUDIT_HMAC_KEY=… -e MCP_ROLE_…=… IMAGE` (the
    // Dockerfile's header): ENTRYPOINT + CMD as written.
    const guard = await run([...DOCKERFILE.entrypoint, ...DOCKERFILE.cmd], {
      ...DOCKERFILE.env,
      DOJO_GUARD_UPSTREAM: `http://${loop(server)}/mcp`,
      AUDIT_HMAC_KEY: HMAC_KEY,
      MCP_ROLE_ANALYST: `${ANALYST}:reader`,
    });
    expect(guard.proc.url).toMatch(/^http:\/\/0\.0\.0\.0:/);
    await expectProbesReady(guard);
    for (const c of [guard, sandbox, server])
      expect(healthcheck(DOCKERFILE.healthcheck, { HEALTH_PORT: String(c.port) })).toBe(0);
    await expectGuardedRead(await connect(`http://localhost:${guard.port}/mcp`, ANALYST));
    await guard.proc.stop();
    // The audit trail is on the volume and verifies with the key the container was given.
    expect(verifyAudit(guard)).toMatch(/^OK \d+ records/);
    expect(healthcheck(DOCKERFILE.healthcheck, { HEALTH_PORT: String(guard.port) })).not.toBe(0);
  });
});

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  profiles?: string[];
  depends_on?: string[];
  volumes?: string[];
}

describe('examples/docker-compose.yaml', () => {
  const compose = parse(
    fs.readFileSync(path.join(REPO_ROOT, 'examples/docker-compose.yaml'), 'utf8'),
  ) as { services: Record<string, ComposeService> };
  const svc = compose.services;
  const hostEnv = { AUDIT_HMAC_KEY: HMAC_KEY, MCP_ROLE_ANALYST: `${ANALYST}:reader` };
  const envOf = (s: ComposeService, extra: Record<string, string> = {}): Record<string, string> => ({
    ...DOCKERFILE.env,
    ...Object.fromEntries(
      Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(v, { ...hostEnv, ...extra })]),
    ),
  });
  /** Container port of a service: the value after --port in its command. */
  const portOf = (s: ComposeService): string => s.command![s.command!.indexOf('--port') + 1]!;

  it('uses this project\'s image, with Redis and syslog as opt-in profiles', () => {
    for (const name of ['sandbox', 'server', 'guard']) {
      expect(svc[name]!.image, name).toBe(IMAGE_NAME);
      expect(svc[name]!.profiles, name).toBeUndefined();
    }
    expect(svc.redis!.profiles).toEqual(['redis']);
    expect(svc.syslog!.profiles).toEqual(['syslog']);
    expect(svc.guard!.volumes).toContain('audit:/var/lib/dojo-guard');
    // Required secrets have no default: compose refuses to start without them.
    expect(() => interpolate(svc.guard!.environment!.AUDIT_HMAC_KEY!, {})).toThrow(/AUDIT_HMAC_KEY/);
  });

  async function startStack(extra: Record<string, string> = {}): Promise<Container> {
    const addresses: Record<string, string> = {};
    for (const name of ['sandbox', 'server', 'guard']) {
      const s = svc[name]!;
      for (const dep of s.depends_on ?? []) expect(addresses[`${dep}:${portOf(svc[dep]!)}`]).toBeDefined();
      const c = await run([...DOCKERFILE.entrypoint, ...s.command!], envOf(s, extra), addresses);
      addresses[`${name}:${portOf(s)}`] = loop(c);
      if (name === 'guard') return c;
    }
    throw new Error('no guard service');
  }

  it('sandbox + server + guard: a guarded call works through the published port and the service name', async () => {
    const guard = await startStack();
    const checks = await expectProbesReady(guard);
    expect(checks).toMatchObject({ upstream: true, audit: true });
    // Published as 127.0.0.1:8080:8080 → clients on the host use localhost; containers use `guard`.
    expect(svc.guard!.ports).toEqual(['127.0.0.1:8080:8080']);
    await expectGuardedRead(await connect(`http://localhost:${guard.port}/mcp`, ANALYST));
    await expectGuardedRead(await connect(`http://guard:${guard.port}/mcp`, ANALYST));
    await expect(connect(`http://elsewhere.example:${guard.port}/mcp`, ANALYST)).rejects.toThrow();
  });

  it.skipIf(SKIP_REDIS)('with the redis profile: the guard starts on REDIS_URL and reports the store ready', async () => {
    const redisPort = new URL(REDIS_URL).port || '6379';
    const guard = await startStack({ REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    expect((await expectProbesReady(guard)).store).toBe(true);
  });
});

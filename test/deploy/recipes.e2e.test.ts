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
import net from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import { parse, parseAllDocuments } from 'yaml';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { REDIS_URL, SKIP_REDIS } from '../state/redis-env.js';
import {
  fetchLoopback,
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

// Several real processes per test on a shared 2-core machine: generous budgets.
vi.setConfig({ testTimeout: 240_000 });
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

/** The audit sinks /readyz lists (each sink's kind, or its name when it has one). */
async function auditSinkNames(c: Container): Promise<string[]> {
  const body = JSON.parse((await probe(c, '/readyz')).body) as {
    audit_sinks: { name?: string; kind?: string }[];
  };
  return body.audit_sinks.map((s) => s.name ?? s.kind ?? '?');
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
      {
        ...DOCKERFILE.env,
        DEFECTDOJO_URL: `http://${loop(sandbox)}`,
        DEFECTDOJO_API_KEY: SANDBOX_KEY,
      },
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
  const envOf = (
    s: ComposeService,
    extra: Record<string, string> = {},
  ): Record<string, string> => ({
    ...DOCKERFILE.env,
    ...Object.fromEntries(
      Object.entries(s.environment ?? {}).map(([k, v]) => [
        k,
        interpolate(v, { ...hostEnv, ...extra }),
      ]),
    ),
  });
  /** Container port of a service: the value after --port in its command. */
  const portOf = (s: ComposeService): string => s.command![s.command!.indexOf('--port') + 1]!;

  it("uses this project's image, with Redis and syslog as opt-in profiles", () => {
    for (const name of ['sandbox', 'server', 'guard']) {
      expect(svc[name]!.image, name).toBe(IMAGE_NAME);
      expect(svc[name]!.profiles, name).toBeUndefined();
    }
    expect(svc.redis!.profiles).toEqual(['redis']);
    expect(svc.syslog!.profiles).toEqual(['syslog']);
    expect(svc.guard!.volumes).toContain('audit:/var/lib/dojo-guard');
    // Required secrets have no default: compose refuses to start without them.
    expect(() => interpolate(svc.guard!.environment!.AUDIT_HMAC_KEY!, {})).toThrow(
      /AUDIT_HMAC_KEY/,
    );
  });

  /**
   * Starts sandbox, server and guard with `extra` as the host's environment. `network` replaces
   * guard variables after interpolation: a service name and port given as two variables (the
   * syslog receiver's) cannot be rewritten by the `host:port` address map.
   */
  async function startStack(
    extra: Record<string, string> = {},
    network: Record<string, string> = {},
  ): Promise<Container> {
    const addresses: Record<string, string> = {};
    for (const name of ['sandbox', 'server', 'guard']) {
      const s = svc[name]!;
      for (const dep of s.depends_on ?? [])
        expect(addresses[`${dep}:${portOf(svc[dep]!)}`]).toBeDefined();
      const env = { ...envOf(s, extra), ...(name === 'guard' ? network : {}) };
      const c = await run([...DOCKERFILE.entrypoint, ...s.command!], env, addresses);
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

  it.skipIf(SKIP_REDIS)(
    'with the redis profile: the guard starts on REDIS_URL, reports the store ready and keeps its keys under its prefix',
    async () => {
      const redisPort = new URL(REDIS_URL).port || '6379';
      // A prefix of this run's own (parallel runs share the machine's Redis).
      const prefix = `recipe-compose-${process.pid}-${Date.now()}:`;
      const guard = await startStack({
        REDIS_URL: `redis://127.0.0.1:${redisPort}`,
        REDIS_KEY_PREFIX: prefix,
      });
      expect((await expectProbesReady(guard)).store).toBe(true);
      await expectGuardedRead(await connect(`http://localhost:${guard.port}/mcp`, ANALYST));
      const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        const keys = await redis.keys(`${prefix}*`);
        expect(keys.length).toBeGreaterThan(0);
        await redis.del(...keys);
      } finally {
        redis.disconnect();
      }
    },
  );

  it('with the syslog profile: AUDIT_SYSLOG_HOST=syslog sends the audit trail to the receiver', async () => {
    expect(svc.guard!.environment!.AUDIT_SYSLOG_HOST).toBe('${AUDIT_SYSLOG_HOST:-}');
    // The receiver: plain TCP, as the syslog service listens on the compose network.
    let received = '';
    const receiver = net.createServer((sock) => sock.on('data', (d) => (received += String(d))));
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    try {
      const env = envOf(svc.guard!, { AUDIT_SYSLOG_HOST: 'syslog' });
      expect([env.AUDIT_SYSLOG_HOST, env.AUDIT_SYSLOG_PORT]).toEqual(['syslog', '514']);
      // `syslog:514` is the receiver's loopback address here (the compose network's name).
      const addr = receiver.address() as net.AddressInfo;
      const guard = await startStack(
        { AUDIT_SYSLOG_HOST: 'syslog' },
        { AUDIT_SYSLOG_HOST: '127.0.0.1', AUDIT_SYSLOG_PORT: String(addr.port) },
      );
      expect(await expectProbesReady(guard)).toMatchObject({ audit: true });
      expect(await auditSinkNames(guard)).toEqual(['file', 'syslog']);
      await expectGuardedRead(await connect(`http://localhost:${guard.port}/mcp`, ANALYST));
      await vi.waitFor(() => expect(received).toMatch(/dojo-guard .*"tool":"get_findings"/), {
        timeout: 30_000,
        interval: 200,
      });
    } finally {
      receiver.close();
    }
  });

  it('without AUDIT_SYSLOG_HOST the guard has no syslog sink (the shipped policy drops the empty entry)', async () => {
    const guard = await startStack();
    await expectProbesReady(guard);
    expect(await auditSinkNames(guard)).toEqual(['file']);
  });
});

type K8sObject = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any };
interface K8sContainer {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  env?: {
    name: string;
    value?: string;
    valueFrom?: { secretKeyRef: { name: string; key: string } };
  }[];
  envFrom?: { secretRef: { name: string } }[];
  ports?: { name?: string; containerPort: number }[];
  readinessProbe?: { httpGet?: { path: string; port: number | string } };
  livenessProbe?: { httpGet?: { path: string; port: number | string } };
}

function manifests(file: string): K8sObject[] {
  const text = fs.readFileSync(path.join(REPO_ROOT, 'examples/kubernetes', file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as K8sObject);
}
const byKind = (objs: K8sObject[], kind: string, name?: string): K8sObject =>
  objs.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;

/** The container's process: `command` replaces ENTRYPOINT, `args` replaces CMD (Kubernetes). */
function podEnv(
  c: K8sContainer,
  secrets: Record<string, Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = { ...DOCKERFILE.env };
  for (const f of c.envFrom ?? []) Object.assign(env, secrets[f.secretRef.name]!);
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.secretKeyRef;
    const v = ref ? secrets[ref.name]![ref.key] : e.value;
    if (v === undefined) throw new Error(`env ${e.name}: no value`);
    env[e.name] = v;
  }
  return env;
}
const podArgv = (c: K8sContainer): string[] => [
  ...(c.command ?? DOCKERFILE.entrypoint),
  ...(c.args ?? (c.command ? [] : DOCKERFILE.cmd)),
];

/** The operator's Secret values, checked to cover exactly the keys the manifest's Secret lists. */
function fillSecret(obj: K8sObject, values: Record<string, string>): Record<string, string> {
  const declared = Object.keys((obj as unknown as { stringData: object }).stringData).sort();
  expect(Object.keys(values).sort(), obj.metadata.name).toEqual(declared);
  return values;
}

/** GETs every httpGet probe of a container (named ports resolved) and expects 200. */
async function expectK8sProbes(c: K8sContainer, running: Container): Promise<void> {
  const probes = [c.readinessProbe, c.livenessProbe].flatMap((p) =>
    p?.httpGet ? [p.httpGet] : [],
  );
  expect(probes.length, c.name).toBeGreaterThan(0);
  for (const p of probes) {
    const port =
      typeof p.port === 'number' ? p.port : c.ports!.find((x) => x.name === p.port)!.containerPort;
    // The probe's port is the one the container listens on (its --port).
    expect(String(port)).toBe(c.args![c.args!.indexOf('--port') + 1]);
    const r = await probe(running, p.path);
    expect(r.status, `${c.name} ${p.path} ${r.body}`).toBe(200);
  }
}

/** The kubernetes-models module of each apiVersion used here (schemas of Kubernetes 1.27). */
const MODELS: Record<string, () => Promise<object>> = {
  v1: () => import('kubernetes-models/v1'),
  'apps/v1': () => import('kubernetes-models/apps/v1'),
  'networking.k8s.io/v1': () => import('kubernetes-models/networking.k8s.io/v1'),
};

/** Validates every object against its Kubernetes schema; throws listing each failure. */
async function validateAll(objs: K8sObject[]): Promise<void> {
  const errors: string[] = [];
  for (const o of objs) {
    const load = MODELS[o.apiVersion];
    const Model = load
      ? ((await load()) as Record<string, new (x: unknown) => { validate(): void }>)[o.kind]
      : undefined;
    if (!Model) {
      errors.push(`${o.apiVersion} ${o.kind}: unknown to the schema set`);
      continue;
    }
    try {
      new Model(o).validate();
    } catch (err) {
      errors.push(`${o.kind}/${o.metadata.name}: ${(err as Error).message}`);
    }
  }
  if (errors.length) throw new Error(errors.join('\n'));
}

describe('examples/kubernetes', () => {
  it("every manifest passes the Kubernetes schema and uses this project's image", async () => {
    const files = fs
      .readdirSync(path.join(REPO_ROOT, 'examples/kubernetes'))
      .filter((f) => f.endsWith('.yaml'));
    expect(files.sort()).toEqual([
      'guard-in-front-of-pro.yaml',
      'prometheus-scrape.yaml',
      'sidecar-dojo-server.yaml',
    ]);
    for (const f of files) await validateAll(manifests(f));
    for (const f of ['guard-in-front-of-pro.yaml', 'sidecar-dojo-server.yaml'])
      for (const d of manifests(f).filter((o) => o.kind === 'Deployment'))
        for (const c of d.spec.template.spec.containers as K8sContainer[])
          if (c.image.includes('dojo-guard/')) expect(c.image).toBe(IMAGE_NAME);
    // A schema violation is caught (the check can fail).
    const broken = manifests('sidecar-dojo-server.yaml');
    byKind(broken, 'Deployment').spec.template.spec.containers[0].ports[0].containerPort = 'mcp';
    await expect(validateAll(broken)).rejects.toThrow(/containerPort/);
  });

  it('sidecar: the guard in front of the server answers probes, a guarded call and the Prometheus scrape', async () => {
    const objs = manifests('sidecar-dojo-server.yaml');
    const pod = byKind(objs, 'Deployment').spec.template;
    const [guardC, serverC] = ['guard', 'server'].map((n) =>
      (pod.spec.containers as K8sContainer[]).find((c) => c.name === n)!,
    );
    const sandbox = await runSandbox();
    const secrets = {
      'dojo-guard': fillSecret(byKind(objs, 'Secret'), {
        DEFECTDOJO_API_KEY: SANDBOX_KEY,
        AUDIT_HMAC_KEY: HMAC_KEY,
        MCP_ROLE_TRIAGE_BOT: `${WRITER}:writer`,
      }),
    };
    // DefectDojo (the manifest's placeholder address) is the sandbox here.
    const server = await run(podArgv(serverC!), podEnv(serverC!, secrets), {
      'https://defectdojo.example.com': `http://${loop(sandbox)}`,
    });
    const guard = await run(podArgv(guardC!), podEnv(guardC!, secrets), {
      '127.0.0.1:3000': loop(server),
    });
    await expectK8sProbes(guardC!, guard);
    await expectK8sProbes(serverC!, server);
    // Clients use the Service name; its targetPort is the guard's named port.
    const service = byKind(objs, 'Service');
    expect(service.spec.ports[0].targetPort).toBe(guardC!.ports![0]!.name);
    const svcHost = `${service.metadata.name}.dojo-guard.svc`;
    await expectGuardedRead(await connect(`http://${svcHost}:${guard.port}/mcp`, WRITER));
    await expect(connect(`http://10.1.2.3.nip.io:${guard.port}/mcp`, WRITER)).rejects.toThrow();

    // Prometheus: the scrape job keeps pods annotated scrape=true and scrapes their annotated path.
    const cm = byKind(manifests('prometheus-scrape.yaml'), 'ConfigMap') as unknown as {
      data: Record<string, string>;
    };
    const job = (parse(cm.data['prometheus.yml']!) as { scrape_configs: any[] }).scrape_configs[0];
    expect(job.job_name).toBe('dojo-guard');
    expect(job.kubernetes_sd_configs[0].namespaces.names).toContain('dojo-guard');
    const ann = pod.metadata.annotations as Record<string, string>;
    const keep = job.relabel_configs.find((r: any) => r.action === 'keep');
    expect(keep.source_labels).toEqual(['__meta_kubernetes_pod_annotation_prometheus_io_scrape']);
    expect(ann['prometheus.io/scrape']).toMatch(new RegExp(`^${keep.regex}$`));
    expect(ann['prometheus.io/port']).toBe(String(guardC!.ports![0]!.containerPort));
    const metrics = await probe(guard, ann['prometheus.io/path']!);
    expect(metrics.status).toBe(200);
    expect(metrics.body).toMatch(/^dojo_guard_build_info\{/m);
  });

  it.skipIf(SKIP_REDIS)(
    'Pro: the replicas on one Redis each pass probes and a guarded call, and share sessions',
    async () => {
      const objs = manifests('guard-in-front-of-pro.yaml');
      const deploy = byKind(objs, 'Deployment', 'dojo-guard-pro');
      const guardC = (deploy.spec.template.spec.containers as K8sContainer[])[0]!;
      expect(deploy.spec.replicas).toBeGreaterThanOrEqual(2);
      const sandbox = await runSandbox();
      // Pro's /mcp: the bundled server in Pro-compatible mode in front of the sandbox.
      const pro = await run(
        [...DOCKERFILE.entrypoint, 'server', '--port', '3000', '--pro-compat'],
        { ...DOCKERFILE.env, DEFECTDOJO_URL: `http://${loop(sandbox)}` },
      );
      const redisSvc = byKind(objs, 'Service', 'dojo-guard-redis');
      const secret = fillSecret(byKind(objs, 'Secret'), {
        DEFECTDOJO_URL: `http://${loop(sandbox)}`,
        DEFECTDOJO_API_KEY: SANDBOX_KEY,
        AUDIT_HMAC_KEY: HMAC_KEY,
        REDIS_URL: `redis://${redisSvc.metadata.name}:${redisSvc.spec.ports[0].port}`,
        MCP_ROLE_ANALYST: `${ANALYST}:reader`,
      });
      // In the test Pro's /mcp and its REST API are two processes, so the upstream is named
      // explicitly; Redis is the machine's.
      const redis = new URL(REDIS_URL);
      const env = {
        ...podEnv(guardC, { 'dojo-guard-pro': secret }),
        DOJO_GUARD_UPSTREAM: pro.proc.url,
        // This run's own keys on the machine's shared Redis (the replicas share the prefix).
        REDIS_KEY_PREFIX: `recipe-k8s-pro-${process.pid}-${Date.now()}:`,
      };
      const replicas: Container[] = [];
      for (let i = 0; i < deploy.spec.replicas; i++)
        replicas.push(
          await run(podArgv(guardC), env, {
            [`${redisSvc.metadata.name}:6379`]: `${redis.hostname}:${redis.port || 6379}`,
          }),
        );
      const svc = byKind(objs, 'Service', 'dojo-guard-pro');
      for (const r of replicas) {
        expect((await expectProbesReady(r)).store).toBe(true);
        await expectK8sProbes(guardC, r);
        await expectGuardedRead(
          await connect(`http://${svc.metadata.name}.dojo-guard.svc:${r.port}/mcp`, ANALYST),
        );
      }
      // A session opened on one replica is served by the other (state in Redis).
      const host = `${svc.metadata.name}.dojo-guard.svc`;
      const post = (r: Container, body: object, sid?: string) =>
        fetchLoopback(`http://${host}:${r.port}/mcp`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${ANALYST}`,
            'content-type': 'application/json',
            accept: 'application/json, text/event-stream',
            'mcp-protocol-version': '2025-06-18',
            ...(sid ? { 'mcp-session-id': sid } : {}),
          },
          body: JSON.stringify(body),
        });
      const init = await post(replicas[0]!, {
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 't', version: '1' },
        },
      });
      expect(init.status).toBe(200);
      const sid = init.headers.get('mcp-session-id')!;
      await init.text();
      expect(
        (await post(replicas[1]!, { jsonrpc: '2.0', method: 'notifications/initialized' }, sid))
          .status,
      ).toBe(202);
      const listed = await post(replicas[1]!, { jsonrpc: '2.0', id: 2, method: 'tools/list' }, sid);
      expect(listed.status).toBe(200);
      expect(await listed.text()).toContain('get_findings');
    },
  );
});

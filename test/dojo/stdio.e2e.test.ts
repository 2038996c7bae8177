/**
 * The same server over stdio: the SDK's StdioClientTransport spawns `node dist/cli/main.js server
 * --transport stdio`. A subset of tools, plus the stateless HTTP mode.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, REPO_ROOT } from '../helpers/paths.js';
import type { Running } from '../helpers/process.js';
import { ADMIN_TOKEN, connectHttp, data, failure, startSandbox, startServer } from './harness.js';

let sandbox: Running;
let client: Client;
let transport: StdioClientTransport;
let stderr = '';

beforeAll(async () => {
  sandbox = await startSandbox();
  transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, 'server', '--transport', 'stdio'],
    cwd: REPO_ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      DEFECTDOJO_URL: sandbox.url,
      DEFECTDOJO_API_KEY: ADMIN_TOKEN,
      LOG_LEVEL: 'debug',
    },
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  client = new Client({ name: 'stdio-e2e', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close().catch(() => undefined);
  await sandbox?.stop();
});

describe('stdio transport', () => {
  it('lists all tools and serves filtered findings', async () => {
    expect((await client.listTools()).tools).toHaveLength(27);
    const r = await data(client, 'get_findings', {
      severity: ['Low'],
      status: ['Active'],
      limit: 10,
    });
    expect(r.count).toBeGreaterThan(0);
    expect(r.results.every((f: any) => f.severity === 'Low' && f.active)).toBe(true);
  });

  it('serves the id lookups, notes and health check', async () => {
    const page = await data(client, 'get_findings', { limit: 1 });
    const id = page.results[0].id;
    expect((await data(client, 'get_finding_by_id', { finding_id: id })).result.id).toBe(id);
    const notes = await data(client, 'get_finding_notes', { finding_id: id });
    expect(notes.finding_id).toBe(id);
    expect(Array.isArray(notes.notes)).toBe(true);
    expect((await data(client, 'health_check')).status).toBe('ok');
    expect((await failure(client, 'get_user_by_id', { user_id: 424242 })).code).toBe(
      'dojo_not_found',
    );
  });

  it('keeps stdout for JSON-RPC and the key out of stderr', () => {
    expect(stderr).not.toContain(ADMIN_TOKEN);
    expect(stderr).toMatch(/dojo server starting/);
  });
});

describe('stateless HTTP', () => {
  let server: Running;
  afterAll(async () => server?.stop());

  it('answers each request with a fresh server and refuses GET streams', async () => {
    server = await startServer(sandbox.url, {}, ['--stateless']);
    const c = await connectHttp(server.url);
    expect((await data(c, 'get_products', { limit: 2 })).results).toHaveLength(2);
    expect((await data(c, 'get_product_types', { limit: 1 })).count).toBeGreaterThan(0);
    await c.close();
    const r = await fetch(server.url, { method: 'GET', headers: { accept: 'text/event-stream' } });
    expect(r.status).toBe(405);
  });
});

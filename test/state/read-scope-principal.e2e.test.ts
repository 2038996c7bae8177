/**
 * `audit.findings.scope: principal` across processes: two real `dojo-guard proxy` replicas on the
 * shared Redis (unique key prefix) in front of a *stateless* `dojo-guard server --stateless` →
 * `dojo-guard sandbox`. The client has no MCP session at all. A finding read through replica A
 * may be closed through replica B by the same principal; another principal is still refused; the
 * read set in Redis carries the principal TTL.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { Redis } from 'ioredis';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { REPO_ROOT, startCli, type Running } from '../helpers/process.js';
import { KEY, records, tmpDir, waitFor } from '../audit/helpers.js';
import { cleanupPrefix, REDIS_URL, SKIP_REDIS, uniquePrefix } from './redis-env.js';

const ADMIN = 'scope0e2e0admin0token00000000000000000a0d1';
const WRITER = 'scope-e2e-writer-token-0123456789abcdef';
const OTHER = 'scope-e2e-other-token-0123456789abcdef0';
const TTL_SECONDS = 600;
const prefix = uniquePrefix('read-scope');
const procs: Running[] = [];
const clients: Client[] = [];
let dir: string;
let sandboxUrl: string;
let replicas: Running[] = [];
const auditFiles: string[] = [];

async function connect(url: string, token: string): Promise<Client> {
  const c = new Client({ name: 'scope-e2e', version: '1.0.0' });
  await c.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  clients.push(c);
  return c;
}

async function rpcCode(p: Promise<unknown>): Promise<number | undefined> {
  return p.then(
    () => undefined,
    (e: unknown) => (e instanceof McpError ? e.code : -1),
  );
}

beforeAll(async () => {
  if (SKIP_REDIS) return;
  dir = tmpDir('dg-scope-e2e-');
  const shipped = YAML.parse(
    fs.readFileSync(path.join(REPO_ROOT, 'policies/dojo-server.yaml'), 'utf8'),
  ) as Record<string, any>;
  shipped.server.port = 0;
  shipped.audit.findings = {
    ...shipped.audit.findings,
    scope: 'principal',
    principal_ttl_seconds: TTL_SECONDS,
    require_read_for: ['close_finding'],
  };
  shipped.state = { redis: { url: REDIS_URL, key_prefix: prefix } };
  const policyText = YAML.stringify(shipped);
  expect(policyText).toContain('scope: principal');
  const policy = path.join(dir, 'policy.yaml');
  fs.writeFileSync(policy, policyText);
  const sandbox = await startCli(['sandbox', '--port', '0'], {
    env: { SANDBOX_ADMIN_TOKEN: ADMIN },
    timeoutMs: 60_000,
  });
  procs.push(sandbox);
  sandboxUrl = sandbox.url.replace(/\/$/, '');
  const server = await startCli(['server', '--port', '0', '--stateless'], {
    env: { DEFECTDOJO_URL: sandbox.url, DEFECTDOJO_API_KEY: ADMIN },
    timeoutMs: 60_000,
  });
  procs.push(server);
  replicas = [];
  for (const name of ['a', 'b']) {
    const auditFile = path.join(dir, `audit-${name}.log`);
    auditFiles.push(auditFile);
    const p = await startCli(
      ['proxy', '--policy', policy, '--upstream', server.url, '--port', '0'],
      {
        env: {
          AUDIT_LOG_FILE: auditFile,
          AUDIT_HMAC_KEY: KEY,
          MCP_ROLE_TRIAGE: `${WRITER}:writer`,
          MCP_ROLE_OTHER: `${OTHER}:writer`,
        },
        timeoutMs: 60_000,
      },
    );
    procs.push(p);
    replicas.push(p);
  }
}, 300_000);

afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  for (const p of procs.reverse()) await p.stop();
  if (!SKIP_REDIS) await cleanupPrefix(prefix);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(SKIP_REDIS)(
  'audit.findings.scope: principal (stateless, two replicas, Redis)',
  () => {
    it('a read through replica A satisfies require_read_for on replica B for the same principal only', async () => {
      const [a, b] = replicas as [Running, Running];
      const readerA = await connect(a.url, WRITER);
      const page = await readerA.callTool({ name: 'get_findings', arguments: { limit: 1 } });
      const shown = (page.structuredContent as { results: { id: number }[] }).results[0]!.id;

      // The other principal, on replica B, has read nothing: refused.
      const other = await connect(b.url, OTHER);
      const close = {
        name: 'close_finding',
        arguments: { finding_id: shown, reason: 'mitigated' },
      };
      expect(await rpcCode(other.callTool(close))).toBe(-32004);

      // Same principal, other replica, a new connection (no MCP session either way): allowed.
      const writerB = await connect(b.url, WRITER);
      expect(await rpcCode(writerB.callTool(close))).toBeUndefined();
      const res = await fetch(`${sandboxUrl}/api/v2/findings/${shown}/`, {
        headers: { Authorization: `Token ${ADMIN}` },
      });
      expect(((await res.json()) as { is_mitigated: boolean }).is_mitigated).toBe(true);

      // The allowed record on B: no session, and the read done on A listed.
      await waitFor(
        () =>
          records(auditFiles[1]!).some(
            (r) => r.tool === 'close_finding' && r.outcome === 'allowed',
          ),
        10_000,
        'allowed close on B',
      );
      const allowed = records(auditFiles[1]!).find(
        (r) => r.tool === 'close_finding' && r.outcome === 'allowed',
      )!;
      expect(allowed.sessionId).toBeUndefined();
      expect(allowed.findings_read_before_mutation).toEqual([shown]);

      // The principal's read set lives in Redis under the prefix, with the principal TTL.
      const redis = new Redis(REDIS_URL);
      try {
        const keys = await redis.keys(`${prefix}*principal*`);
        expect(keys.length).toBe(1);
        const ttl = await redis.pttl(keys[0]!);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(TTL_SECONDS * 1000);
      } finally {
        redis.disconnect();
      }
    });
  },
);

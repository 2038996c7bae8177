/**
 * Write-ahead through the real proxy under the shipped demo policy: when a mutation reaches the
 * upstream, its intent record is already in the audit file (the upstream reads the file at the
 * moment the call arrives); reads are not written ahead; every outcome names its intent and
 * `audit verify` pairs them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { digestOf } from '../../src/shared/canonical.js';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import { hostMcp, type McpHost } from '../helpers/mcp-host.js';
import { REPO_ROOT, startCli, type Running } from '../helpers/process.js';
import { KEY, keyOf, records, tmpDir } from './helpers.js';
import { findingRecord } from '../helpers/finding.js';

const WRITER = 'demo-only-writer-token-do-not-use-in-production';
const dir = tmpDir('dg-write-ahead-');
const auditFile = path.join(dir, 'audit.jsonl');
/** For each tools/call the upstream received: did the audit file hold its intent at that moment? */
const arrivals: { tool: string; intentOnFile: boolean }[] = [];
let upstream: McpHost;
let proxy: Running;
let client: Client;

function intentOnFile(tool: string, args: Record<string, unknown>): boolean {
  const digest = digestOf(args);
  return fs
    .readFileSync(auditFile, 'utf8')
    .split('\n')
    .some(
      (l) =>
        l.startsWith('{"kind":"intent"') && l.includes(`"tool":"${tool}"`) && l.includes(digest),
    );
}

function buildServer(): McpServer {
  const s = new McpServer({ name: 'write-ahead-upstream', version: '1.0.0' });
  s.registerTool(
    'update_finding',
    { description: 'update', inputSchema: { finding_id: z.number(), note: z.string() } },
    async () => ({ content: [{ type: 'text', text: 'updated' }] }),
  );
  s.registerTool(
    'get_findings',
    {
      description: 'read',
      inputSchema: { limit: z.number() },
      // Without readOnlyHint an advertised tool is classified as mutating.
      annotations: { readOnlyHint: true },
    },
    async () => ({ content: [{ type: 'text', text: '[]' }] }),
  );
  // The demo policy's `findings` section looks the target finding up before a mutation
  // (src/guards/finding-facts/upstream-source.ts); answered like src/dojo/tools/pro-read.ts does,
  // with the test → engagement → product summary that src/guards/finding-facts/facts.ts reads.
  s.registerTool(
    'get_finding_by_id',
    {
      description: 'read one finding',
      inputSchema: { finding_id: z.number() },
      annotations: { readOnlyHint: true },
    },
    async ({ finding_id }) => {
      const result = findingRecord(finding_id, {
        related_fields: {
          test: { id: 1, engagement: { id: 1, product: { id: 1, prod_type: { id: 1 } } } },
        },
      });
      return {
        content: [{ type: 'text', text: JSON.stringify({ result }) }],
        structuredContent: { result },
      };
    },
  );
  return s;
}

beforeAll(async () => {
  upstream = await hostMcp(buildServer, {
    jsonResponse: true,
    onRequest: (req) => {
      const m = req.body as { method?: string; params?: { name: string; arguments: object } };
      if (m?.method !== 'tools/call' || !m.params) return;
      const args = m.params.arguments as Record<string, unknown>;
      arrivals.push({ tool: m.params.name, intentOnFile: intentOnFile(m.params.name, args) });
    },
  });
  proxy = await startCli(
    [
      'proxy',
      '--policy',
      path.join(REPO_ROOT, 'policies/demo.yaml'),
      '--upstream',
      upstream.url,
      '--port',
      '0',
    ],
    { env: { AUDIT_LOG_FILE: auditFile, AUDIT_HMAC_KEY: KEY }, timeoutMs: 60_000 },
  );
  client = new Client({ name: 'write-ahead-e2e', version: '1' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(proxy.url), {
      requestInit: { headers: { authorization: `Bearer ${WRITER}` } },
    }),
  );
  await client.listTools();
});
afterAll(async () => {
  await client?.close();
  await proxy?.stop();
  await upstream?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('write-ahead for mutations (real proxy, demo policy)', () => {
  it('a mutation reaches the upstream only with its intent already on file; reads are not written ahead', async () => {
    for (let i = 1; i <= 5; i++) {
      await client.callTool({
        name: 'update_finding',
        arguments: { finding_id: i, note: `n${i}` },
      });
      await client.callTool({ name: 'get_findings', arguments: { limit: i } });
    }
    expect(arrivals.filter((a) => a.tool === 'update_finding')).toEqual(
      Array(5).fill({ tool: 'update_finding', intentOnFile: true }),
    );
    expect(arrivals.filter((a) => a.tool === 'get_findings')).toEqual(
      Array(5).fill({ tool: 'get_findings', intentOnFile: false }),
    );
  });

  it('every outcome names its intent, and the pairs verify after a clean stop', async () => {
    await proxy.stop();
    const all = records(auditFile);
    const intents = all.filter((r) => r.kind === 'intent');
    expect(intents).toHaveLength(5);
    for (const it of intents) {
      expect(it).toMatchObject({ tool: 'update_finding', decision: 'allowed' });
      expect(it.principal).toMatchObject({ id: 'demo-writer', role: 'writer' });
      const outcome = all.find((r) => r.kind === 'decision' && r.decisionId === it.decisionId);
      expect(outcome).toMatchObject({ outcome: 'allowed', intentSeq: it.seq, mutation: true });
      expect(outcome!.seq).toBeGreaterThan(it.seq);
    }
    const reads = all.filter((r) => r.kind === 'decision' && r.tool === 'get_findings');
    expect(reads.every((r) => r.intentSeq === undefined)).toBe(true);
    expect(verifyAuditFiles([auditFile], [keyOf()])).toMatchObject({
      ok: true,
      intents: 5,
      openIntents: [],
    });
  });
});

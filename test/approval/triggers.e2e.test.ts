/**
 * Approval triggers that read state, through real proxies, a real SDK upstream and real Redis:
 * - `fact:` conditions: suppressing a finding whose current severity (looked up through the
 *   upstream's get_finding_by_id) is Critical needs approval; the same call on a Low finding runs;
 * - `after`: a principal's calls matching a rule run until the count is exceeded, then need
 *   approval; the count is per principal and shared by two replicas on Redis.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { startCli, type Running } from '../helpers/process.js';
import { hostMcp, type McpHost } from '../helpers/mcp-host.js';
import { findingRecord } from '../helpers/finding.js';
import { sha256 } from '../helpers/static-token-policy.js';
import { cleanupPrefix, REDIS_URL, SKIP_REDIS, uniquePrefix } from '../state/redis-env.js';
import { approveNow, connect, denied, TOKENS } from './harness.js';

const PREFIX = uniquePrefix('approval-triggers');
/** Finding ids the upstream reports as Critical; every other one is Low. */
const CRITICAL = new Set([1, 3]);

let upstream: McpHost;
const closes: { finding_id: number; reason: string }[] = [];
let replicas: Running[] = [];
let dir: string;

function policyYaml(): string {
  return `version: 1
server: { host: 127.0.0.1, port: 0 }
auth:
  tokens:
    - { id: wendy, role: writer, sha256: ${sha256(TOKENS.writer)} }
    - { id: lena, role: lead, sha256: ${sha256(TOKENS.lead)} }
    - { id: leo, role: lead, sha256: ${sha256(TOKENS.lead2)} }
tools:
  classes:
    mutating: [close_finding]
rbac:
  roles:
    writer: { tools: [close_finding, get_finding_by_id] }
    lead: { inherits: [writer], permissions: [approve_suppression] }
findings: {}
approvals:
  rules:
    - id: suppress-critical
      tools: [close_finding]
      when:
        - { arg: reason, in: [risk_accepted, false_positive] }
        - { fact: severity, equals: Critical }
      approvers: { permission: approve_suppression }
    - id: many-closes
      tools: [close_finding]
      when: [{ arg: reason, equals: mitigated }]
      after: { calls: 2, duration_seconds: 3600 }
      approvers: { permission: approve_suppression }
state:
  backend: redis
  redis: { url: '${REDIS_URL}', key_prefix: '${PREFIX}' }
`;
}

function buildUpstream(): McpServer {
  const server = new McpServer({ name: 'approval-triggers-upstream', version: '1.0.0' });
  server.registerTool(
    'get_finding_by_id',
    {
      description: 'read one finding',
      inputSchema: { finding_id: z.number() },
      annotations: { readOnlyHint: true },
    },
    async ({ finding_id }) => {
      const f = findingRecord(finding_id, {
        severity: CRITICAL.has(finding_id) ? 'Critical' : 'Low',
      });
      return { content: [{ type: 'text', text: JSON.stringify(f) }] };
    },
  );
  server.registerTool(
    'close_finding',
    {
      description: 'close one finding',
      inputSchema: { finding_id: z.number(), reason: z.string() },
      annotations: { destructiveHint: true },
    },
    async (args) => {
      closes.push(args);
      return { content: [{ type: 'text', text: 'closed' }] };
    },
  );
  return server;
}

const close = (c: Client, finding_id: number, reason: string) =>
  c.callTool({ name: 'close_finding', arguments: { finding_id, reason } });
const ran = (finding_id: number, reason: string) =>
  closes.filter((c) => c.finding_id === finding_id && c.reason === reason).length;

describe.skipIf(SKIP_REDIS)('approval triggers that read state', { timeout: 120_000 }, () => {
  let a: Client;
  let b: Client;
  let lead: Client;

  beforeAll(async () => {
    upstream = await hostMcp(buildUpstream, { jsonResponse: true });
    dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-approval-triggers-'));
    const file = path.join(dir, 'policy.yaml');
    writeFileSync(file, policyYaml());
    replicas = await Promise.all(
      [0, 1].map(() =>
        startCli(['proxy', '--policy', file, '--upstream', upstream.url, '--port', '0'], {
          timeoutMs: 60_000,
        }),
      ),
    );
    a = await connect(replicas[0]!.url, TOKENS.writer);
    b = await connect(replicas[1]!.url, TOKENS.writer);
    lead = await connect(replicas[0]!.url, TOKENS.lead);
  }, 120_000);

  afterAll(async () => {
    for (const c of [a, b, lead]) await c?.close().catch(() => undefined);
    await Promise.all(replicas.map((r) => r.stop()));
    await upstream?.close();
    await cleanupPrefix(PREFIX);
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks for approval to suppress a Critical finding, not a Low one', async () => {
    expect((await close(a, 2, 'risk_accepted')).isError).toBeFalsy();
    expect(ran(2, 'risk_accepted')).toBe(1);

    const first = await denied(close(a, 1, 'false_positive'));
    expect(first.code).toBe('approval_required');
    expect(ran(1, 'false_positive')).toBe(0);
    // Another Critical finding, another reason the rule names: gated too.
    expect((await denied(close(a, 3, 'risk_accepted'))).code).toBe('approval_required');
    // The fact is the finding's, not the arguments': a non-suppressing close of a Critical runs.
    expect((await close(a, 1, 'duplicate')).isError).toBeFalsy();

    expect(await approveNow(replicas[1]!.url, TOKENS.lead2, first.approvalId!)).toBe(200);
    expect((await close(a, 1, 'false_positive')).isError).toBeFalsy();
    expect(ran(1, 'false_positive')).toBe(1);
  });

  it('asks once a principal made more matching calls than the count, across replicas', async () => {
    // Two mitigated closes are free (one on each replica), the third needs approval.
    expect((await close(a, 20, 'mitigated')).isError).toBeFalsy();
    expect((await close(b, 21, 'mitigated')).isError).toBeFalsy();
    const third = await denied(close(b, 22, 'mitigated'));
    expect(third.code).toBe('approval_required');
    expect(ran(22, 'mitigated')).toBe(0);
    // Calls the rule does not match are not counted, nor gated.
    expect((await close(a, 23, 'duplicate')).isError).toBeFalsy();
    // The count is per principal: another one still has its allowance.
    expect((await close(lead, 24, 'mitigated')).isError).toBeFalsy();
    // Over the count, each call is gated; the approved one runs once.
    expect(await approveNow(replicas[0]!.url, TOKENS.lead, third.approvalId!)).toBe(200);
    expect((await close(a, 22, 'mitigated')).isError).toBeFalsy();
    expect(ran(22, 'mitigated')).toBe(1);
    expect((await denied(close(a, 22, 'mitigated'))).code).toBe('approval_required');
  });
});

/**
 * Approvals across two real proxy replicas sharing Redis (unique key prefix): a request made on
 * one replica is listed and approved through the other, and when both replicas receive the
 * identical retry at once, exactly one runs (the compare-and-set in src/state/redis.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startCli, type Running } from '../helpers/process.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { cleanupPrefix, REDIS_URL, SKIP_REDIS, uniquePrefix } from '../state/redis-env.js';
import {
  APPROVAL_SCHEMAS,
  approvalsCli,
  connect,
  denied,
  TOKENS,
  writeApprovalPolicy,
} from './harness.js';

const PREFIX = uniquePrefix('approvals');

describe.skipIf(SKIP_REDIS)('approvals across two replicas on Redis', { timeout: 120_000 }, () => {
  let up: FakeUpstream;
  let replicas: Running[] = [];
  let onA: Client;
  let onB: Client;

  beforeAll(async () => {
    up = await startFakeUpstream({ tools: { import_scan: 'echo' }, schemas: APPROVAL_SCHEMAS });
    const policy = writeApprovalPolicy(`state:
  backend: redis
  redis: { url: '${REDIS_URL}', key_prefix: '${PREFIX}' }
`);
    replicas = await Promise.all(
      [0, 1].map(() =>
        startCli(['proxy', '--policy', policy.file, '--upstream', up.url, '--port', '0'], {
          timeoutMs: 60_000,
        }),
      ),
    );
    onA = await connect(replicas[0]!.url, TOKENS.writer);
    onB = await connect(replicas[1]!.url, TOKENS.writer);
  }, 120_000);

  afterAll(async () => {
    await onA?.close().catch(() => undefined);
    await onB?.close().catch(() => undefined);
    await Promise.all(replicas.map((r) => r.stop()));
    await up?.close();
    await cleanupPrefix(PREFIX);
  });

  const args = { scan_type: 'ZAP Scan', engagement: 3, close_old_findings: true };
  const call = (c: Client) => c.callTool({ name: 'import_scan', arguments: args });

  it('asks on one replica, is approved through the other, and runs exactly once', async () => {
    const [a, b] = replicas;
    const { code, approvalId } = await denied(call(onA));
    expect(code).toBe('approval_required');
    // The other replica knows the same pending request.
    expect((await denied(call(onB))).approvalId).toBe(approvalId);
    const self = await approvalsCli(b!.url, TOKENS.lead, ['list']);
    expect(self.stdout).toContain(approvalId);
    expect((await approvalsCli(b!.url, TOKENS.lead, ['approve', approvalId!])).code).toBe(0);

    // Both replicas get the identical retry at the same moment: one runs, one is refused.
    const results = await Promise.allSettled([call(onA), call(onB)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(up.calls('import_scan')).toHaveLength(1);
    const lost = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
    const refused = await denied(Promise.reject(lost.reason));
    expect(refused.code).toBe('approval_required');
    expect(refused.approvalId).not.toBe(approvalId);
    // A decided request stays decided on either replica.
    const again = await approvalsCli(a!.url, TOKENS.lead2, ['approve', approvalId!]);
    expect(again.stderr).toContain('not_pending');
  });

  it('refuses self-approval and honours a rejection made on the other replica', async () => {
    const lead = await connect(replicas[0]!.url, TOKENS.lead);
    const mine = { ...args, engagement: 77 };
    const { approvalId } = await denied(lead.callTool({ name: 'import_scan', arguments: mine }));
    const self = await approvalsCli(replicas[1]!.url, TOKENS.lead, ['approve', approvalId!]);
    expect(self.stderr).toContain('self_approval');
    expect((await approvalsCli(replicas[0]!.url, TOKENS.lead2, ['reject', approvalId!])).code).toBe(
      0,
    );
    const leadOnB = await connect(replicas[1]!.url, TOKENS.lead);
    const r = await denied(leadOnB.callTool({ name: 'import_scan', arguments: mine }));
    expect(r).toEqual({ code: 'approval_rejected', approvalId });
    await lead.close();
    await leadOnB.close();
  });
});

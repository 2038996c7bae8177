/**
 * Out-of-band approval through the real proxy, the real SDK client and the real CLI: a call a
 * rule gates is refused with `approval_required`, an approver approves with `dojo-guard
 * approvals approve`, and only the identical retry by the same principal runs, once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { runCli, startCli, type Running } from '../helpers/process.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { readAudit, waitForAudit } from '../helpers/audit-file.js';
import {
  APPROVAL_SCHEMAS,
  approveNow,
  approvalsCli,
  connect,
  denied,
  HMAC_KEY,
  TOKENS,
  writeApprovalPolicy,
} from './harness.js';

let up: FakeUpstream;
let proxy: Running;
let policy: ReturnType<typeof writeApprovalPolicy>;
let writer: Client;

const IMPORT = { scan_type: 'ZAP Scan', engagement: 7, close_old_findings: true };
const importCall = (args: Record<string, unknown> = IMPORT) =>
  writer.callTool({ name: 'import_scan', arguments: args });

beforeAll(async () => {
  up = await startFakeUpstream({
    tools: { import_scan: 'echo', close_finding: 'echo' },
    schemas: APPROVAL_SCHEMAS,
  });
  policy = writeApprovalPolicy();
  proxy = await startCli(['proxy', '--policy', policy.file, '--upstream', up.url, '--port', '0'], {
    timeoutMs: 60_000,
  });
  writer = await connect(proxy.url, TOKENS.writer);
}, 120_000);

afterAll(async () => {
  await writer?.close().catch(() => undefined);
  await proxy?.stop();
  await up?.close();
});

describe('out-of-band approval', { timeout: 120_000 }, () => {
  it('runs an ungated call at once and refuses a gated one with an approval id', async () => {
    const plain = await importCall({ scan_type: 'ZAP Scan', close_old_findings: false });
    expect(plain.isError).toBeFalsy();
    const before = up.calls('import_scan').length;
    const first = await denied(importCall());
    expect(first.code).toBe('approval_required');
    expect(first.approvalId).toMatch(/^apr_/);
    // The same call again while pending: the same request, not a new one.
    expect((await denied(importCall())).approvalId).toBe(first.approvalId);
    expect(up.calls('import_scan').length).toBe(before);
  });

  it('lets an approver approve through the CLI; the identical retry runs once', async () => {
    const { approvalId } = await denied(importCall());
    const list = await approvalsCli(proxy.url, TOKENS.lead, ['list']);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(approvalId);
    expect(list.stdout).toContain('close_old_findings = true');
    expect(list.stdout).toContain('requested by wendy');

    // A principal without the approver permission is refused, and nothing changes.
    const byWriter = await approvalsCli(proxy.url, TOKENS.reader, ['approve', approvalId!]);
    expect(byWriter.code).toBe(1);
    expect(byWriter.stderr).toContain('not_an_approver');
    expect((await denied(importCall())).code).toBe('approval_required');

    const ok = await approvalsCli(proxy.url, TOKENS.lead, ['approve', approvalId!]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('APPROVED');

    const before = up.calls('import_scan').length;
    // A changed argument (another engagement) is a different call: not approved.
    const changed = await denied(importCall({ ...IMPORT, engagement: 8 }));
    expect(changed.code).toBe('approval_required');
    expect(changed.approvalId).not.toBe(approvalId);
    // Same arguments in another key order and spelling of the same JSON: the same call.
    const reordered = { close_old_findings: true, engagement: 7, scan_type: 'ZAP Scan' };
    expect((await importCall(reordered)).isError).toBeFalsy();
    expect(up.calls('import_scan').length).toBe(before + 1);
    // Single use: the next identical call needs a new approval.
    const again = await denied(importCall());
    expect(again.code).toBe('approval_required');
    expect(again.approvalId).not.toBe(approvalId);
    expect(up.calls('import_scan').length).toBe(before + 1);
    // A decided request cannot be decided again.
    const twice = await approvalsCli(proxy.url, TOKENS.lead, ['approve', approvalId!]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('not_pending');
  });

  it('binds the approval to the requester: another principal cannot use it', async () => {
    const { approvalId } = await denied(importCall({ ...IMPORT, engagement: 21 }));
    expect((await approvalsCli(proxy.url, TOKENS.lead, ['approve', approvalId!])).code).toBe(0);
    const lead2 = await connect(proxy.url, TOKENS.lead2);
    const other = await denied(
      lead2.callTool({ name: 'import_scan', arguments: { ...IMPORT, engagement: 21 } }),
    );
    expect(other.code).toBe('approval_required');
    expect(other.approvalId).not.toBe(approvalId);
    await lead2.close();
    expect((await importCall({ ...IMPORT, engagement: 21 })).isError).toBeFalsy();
  });

  it('refuses self-approval, even by a principal holding the approver permission', async () => {
    const lead = await connect(proxy.url, TOKENS.lead);
    const { approvalId } = await denied(
      lead.callTool({ name: 'import_scan', arguments: { ...IMPORT, engagement: 99 } }),
    );
    const self = await approvalsCli(proxy.url, TOKENS.lead, ['approve', approvalId!]);
    expect(self.code).toBe(1);
    expect(self.stderr).toContain('self_approval');
    const retry = await denied(
      lead.callTool({ name: 'import_scan', arguments: { ...IMPORT, engagement: 99 } }),
    );
    expect(retry).toEqual({ code: 'approval_required', approvalId });
    // Another approver may.
    expect((await approvalsCli(proxy.url, TOKENS.lead2, ['approve', approvalId!])).code).toBe(0);
    const ran = await lead.callTool({
      name: 'import_scan',
      arguments: { ...IMPORT, engagement: 99 },
    });
    expect(ran.isError).toBeFalsy();
    await lead.close();
  });

  it('denies the retry of an expired approval (approval_expired) and asks anew after', async () => {
    const args = { finding_id: 5, reason: 'risk_accepted' };
    const call = () => writer.callTool({ name: 'close_finding', arguments: args });
    const { approvalId } = await denied(call());
    expect(await approveNow(proxy.url, TOKENS.lead, approvalId!)).toBe(200);
    // The rule's expires_seconds is 3: wait it out.
    await new Promise((r) => setTimeout(r, 3_300));
    expect(await denied(call())).toEqual({ code: 'approval_expired', approvalId });
    const next = await denied(call());
    expect(next.code).toBe('approval_required');
    expect(next.approvalId).not.toBe(approvalId);
    expect(up.calls('close_finding').length).toBe(0);
  });

  it('denies the retry of a rejected request (approval_rejected)', async () => {
    const args = { ...IMPORT, engagement: 42 };
    const { approvalId } = await denied(importCall(args));
    const no = await approvalsCli(proxy.url, TOKENS.lead, [
      'reject',
      approvalId!,
      '--reason',
      'not this week',
    ]);
    expect(no.code).toBe(0);
    expect(no.stdout).toContain('REJECTED');
    expect(await denied(importCall(args))).toEqual({ code: 'approval_rejected', approvalId });
    expect((await denied(importCall(args))).code).toBe('approval_required');
  });

  it('refuses the admin endpoint without credentials, with a wrong token, and cross-origin', async () => {
    const base = new URL('/admin/approvals', proxy.url);
    expect((await fetch(base)).status).toBe(401);
    const wrong = await fetch(base, { headers: { authorization: `Bearer ${TOKENS.lead}x` } });
    expect(wrong.status).toBe(401);
    const cross = await fetch(base, {
      headers: { authorization: `Bearer ${TOKENS.lead}`, origin: 'https://evil.example' },
    });
    expect(cross.status).toBe(403);
    const bogus = await fetch(new URL('/admin/approvals/apr_xxxxxxxxxxxxxxxx/approve', proxy.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.lead}` },
    });
    expect(bogus.status).toBe(404);
  });

  it('records every step in the verified audit chain', async () => {
    const types = (await waitForAudit(policy.auditFile, (r) => r.type === 'approval_rejected'))
      ? readAudit(policy.auditFile).map((r) => r.type)
      : [];
    for (const step of ['requested', 'approved', 'used', 'expired', 'rejected', 'refused']) {
      expect(types).toContain(`approval_${step}`);
    }
    const refused = readAudit(policy.auditFile).filter((r) => r.type === 'approval_refused');
    const reasons = refused.map((r) => (r.detail as { refusal: string }).refusal);
    expect(reasons).toEqual(expect.arrayContaining(['self_approval', 'not_an_approver']));
    const used = readAudit(policy.auditFile).find((r) => r.type === 'approval_used')!;
    expect(used.detail).toMatchObject({ requester: 'wendy', tool: 'import_scan' });
    // The denial itself is a decision record naming the rule.
    const decision = readAudit(policy.auditFile).find((r) => r.code === 'approval_required')!;
    expect(JSON.stringify(decision.verdicts)).toContain('import-closes-old-findings');
    const verify = await runCli(['audit', 'verify', policy.auditFile], {
      env: { AUDIT_HMAC_KEY: HMAC_KEY },
    });
    expect(verify.stdout).toMatch(/^OK /);
  });
});

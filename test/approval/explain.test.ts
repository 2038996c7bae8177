/**
 * `policy explain` names the approvals rule that gates a call, with the verdict the proxy gives
 * the first call (approval_required), on the shipped demo policy.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { explainPolicy } from '../../src/policy/explain.js';
import { renderExplanation } from '../../src/policy/explain-render.js';
import { readPolicySource } from '../../src/policy/load.js';
import { REPO_ROOT } from '../helpers/paths.js';

const { source } = await readPolicySource(
  [path.join(REPO_ROOT, 'policies/demo.yaml')],
  {},
  {
    envPlaceholder: 'https://env-placeholder.invalid',
  },
);

describe('policy explain and approvals', () => {
  it('explains a re-import that reactivates findings as waiting for an admin approval', () => {
    const args = { scan_type: 'ZAP Scan', test_id: 3, do_not_reactivate: false };
    const e = explainPolicy(source, { role: 'writer', tool: 'reimport_scan', args });
    expect(e.approval).toEqual({
      ruleId: 'reimport-reactivates-needs-approval',
      permission: 'approve_bulk_changes',
      count: 1,
      expiresSeconds: 900,
      channel: 'out_of_band',
    });
    expect([e.verdict, e.code]).toEqual(['deny', 'approval_required']);
    expect(renderExplanation(e)).toContain('approval: rule reimport-reactivates-needs-approval');
  });

  it('leaves an ungated call alone, and an RBAC denial keeps its own code', () => {
    const plain = { scan_type: 'ZAP Scan', test_id: 3 };
    const ok = explainPolicy(source, { role: 'writer', tool: 'reimport_scan', args: plain });
    expect([ok.verdict, ok.code, ok.approval]).toEqual(['allow', undefined, undefined]);
    const reader = explainPolicy(source, {
      role: 'reader',
      tool: 'reimport_scan',
      args: { ...plain, do_not_reactivate: false },
    });
    expect([reader.verdict, reader.code]).toEqual(['deny', 'unknown_tool']);
  });

  it('says who confirms when a rule allows the in-band channel', () => {
    const args = { scan_type: 'ZAP Scan', test_id: 3, do_not_reactivate: false };
    const withChannel = (channel: 'either' | 'elicitation') => {
      const rule = source.approvals!.rules[0]!;
      const approvals = { rules: [{ ...rule, approvers: { ...rule.approvers, channel } }] };
      return renderExplanation(
        explainPolicy({ ...source, approvals }, { role: 'writer', tool: 'reimport_scan', args }),
      );
    };
    const either = withChannel('either');
    expect(either).toContain('holder(s) of approve_bulk_changes');
    expect(either).toContain('once the caller confirms it there');
    const only = withChannel('elicitation');
    expect(only).toContain('once the caller confirms it in the client');
    expect(only).not.toContain('holder(s)');
  });
});

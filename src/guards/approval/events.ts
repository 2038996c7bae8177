/**
 * Every approval step is an audit record in the chain (lifecycle events `approval_*`) and a
 * metric. `detail.elapsedMs` (request → decision) and `detail.approver` feed the Sigma rules in
 * examples/sigma/dojo_guard_approvals.yml (rubber-stamping: approved within seconds, or one
 * approver granting many requests).
 */
import type { AuditRecorder, LifecycleEvent } from '../../core/recorder.js';
import { counter } from '../../shared/metrics.js';
import type { ApprovalRecord } from './records.js';

/** The `approval_*` lifecycle event types (declared once, in src/core/recorder.ts). */
export type ApprovalStep = Extract<LifecycleEvent['type'], `approval_${string}`>;

/** Approval steps by kind (`requested`, `approved`, ...): label values are fixed here. */
export const approvalStepsTotal = counter({
  name: 'dojo_guard_approval_steps_total',
  help: 'Approval requests, decisions, uses, expiries and refused decisions',
  labelNames: ['step'] as const,
});

/** Records one step of `rec`'s life, with `extra` detail (approver, reason...). */
export function auditApprovalStep(
  recorder: AuditRecorder,
  step: ApprovalStep,
  rec: ApprovalRecord,
  now: number,
  extra: Record<string, unknown> = {},
): void {
  const severity: LifecycleEvent['severity'] = step === 'approval_refused' ? 'warning' : 'info';
  approvalStepsTotal.inc({ step: step.slice('approval_'.length) });
  recorder.recordEvent({
    type: step,
    severity,
    detail: {
      approvalId: rec.id,
      ruleId: rec.ruleId,
      tool: rec.tool,
      requester: rec.requester.id,
      requesterRole: rec.requester.role,
      argumentsDigest: rec.argumentsDigest,
      decisionId: rec.decisionId,
      approvals: rec.approvedBy.length,
      count: rec.approvers.count,
      elapsedMs: now - rec.createdAt,
      ...extra,
    },
  });
}

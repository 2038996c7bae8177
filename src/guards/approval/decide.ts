/**
 * Approvers' decisions on approval requests (what the admin endpoint and `dojo-guard approvals`
 * drive). Refusals are explicit: the requester never approves its own call, an approver needs
 * the rule's permission in the *current* policy, and each approver counts once.
 */
import type { AuditRecorder } from '../../core/recorder.js';
import type { Principal } from '../../core/principal.js';
import type { StateStore } from '../../core/store.js';
import { ApprovalRecords, effectiveStatus, type ApprovalRecord } from './records.js';
import { auditApprovalStep } from './events.js';

export type DecisionAction = 'approve' | 'reject';

export type DecisionResult =
  | { ok: true; record: ApprovalView }
  | {
      ok: false;
      /** Stable snake_case code for the CLI and the audit record. */
      code:
        | 'not_found'
        | 'self_approval'
        | 'not_an_approver'
        | 'already_decided_by_you'
        | 'not_pending';
      status: 404 | 403 | 409;
      message: string;
      record?: ApprovalView;
    };

/** What approvers see: the record without its binding hash. */
export type ApprovalView = Omit<ApprovalRecord, 'binding'>;

export function viewOf(rec: ApprovalRecord, now: number): ApprovalView {
  const { binding: _binding, ...rest } = rec;
  return { ...rest, status: effectiveStatus(rec, now) };
}

export interface DecideDeps {
  store: StateStore;
  recorder: AuditRecorder;
  /** True when `role` holds `permission` in the policy in force. */
  holds: (role: string, permission: string) => boolean;
  now: () => number;
}

/**
 * Approves or rejects approval `id` as `approver`.
 * @example await decideApproval(deps, 'apr_…', principal, 'approve') // { ok: true, record }
 */
export async function decideApproval(
  deps: DecideDeps,
  id: string,
  approver: Principal,
  action: DecisionAction,
  reason?: string,
): Promise<DecisionResult> {
  const records = new ApprovalRecords(deps.store);
  const now = deps.now();
  let refusal: Extract<DecisionResult, { ok: false }> | undefined;
  const refuse = (
    rec: ApprovalRecord,
    code: Extract<DecisionResult, { ok: false }>['code'],
    status: 403 | 409,
    message: string,
  ): undefined => {
    refusal = { ok: false, code, status, message, record: viewOf(rec, now) };
    return undefined;
  };
  let lapsed = false;
  const result = await records.transition(id, now, (rec) => {
    refusal = undefined;
    lapsed = false;
    if (approver.id === rec.requester.id) {
      return refuse(rec, 'self_approval', 403, 'the requester cannot decide its own call');
    }
    if (!deps.holds(approver.role, rec.approvers.permission)) {
      return refuse(rec, 'not_an_approver', 403, `needs permission ${rec.approvers.permission}`);
    }
    const status = effectiveStatus(rec, now);
    if (status === 'expired' && rec.status !== 'expired') {
      // Noticed here first: record the expiry (once), then refuse the decision.
      lapsed = true;
      refuse(rec, 'not_pending', 409, 'the request is expired');
      return { ...rec, status: 'expired' };
    }
    if (status !== 'pending') return refuse(rec, 'not_pending', 409, `the request is ${status}`);
    if (rec.approvedBy.some((a) => a.id === approver.id)) {
      return refuse(rec, 'already_decided_by_you', 409, 'you already approved this request');
    }
    if (action === 'reject') {
      return {
        ...rec,
        status: 'rejected',
        rejectedBy: { id: approver.id, at: now, ...(reason && { reason }) },
      };
    }
    const approvedBy = [...rec.approvedBy, { id: approver.id, at: now }];
    const done = approvedBy.length >= rec.approvers.count;
    return { ...rec, approvedBy, status: done ? 'approved' : 'pending' };
  });
  if (!result) return { ok: false, code: 'not_found', status: 404, message: 'no such approval' };
  if (!result.after || lapsed) {
    const r = refusal!;
    if (lapsed && result.after) {
      auditApprovalStep(deps.recorder, 'approval_expired', result.after, now);
      await records.release(result.after);
    }
    auditApprovalStep(deps.recorder, 'approval_refused', result.before, now, {
      approver: approver.id,
      approverRole: approver.role,
      action,
      refusal: r.code,
    });
    return r;
  }
  const after = result.after;
  auditApprovalStep(
    deps.recorder,
    action === 'reject' ? 'approval_rejected' : 'approval_approved',
    after,
    now,
    {
      approver: approver.id,
      approverRole: approver.role,
      ...(reason && { reason: reason.slice(0, 200) }),
      ...(action === 'approve' && { granted: after.status === 'approved' }),
    },
  );
  // A rejected binding is kept: the requester's retry is told `approval_rejected` (and then
  // released by the guard, so the retry after that asks anew).
  return { ok: true, record: viewOf(after, now) };
}

/** Requests an approver may see: every record whose permission their role holds. */
export async function listApprovals(
  deps: Pick<DecideDeps, 'store' | 'holds' | 'now'>,
  approver: Principal,
): Promise<ApprovalView[]> {
  const now = deps.now();
  const all = await new ApprovalRecords(deps.store).list();
  return all
    .filter((r) => deps.holds(approver.role, r.approvers.permission))
    .map((r) => viewOf(r, now))
    .sort((a, b) => a.createdAt - b.createdAt);
}

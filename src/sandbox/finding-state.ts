/**
 * DefectDojo's finding status logic: the rules applied on every save (`update_finding_status()`,
 * API.md §4), `display_status` (`Finding.status()`), and `close_finding()` (API.md §2.3).
 */
import type { FindingRow } from './model.js';
import { NUMERICAL_SEVERITY } from './model.js';
import { titlecase } from './titlecase.js';
import { dojoDateTime } from './time.js';

/**
 * Applies the save-time rules to `next`, given the stored `prev` (undefined on create).
 * Keep this order: it is the order of `update_finding_status()`; rule 3 (reopen) must run after
 * rules 1-2 so that `active=true` wins over a stale `is_mitigated`.
 */
export function applySaveRules(
  prev: FindingRow | undefined,
  next: FindingRow,
  callerId: number,
  now: Date,
): void {
  const stamp = dojoDateTime(now);
  const became = (k: 'is_mitigated' | 'active' | 'false_p' | 'out_of_scope'): boolean =>
    next[k] && !(prev?.[k] ?? false);
  // 1. is_mitigated became true: mitigated data is not editable, so now + caller.
  if (became('is_mitigated')) {
    next.mitigated = stamp;
    next.mitigated_by = callerId;
  }
  // 2. is_mitigated false: clear the mitigation stamp.
  if (!next.is_mitigated) {
    next.mitigated = null;
    next.mitigated_by = null;
  }
  // 3. active became true: this is how a finding is reopened.
  if (became('active')) {
    next.false_p = false;
    next.out_of_scope = false;
    next.is_mitigated = false;
    next.mitigated = null;
    next.mitigated_by = null;
  }
  // 4. false_p or out_of_scope became true: implies inactive, unverified, mitigated.
  if (became('false_p') || became('out_of_scope')) {
    next.is_mitigated = true;
    next.active = false;
    next.verified = false;
    if (next.mitigated === null) next.mitigated = stamp;
    if (next.mitigated_by === null) next.mitigated_by = callerId;
  }
  // 5. not a duplicate: no original.
  if (!next.duplicate) next.duplicate_finding = null;
  // 6-8.
  next.last_status_update = stamp;
  next.numerical_severity = NUMERICAL_SEVERITY[next.severity];
  next.title = titlecase(next.title.slice(0, 511));
  // 9. a new file-based finding without endpoints is static.
  if (!prev && next.file_path && next.endpoints.length === 0) {
    next.static_finding = true;
    next.dynamic_finding = false;
  }
  next.updated = stamp;
}

/** Serializer-level rules (API.md §2.1): each violated rule is one `non_field_errors` message. */
export function validateFindingState(f: FindingRow, simpleRiskAcceptance: boolean): string[] {
  const errors: string[] = [];
  if ((f.active || f.verified) && f.duplicate)
    errors.push('Duplicate findings cannot be verified or active');
  if (f.false_p && f.verified) errors.push('False positive findings cannot be verified.');
  if (f.active && f.risk_accepted) errors.push('Active findings cannot be risk accepted.');
  if (f.risk_accepted && !simpleRiskAcceptance)
    errors.push(
      'Simple risk acceptance is disabled for this product, use the UI to accept this finding.',
    );
  return errors;
}

/** `Finding.status()`: the flags joined in DefectDojo's fixed order (API.md §4). */
export function displayStatus(f: FindingRow): string {
  const parts: string[] = [];
  if (f.under_review) parts.push('Under Review');
  parts.push(f.active ? 'Active' : 'Inactive');
  if (f.verified) parts.push('Verified');
  if (f.mitigated !== null || f.is_mitigated) parts.push('Mitigated');
  if (f.false_p) parts.push('False Positive');
  if (f.out_of_scope) parts.push('Out Of Scope');
  if (f.duplicate) parts.push('Duplicate');
  if (f.risk_accepted) parts.push('Risk Accepted');
  return parts.join(', ');
}

/** The validated body of `POST /findings/{id}/close/`. */
export interface CloseRequest {
  is_mitigated: boolean;
  false_p: boolean;
  out_of_scope: boolean;
  duplicate: boolean;
}

/**
 * `close_finding()`: inactive, mitigated now by the caller, review state cleared, risk acceptance
 * removed, last_reviewed stamped. Returns the six-field response body.
 */
export function closeFinding(
  f: FindingRow,
  req: CloseRequest,
  callerId: number,
  now: Date,
): Record<string, unknown> {
  const stamp = dojoDateTime(now);
  f.active = false;
  f.is_mitigated = req.is_mitigated;
  f.mitigated = stamp;
  f.mitigated_by = callerId;
  f.false_p = req.false_p;
  f.out_of_scope = req.out_of_scope;
  f.duplicate = req.duplicate;
  if (!f.duplicate) f.duplicate_finding = null;
  f.under_review = false;
  f.reviewers = [];
  f.risk_accepted = false;
  f.last_reviewed = stamp;
  f.last_reviewed_by = callerId;
  f.last_status_update = stamp;
  f.updated = stamp;
  return {
    is_mitigated: f.is_mitigated,
    mitigated: f.mitigated,
    false_p: f.false_p,
    out_of_scope: f.out_of_scope,
    duplicate: f.duplicate,
    mitigated_by: f.mitigated_by,
  };
}

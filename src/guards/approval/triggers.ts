/**
 * The count trigger of an approvals rule (`after`): the rule applies once the principal has made
 * more than `calls` calls matching it within `duration_seconds`. The count lives in the state
 * store's rate-limit buckets (src/guards/rate-limit/buckets.ts), shared by replicas on Redis.
 * (`fact:` conditions are read through src/guards/finding-facts/targets.ts.)
 */
import type { StateStore } from '../../core/store.js';
import { Bucket } from '../rate-limit/buckets.js';
import type { ApprovalRule } from './schema.js';

/** Counter namespace inside the store (under the store's own key prefix). */
const NAMESPACE = 'approval-after';

/** A rule's count trigger: counts the principal's matching calls in a fixed window. */
export class CallCount {
  private readonly bucket: Bucket;
  constructor(
    rule: ApprovalRule & { after: NonNullable<ApprovalRule['after']> },
    store: StateStore,
  ) {
    this.bucket = new Bucket(
      {
        id: rule.id,
        code: 'approval_required',
        points: rule.after.calls,
        durationSeconds: rule.after.duration_seconds,
      },
      store,
      NAMESPACE,
    );
  }

  /**
   * Counts this call; true once it is beyond the allowance (the rule then applies). A store
   * failure rejects: the caller fails closed.
   */
  async exceeded(principalId: string): Promise<boolean> {
    const r = await this.bucket.take(principalId, 1, false);
    return !r.ok;
  }
}

/** The count trigger of `rule`, if it has one. */
export function callCountOf(rule: ApprovalRule, store: StateStore): CallCount | undefined {
  return rule.after ? new CallCount({ ...rule, after: rule.after }, store) : undefined;
}

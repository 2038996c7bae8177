/**
 * What makes an approvals rule apply beyond tool and argument conditions:
 * - **facts**: `fact:` conditions in `when` read the call's target findings as the finding-facts
 *   guard looked them up (src/guards/finding-facts/finding-facts.ts TARGET_FACTS; conditions
 *   compiled by src/guards/rbac/conditions.ts). The rule applies when the conditions hold for any
 *   target; with no facts known (no target named, no lookup) fact conditions hold, as in rbac.
 * - **after**: a count trigger. The rule applies once the principal has made more than `calls`
 *   calls matching it within `duration_seconds`; the count lives in the state store's rate-limit
 *   buckets (src/guards/rate-limit/buckets.ts), shared by replicas on Redis.
 */
import type { RequestContext } from '../../core/guard.js';
import type { StateStore } from '../../core/store.js';
import { UNKNOWN_FACTS, type CompiledCondition, type FactView } from '../rbac/conditions.js';
import { TARGET_FACTS } from '../finding-facts/finding-facts.js';
import { Bucket } from '../rate-limit/buckets.js';
import type { ApprovalRule } from './schema.js';

/** Counter namespace inside the store (under the store's own key prefix). */
const NAMESPACE = 'approval-after';

/** The target findings' facts of this call, or none known. */
export function targetFacts(ctx: RequestContext): readonly FactView[] {
  const views = ctx.facts.get(TARGET_FACTS) as readonly FactView[] | undefined;
  return views && views.length > 0 ? views : [UNKNOWN_FACTS];
}

/** True when every condition holds for the arguments and at least one target's facts. */
export function conditionsHold(
  when: readonly CompiledCondition[],
  args: Readonly<Record<string, unknown>> | undefined,
  facts: readonly FactView[] = [UNKNOWN_FACTS],
): boolean {
  return facts.some((f) => when.every((c) => c(args, f)));
}

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

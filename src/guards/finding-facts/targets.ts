/**
 * The target findings' facts of a call, for rules decided after the finding-facts guard looked
 * them up (approvals rules, rules asking an external decision point). Conditions are rbac's
 * (src/guards/rbac/conditions.ts): a rule holds when its conditions hold for any target, or, with
 * no facts known (no target named, no lookup), fact conditions hold: the stricter reading.
 */
import type { RequestContext } from '../../core/guard.js';
import { UNKNOWN_FACTS, type CompiledCondition, type FactView } from '../rbac/conditions.js';
import { TARGET_FACTS } from './finding-facts.js';

/** The fact views the finding-facts guard left for this call, or "none known". */
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

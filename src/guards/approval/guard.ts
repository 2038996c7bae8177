/**
 * The `approval` guard: a tools/call matched by an `approvals` rule runs only with a human's
 * approval of exactly that call. The first call is denied with `approval_required` and an
 * approval id (error.data.approvalId); approvers decide out of band (src/proxy/approvals-admin.ts,
 * `dojo-guard approvals`); the identical retry by the same principal then runs, once.
 *
 * The binding is a hash of principal id, tool and the canonical JSON of the arguments the client
 * sent (before the proxy injects its own), so a changed argument, another tool or another caller
 * never matches. Runs after rbac, argument validation, injection and secret checks: nobody is
 * asked to approve a call that policy would refuse anyway.
 *
 * A rule with `approvers.channel: elicitation | either` asks the caller's own human in the client
 * instead, when the proxy offers a client channel (elicit.ts; README.md "In band").
 */
import type { Guard, RequestContext, Verdict } from '../../core/guard.js';
import { CONTINUE } from '../../core/guard.js';
import type { GuardDeps } from '../deps.js';
import { compilePatternSet, type PatternSet } from '../../core/match.js';
import { compileCondition, type CompiledCondition, type FactView } from '../rbac/conditions.js';
import type { StateStore } from '../../core/store.js';
import { conditionsHold, targetFacts } from '../finding-facts/targets.js';
import { callCountOf, type CallCount } from './triggers.js';
import { argumentsDigest, digestOf } from '../../shared/canonical.js';
import { maskArguments, type MaskOptions } from '../content/mask.js';
import type { ApprovalPolicy, ApprovalRule } from './schema.js';
import {
  ApprovalRecords,
  effectiveStatus,
  newApprovalId,
  type ApprovalRecord,
  type Loaded,
} from './records.js';
import { auditApprovalStep } from './events.js';
import { confirmInBand } from './elicit.js';

interface CompiledApprovalRule {
  readonly spec: ApprovalRule;
  readonly tools: PatternSet;
  readonly when: readonly CompiledCondition[];
  /** `after` (triggers.ts); absent when compiled without a store (policy explain). */
  readonly count?: CallCount;
}

/**
 * The first rule matching a call on its tool, arguments and target facts (triggers.ts), or
 * undefined. Count triggers are not consulted here.
 */
export function matchApprovalRule(
  rules: readonly CompiledApprovalRule[],
  tool: string,
  args: Readonly<Record<string, unknown>> | undefined,
  facts?: readonly FactView[],
): CompiledApprovalRule | undefined {
  return rules.find((r) => r.tools.allows(tool) && conditionsHold(r.when, args, facts));
}

/**
 * The first rule that applies to the call in `ctx`: it matches, and its count trigger (if any)
 * is exceeded. Every matching rule tried on the way counts the call.
 */
async function applyingRule(
  rules: readonly CompiledApprovalRule[],
  ctx: RequestContext,
): Promise<CompiledApprovalRule | undefined> {
  const { toolName, arguments: args } = ctx.request;
  const facts = targetFacts(ctx);
  for (const r of rules) {
    if (!r.tools.allows(toolName!) || !conditionsHold(r.when, args, facts)) continue;
    if (!r.count || (await r.count.exceeded(ctx.principal.id))) return r;
  }
  return undefined;
}

/** What an approval is bound to: principal, tool and the exact arguments. */
export function approvalBinding(
  principalId: string,
  tool: string,
  args: Readonly<Record<string, unknown>> | undefined,
): string {
  return digestOf({ principal: principalId, tool, arguments: args ?? {} });
}

export function compileApprovalRules(
  rules: readonly ApprovalRule[],
  store?: StateStore,
): CompiledApprovalRule[] {
  return rules.map((spec) => {
    const count = store && callCountOf(spec, store);
    return {
      spec,
      tools: compilePatternSet(spec.tools),
      when: spec.when.map(compileCondition),
      ...(count && { count }),
    };
  });
}

/**
 * Builds the approval guard, or undefined when the policy has no `approvals` section. `mask` is
 * the audit trail's (src/guards/content/mask.ts auditMaskOptions): approvers see what the records show.
 * @example createApprovalGuard(policy.approvals, deps, mask)?.onRequest?.(ctx) // approval_required
 */
export function createApprovalGuard(
  section: ApprovalPolicy | undefined,
  deps: GuardDeps,
  mask: MaskOptions,
): Guard | undefined {
  if (!section) return undefined;
  const rules = compileApprovalRules(section.rules, deps.store);
  const records = new ApprovalRecords(deps.store);

  const deny = (
    code: 'approval_required' | 'approval_rejected' | 'approval_expired',
    rec: ApprovalRecord,
  ): Verdict => ({
    kind: 'deny',
    code,
    reason: `${code} ${rec.id} (rule ${rec.ruleId})`,
    ruleId: rec.ruleId,
    data: {
      approvalId: rec.id,
      expiresAt: new Date(rec.expiresAt).toISOString(),
      approvers: rec.approvers.count,
    },
  });

  /** Uses an approved record once; false when another request used it first. */
  async function use(cur: Loaded, now: number): Promise<boolean> {
    const next: ApprovalRecord = { ...cur.rec, status: 'used', usedAt: now };
    if (!(await records.replace(cur, next, now))) return false;
    await records.release(next);
    auditApprovalStep(deps.recorder, 'approval_used', next, now);
    return true;
  }

  /** Marks a lapsed record expired (once, whoever notices first) and audits it. */
  async function expire(cur: Loaded, now: number): Promise<void> {
    const next: ApprovalRecord = { ...cur.rec, status: 'expired' };
    if (await records.replace(cur, next, now)) {
      auditApprovalStep(deps.recorder, 'approval_expired', next, now);
    }
    await records.release(next);
  }

  // Asking the client's human would be enforcement: a shadowed guard only records.
  const shadow = deps.mode === 'shadow' || section.mode === 'shadow';
  /**
   * The in-band path (src/guards/approval/elicit.ts) when the rule allows it and the client can
   * be asked; a rule that allows only that channel refuses a client that cannot be asked.
   * Undefined: out of band, as before.
   */
  function inBandVerdict(
    ctx: RequestContext,
    spec: ApprovalRule,
  ): Verdict | Promise<Verdict> | undefined {
    const channel = spec.approvers.channel;
    if (channel === 'out_of_band') return undefined;
    if (ctx.client && !shadow) {
      return confirmInBand(ctx, ctx.client, spec, { recorder: deps.recorder, now: deps.now, mask });
    }
    if (channel === 'either') return undefined;
    return {
      kind: 'deny',
      code: 'approval_unavailable',
      reason: `approval_unavailable (rule ${spec.id}): the client cannot be asked in band`,
      ruleId: spec.id,
    };
  }

  async function approvalOnRequest(ctx: RequestContext): Promise<Verdict> {
    const { request, principal } = ctx;
    const tool = request.toolName;
    if (request.method !== 'tools/call' || tool === undefined) return CONTINUE;
    let rule: CompiledApprovalRule | undefined;
    try {
      rule = await applyingRule(rules, ctx);
    } catch (err) {
      // The count trigger's store failed: fail closed.
      const why = err instanceof Error ? err.name : 'unknown';
      return { kind: 'deny', code: 'state_unavailable', reason: `approval count: ${why}` };
    }
    if (!rule) return CONTINUE;
    const inBand = inBandVerdict(ctx, rule.spec);
    if (inBand) return inBand;
    const now = deps.now();
    const binding = approvalBinding(principal.id, tool, request.arguments);
    const cur = await records.forBinding(binding);
    if (cur) {
      const status = effectiveStatus(cur.rec, now);
      if (status === 'approved' && (await use(cur, now))) {
        return { kind: 'continue', annotations: { approvalId: cur.rec.id } };
      }
      if (status === 'pending') return deny('approval_required', cur.rec);
      if (status === 'rejected') {
        await records.release(cur.rec);
        return deny('approval_rejected', cur.rec);
      }
      if (status === 'expired') {
        await expire(cur, now);
        return deny('approval_expired', cur.rec);
      }
      // used (by a concurrent retry on any replica): this call needs an approval of its own.
    }
    const rec: ApprovalRecord = {
      id: newApprovalId(),
      ruleId: rule.spec.id,
      ...(rule.spec.description !== undefined && { description: rule.spec.description }),
      requester: { id: principal.id, role: principal.role },
      tool,
      binding,
      argumentsDigest: argumentsDigest(request.arguments ?? {}),
      arguments: maskArguments(request.arguments ?? {}, mask).value,
      approvers: { permission: rule.spec.approvers.permission, count: rule.spec.approvers.count },
      approvedBy: [],
      status: 'pending',
      createdAt: now,
      expiresAt: now + rule.spec.expires_seconds * 1000,
      decisionId: ctx.decisionId,
    };
    const made = await records.create(rec, now);
    if (made.created) auditApprovalStep(deps.recorder, 'approval_requested', rec, now);
    return deny('approval_required', made.loaded.rec);
  }

  return { name: 'approval', mode: section.mode ?? deps.mode, onRequest: approvalOnRequest };
}

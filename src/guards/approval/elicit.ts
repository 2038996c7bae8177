/**
 * In-band confirmation (`approvers.channel: elicitation | either`): the guard asks the human behind
 * the client, through the request's client channel (src/core/elicit.ts, served by
 * src/proxy/elicitation.ts), and lets the call run only on an explicit accept with `confirm`
 * checked. Any other answer is a denial with its own code.
 *
 * This is the requesting principal's own human confirming, not a second person: it is audited as
 * `approval_confirmed_in_band` / `approval_denied_in_band`, never as `approval_approved`, and no
 * record is written to the state store (the answer belongs to this one request).
 */
import type { RequestContext, Verdict } from '../../core/guard.js';
import type { ClientChannel, ElicitAnswer } from '../../core/elicit.js';
import type { AuditRecorder } from '../../core/recorder.js';
import { argumentsDigest } from '../../shared/canonical.js';
import { maskArguments, type MaskOptions } from '../content/mask.js';
import { JOURNAL_FACT } from '../finding-facts/finding-facts.js';
import type { ApprovalRule } from './schema.js';
import { newApprovalId, type ApprovalRecord } from './records.js';
import { auditApprovalStep } from './events.js';

/** The only field of the form: a checkbox the human must tick. */
export const CONFIRM_SCHEMA = Object.freeze({
  type: 'object',
  properties: {
    confirm: {
      type: 'boolean',
      title: 'Run this call',
      description: 'Tick to let the call run once, exactly as shown.',
      default: false,
    },
  },
  required: ['confirm'],
});

/** Longest argument value shown in the message; the rest is cut (the audit keeps the digest). */
const MAX_VALUE_CHARS = 200;
const MAX_FINDINGS_SHOWN = 20;

/** Finding ids the finding-facts guard looked up for this call (the targets), when it ran. */
function affectedFindings(ctx: RequestContext): number[] {
  const journal = ctx.facts.get(JOURNAL_FACT);
  if (!Array.isArray(journal)) return [];
  const ids = journal
    .map((e) => (e as { finding?: unknown }).finding)
    .filter((id): id is number => typeof id === 'number');
  return [...new Set(ids)];
}

/**
 * The question in plain words: the tool, why the rule asks, each argument (masked as in audit
 * records) and the findings affected when known.
 * @example confirmationMessage('close_finding', rule, { finding_id: 7 }, [7])
 */
export function confirmationMessage(
  tool: string,
  rule: ApprovalRule,
  masked: Readonly<Record<string, unknown>>,
  findings: readonly number[],
): string {
  const lines = [`dojo-guard asks you to confirm a call before it runs.`, `Tool: ${tool}`];
  lines.push(`Why: ${rule.description ?? `policy rule ${rule.id}`}`);
  const args = Object.entries(masked);
  if (args.length === 0) lines.push('Arguments: none');
  else {
    lines.push('Arguments:');
    for (const [k, v] of args) {
      const text = JSON.stringify(v) ?? String(v);
      const shown =
        text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS)}… (cut)` : text;
      lines.push(`  - ${k} = ${shown}`);
    }
  }
  if (findings.length > 0) {
    const shown = findings.slice(0, MAX_FINDINGS_SHOWN).map((id) => `#${id}`);
    const more = findings.length - shown.length;
    lines.push(`Findings affected: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`);
  }
  lines.push('Decline unless you asked for exactly this.');
  return lines.join('\n');
}

type InBandDenial = 'approval_declined' | 'approval_cancelled' | 'approval_timeout';

/** The answer's outcome: only an accept with `confirm: true` lets the call run. */
function outcomeOf(answer: ElicitAnswer): { ok: true } | { ok: false; code: InBandDenial } {
  switch (answer.action) {
    case 'accept':
      // Accepting the form with the box unticked is a no, not a yes.
      return answer.content?.confirm === true
        ? { ok: true }
        : { ok: false, code: 'approval_declined' };
    case 'decline':
      return { ok: false, code: 'approval_declined' };
    case 'timeout':
      return { ok: false, code: 'approval_timeout' };
    default:
      return { ok: false, code: 'approval_cancelled' };
  }
}

/**
 * Asks the client's human about this call and turns the answer into a verdict; every step is an
 * audit event. `rec` fields are those of an out-of-band request (src/guards/approval/records.ts),
 * kept in memory only, so both channels read alike in the trail.
 */
export async function confirmInBand(
  ctx: RequestContext,
  client: ClientChannel,
  rule: ApprovalRule,
  deps: { recorder: AuditRecorder; now: () => number; mask: MaskOptions },
): Promise<Verdict> {
  const tool = ctx.request.toolName!;
  const args = ctx.request.arguments ?? {};
  const masked = maskArguments(args, deps.mask).value;
  const now = deps.now();
  const rec: ApprovalRecord = {
    id: newApprovalId(),
    ruleId: rule.id,
    ...(rule.description !== undefined && { description: rule.description }),
    requester: { id: ctx.principal.id, role: ctx.principal.role },
    tool,
    // Never stored or looked up: the answer is bound to this one request, not to a binding.
    binding: '',
    argumentsDigest: argumentsDigest(args),
    arguments: masked,
    approvers: { permission: rule.approvers.permission, count: 1 },
    approvedBy: [],
    status: 'pending',
    createdAt: now,
    expiresAt: now + rule.elicitation_timeout_ms,
    decisionId: ctx.decisionId,
  };
  const channel = { channel: 'elicitation' };
  auditApprovalStep(deps.recorder, 'approval_requested', rec, now, channel);
  const answer = await client.elicit({
    message: confirmationMessage(tool, rule, masked, affectedFindings(ctx)),
    requestedSchema: CONFIRM_SCHEMA,
    timeoutMs: rule.elicitation_timeout_ms,
  });
  const outcome = outcomeOf(answer);
  const at = deps.now();
  const detail = {
    ...channel,
    action: answer.action,
    ...(answer.action === 'cancel' && { reason: answer.reason }),
  };
  if (outcome.ok) {
    auditApprovalStep(deps.recorder, 'approval_confirmed_in_band', rec, at, detail);
    return {
      kind: 'continue',
      annotations: { approvalId: rec.id, approvalChannel: 'elicitation' },
    };
  }
  auditApprovalStep(deps.recorder, 'approval_denied_in_band', rec, at, {
    ...detail,
    code: outcome.code,
  });
  return {
    kind: 'deny',
    code: outcome.code,
    reason: `${outcome.code} ${rec.id} (rule ${rule.id}, in band: ${answer.action})`,
    ruleId: rule.id,
    data: { approvalId: rec.id },
  };
}

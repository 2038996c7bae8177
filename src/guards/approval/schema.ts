/**
 * The `approvals` policy section: calls a human must approve before they run. Lives next to its
 * guard (src/guards/approval/guard.ts); src/policy/schema.ts only references it.
 */
import { z } from 'zod';
import { ConditionSchema, ToolPatternSchema } from '../rbac/schema.js';

/** Where the guard serves approvers (src/proxy/approvals-admin.ts; `dojo-guard approvals`). */
export const APPROVALS_PATH = '/admin/approvals';

const pattern = ToolPatternSchema;
const permission = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/);

export const ApprovalRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,128}$/)
      .describe('Stable rule id, recorded in the audit trail and shown to approvers.'),
    description: z
      .string()
      .max(500)
      .optional()
      .describe('Why a human must approve: shown to approvers next to the call.'),
    tools: z.array(pattern).min(1).describe('Tool patterns the rule applies to (`!` excludes).'),
    when: z
      .array(ConditionSchema)
      .default([])
      .describe(
        'All conditions must hold (AND), with the rbac.rules semantics (a present argument of ' +
          'another JSON type counts as holding); empty: every call of the tools. `fact:` ' +
          "conditions read the call's target findings (needs the `findings` section) and hold " +
          'when any target matches, or when no target is known.',
      ),
    // Count trigger (src/guards/approval/triggers.ts).
    after: z
      .object({
        calls: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .describe('Calls matching the rule a principal may make per window without approval.'),
        duration_seconds: z
          .number()
          .int()
          .min(1)
          .max(86_400 * 7)
          .describe('Fixed window length (as rate_limits.limits[].duration_seconds).'),
      })
      .strict()
      .optional()
      .describe(
        'Require approval only once the principal has made more than `calls` calls matching ' +
          'this rule within the window (counted in the state store, shared by replicas on ' +
          'Redis). Absent: every matching call needs approval.',
      ),
    require: z
      .literal('approval')
      .default('approval')
      .describe('What the rule requires. Only `approval` (the rbac permission check comes first).'),
    approvers: z
      .object({
        permission: permission.describe(
          "Permission (rbac.roles[].permissions) an approver's role must hold.",
        ),
        count: z
          .number()
          .int()
          .min(1)
          .max(5)
          .default(1)
          .describe('Distinct approvers needed; one rejection rejects. Never the requester.'),
        channel: z
          .enum(['out_of_band', 'elicitation', 'either'])
          .default('out_of_band')
          .describe(
            'Who may let the call run. out_of_band: `count` other principals holding `permission` ' +
              "(never the requester). elicitation: the requester's own human, asked in the " +
              'client (MCP elicitation); a client that cannot be asked is denied ' +
              '(approval_unavailable). either: in band when the client can be asked, out of band ' +
              'otherwise. An in-band confirmation is one human, the caller: keep out_of_band ' +
              'for two-person rules.',
          ),
      })
      .strict()
      .describe('Who may approve.'),
    expires_seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(900)
      .describe(
        'An approval request expires this long after it was made: approved or not, a retry ' +
          'after that is denied (approval_expired) and needs a new request.',
      ),
    elicitation_timeout_ms: z
      .number()
      .int()
      .min(1000)
      .max(600_000)
      .default(120_000)
      .describe(
        'In band: how long the call waits for the answer in the client; no answer in time is a ' +
          'denial (approval_timeout). Clients time requests out too (the TypeScript SDK after 60 s ' +
          'unless told otherwise).',
      ),
  })
  .strict();

export const ApprovalPolicySchema = z
  .object({
    mode: z
      .enum(['enforce', 'shadow'])
      .optional()
      .describe(
        'Per-guard override of the top-level `mode`. shadow: requests are still created and ' +
          'audited, but the call is forwarded without waiting for a decision.',
      ),
    rules: z
      .array(ApprovalRuleSchema)
      .min(1)
      .describe(
        'The first matching rule decides. A matching call without a usable approval is denied ' +
          '(approval_required, the approval id in error.data.approvalId); approvers decide with ' +
          '`dojo-guard approvals approve|reject` through the admin endpoint (/admin/approvals); ' +
          'the identical call by the same principal then runs once. With approvers.channel ' +
          'elicitation or either, the caller is asked in the client instead (in band).',
      ),
  })
  .strict()
  .describe(
    'Human approval of dangerous calls, bound to principal, tool and the exact arguments; ' +
      'single-use, expiring, kept in the state store (shared by replicas on Redis). Absent: off.',
  );

export type ApprovalPolicy = z.infer<typeof ApprovalPolicySchema>;
export type ApprovalRule = z.infer<typeof ApprovalRuleSchema>;

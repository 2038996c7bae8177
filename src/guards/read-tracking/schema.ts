/**
 * `audit.findings`: which results count as reading a finding, and which mutations must have read
 * their targets first (the read-tracking guard, src/guards/read-tracking/guard.ts). It sits under
 * `audit` because the read set is recorded on every mutation's decision record.
 */
import { z } from 'zod';
import { ConditionSchema } from '../rbac/schema.js';

export const FindingsTrackingSchema = z
  .object({
    result_tools: z
      .array(z.string())
      .optional()
      .describe(
        "Absent: every non-mutating tool. The ids of finding objects present in these tools' " +
          'results (located by shape, never taken from arguments) count as read.',
      ),
    id_arguments: z
      .array(z.string())
      .default(['finding_id', 'finding_ids', 'id', 'ids'])
      .describe('Argument names of mutating tools that name target findings.'),
    require_read_for: z
      .array(z.string())
      .default([])
      .describe('Mutating tools denied (not_read_before_mutation) unless every target was read.'),
    scope: z
      .enum(['session', 'principal'])
      .default('session')
      .describe(
        'Whose reads count. session: reads of the same MCP session only (strictest; a client ' +
          'without a session, e.g. a stateless upstream or a session per call, can never satisfy ' +
          'require_read_for). principal: reads by the same authenticated principal in any session ' +
          'or replica within principal_ttl_seconds (shared through the state store; any session ' +
          "holding that token benefits from another session's reads).",
      ),
    principal_ttl_seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .default(3600)
      .describe('scope principal: a read set expires this long after its last addition.'),
    require_read_when: z
      .array(
        z
          .object({
            id: z
              .string()
              .regex(/^[A-Za-z0-9_.:-]{1,128}$/)
              .describe('Stable id, recorded as the ruleId of the denial.'),
            description: z.string().optional().describe('Why reading first matters here.'),
            tools: z.array(z.string().min(1)).min(1).describe('Tool names (exact).'),
            when: z
              .array(ConditionSchema)
              .default([])
              .describe(
                'All must hold (same operators as rbac.rules[].when; a value of the wrong JSON ' +
                  'type counts as holding). Empty: always.',
              ),
          })
          .strict(),
      )
      .default([])
      .describe(
        'Like require_read_for, but only for calls whose arguments match, e.g. close_finding ' +
          'with a suppressing reason (false_positive, out_of_scope, duplicate, risk_accepted).',
      ),
    max_ids_per_response: z
      .number()
      .int()
      .min(1)
      .default(1000)
      .describe('Cap on finding ids recorded from one result.'),
    mode: z
      .enum(['enforce', 'shadow'])
      .default('enforce')
      .describe('shadow: compute and audit the require-read verdict without applying it.'),
  })
  .strict();

export type FindingsTracking = z.infer<typeof FindingsTrackingSchema>;

/** The section as an absent `audit.findings` behaves (tracking on, nothing required). */
export const FINDINGS_TRACKING_DEFAULTS: FindingsTracking = FindingsTrackingSchema.parse({});

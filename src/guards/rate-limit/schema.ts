import { z } from 'zod';

const Scalar = z.union([z.string(), z.number(), z.boolean()]);

const ArgumentConditionSchema = z
  .object({
    path: z
      .string()
      .min(1)
      .describe(
        'Dotted path into tools/call arguments. Key names compare loosely (case, `_` and `-` ' +
          'ignored: `finding_ids` also matches `findingIds`), so renamed keys do not escape.',
      ),
    equals: Scalar.optional().describe(
      'Matches when the value (or any element of an array) equals this after NFKC + lower-case ' +
        '+ trim; numbers and booleans compare by their text ("true" equals true).',
    ),
    in: z.array(Scalar).min(1).optional().describe('Like equals, for any of these values.'),
    present: z.boolean().optional().describe('true: the path exists and is not null; false: not.'),
  })
  .strict()
  .refine((c) => [c.equals, c.in, c.present].filter((v) => v !== undefined).length === 1, {
    message: 'exactly one of equals, in, present',
  });

export const LimitMatchSchema = z
  .object({
    tools: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe('Tool names or globs (`*`, `close_*`, `*_finding`); compared case-insensitively.'),
    classes: z
      .array(z.enum(['mutating', 'read']))
      .min(1)
      .optional()
      .describe('mutating: tools the policy classes as changing DefectDojo; read: all others.'),
    roles: z.array(z.string().min(1)).min(1).optional().describe('Effective roles (exact).'),
    principals: z.array(z.string().min(1)).min(1).optional().describe('Principal ids (exact).'),
    arguments: z
      .array(ArgumentConditionSchema)
      .min(1)
      .optional()
      .describe('All conditions must hold.'),
  })
  .strict()
  .describe(
    'Which tools/call requests count. Every given field must match (AND); within a list, any ' +
      'entry (OR). Absent match (or {}) = every tools/call.',
  );

const LimitSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,64}$/)
      .describe('Stable id: audit ruleId and counter namespace.'),
    match: LimitMatchSchema.optional(),
    key: z
      .enum(['principal', 'role', 'global', 'tool', 'principal_tool'])
      .default('principal')
      .describe('One bucket per principal, per role, one for everyone, per tool, or both.'),
    points: z.number().int().min(1).max(1_000_000).describe('Calls admitted per window.'),
    duration_seconds: z
      .number()
      .int()
      .min(1)
      .max(86_400 * 7)
      .describe('Fixed window length.'),
    burst: z
      .object({
        points: z.number().int().min(1).max(1_000_000),
        duration_seconds: z
          .number()
          .int()
          .min(1)
          .max(86_400 * 7),
      })
      .strict()
      .optional()
      .describe(
        'Extra calls taken only once the main window is used up, refilled every ' +
          'burst.duration_seconds (rate-limiter-flexible BurstyRateLimiter semantics).',
      ),
    block_seconds: z
      .number()
      .int()
      .min(1)
      .max(86_400)
      .optional()
      .describe('Once over the limit, deny this bucket for this long (instead of to window end).'),
  })
  .strict();

const BlastRadiusSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/),
    match: LimitMatchSchema.optional().describe('Default: classes [mutating].'),
    key: z.enum(['principal', 'role', 'global']).default('principal'),
    max_findings: z.number().int().min(1).max(1_000_000).describe('Findings per window.'),
    duration_seconds: z
      .number()
      .int()
      .min(1)
      .max(86_400 * 7),
    count_arguments: z
      .array(z.string().min(1))
      .min(1)
      .default(['finding_id', 'finding_ids', 'id', 'ids'])
      .describe(
        'Argument paths holding finding ids. Arrays count their distinct elements, a comma or ' +
          'space separated string its distinct items, a scalar 1.',
      ),
    bulk: z
      .array(
        z
          .object({
            tools: z.array(z.string().min(1)).min(1),
            arguments: z.array(ArgumentConditionSchema).min(1).optional(),
            counts_as: z.number().int().min(1).describe('Findings charged for such a call.'),
          })
          .strict(),
      )
      .default([])
      .describe(
        'Bulk tools whose reach is not in the arguments (e.g. import_scan with ' +
          'close_old_findings: true). Charged in addition to counted arguments.',
      ),
  })
  .strict();

/** The limit a policy gets when it names none: mutations are rate limited by default. */
const DEFAULT_LIMITS = [
  {
    id: 'mutations-per-principal',
    match: { classes: ['mutating' as const] },
    points: 60,
    duration_seconds: 60,
  },
];

/** Rate limits, denial storms and blast-radius quotas. */
export const RateLimitPolicySchema = z
  .object({
    mode: z.enum(['enforce', 'shadow']).default('enforce'),
    limits: z
      .array(LimitSchema)
      .prefault(DEFAULT_LIMITS)
      .describe(
        'All limits matching a call apply and all must admit it. A denied call consumes ' +
          'nothing: points taken from other buckets are given back. Absent (also when the ' +
          'whole section is): one conservative limit, 60 mutating calls per principal per ' +
          'minute (`mutations-per-principal`). `[]` switches every limit off (load warning).',
      ),
    anonymous: z
      .object({
        points: z.number().int().min(1).max(1_000_000),
        duration_seconds: z.number().int().min(1).max(86_400),
      })
      .strict()
      .default({ points: 10, duration_seconds: 60 })
      .describe('One bucket shared by every anonymous caller (all their tools/call requests).'),
    denial_storm: z
      .object({
        threshold: z.number().int().min(1).max(100_000).describe('Denials allowed per window.'),
        window_seconds: z.number().int().min(1).max(86_400),
        lockout_seconds: z
          .number()
          .int()
          .min(1)
          .max(7 * 86_400),
      })
      .strict()
      .optional()
      .describe(
        'More than threshold enforced denials (any guard) within window_seconds lock the ' +
          'principal out (principal_locked) for lockout_seconds and raise a critical event.',
      ),
    blast_radius: z.array(BlastRadiusSchema).default([]),
  })
  .strict()
  .describe('Rate limits, denial storms and blast-radius quotas.');
export type RateLimitPolicy = z.infer<typeof RateLimitPolicySchema>;
export type LimitSpec = RateLimitPolicy['limits'][number];
export type LimitMatch = z.infer<typeof LimitMatchSchema>;
export type BlastRadiusSpec = RateLimitPolicy['blast_radius'][number];
export type ArgumentCondition = z.infer<typeof ArgumentConditionSchema>;

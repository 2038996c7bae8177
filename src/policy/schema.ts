/**
 * The policy file schema (STYLE.md §4). Every object is strict: a misspelled key is an error.
 * Sections owned by other modules are imported from them, so each feature keeps its schema next to
 * its code. The JSON Schema in schema/policy.schema.json is generated from this file.
 */
import { z } from 'zod';
import { InjectionPolicySchema } from '../guards/injection/schema.js';
import { ContentPolicySchema } from '../guards/content/schema.js';
import { AuditPolicySchema } from '../audit/schema.js';
import { RateLimitPolicySchema } from '../guards/rate-limit/schema.js';
import { StatePolicySchema } from '../state/schema.js';
import { ServerPolicySchema, UpstreamPolicySchema } from './schema-server.js';
import { AuthPolicySchema } from '../guards/authn/schema.js';
import { RbacPolicySchema, ToolsPolicySchema } from '../guards/rbac/schema.js';
import { PinningPolicySchema } from '../guards/tool-pinning/schema.js';
import { TripwirePolicySchema } from '../guards/tripwire/schema.js';
import { ObservabilityPolicySchema } from './schema-observability.js';
import { ArgumentsPolicySchema } from '../guards/arguments/schema.js';
import { ApprovalPolicySchema } from '../guards/approval/schema.js';
import { DecisionPointsSchema } from '../guards/external/schema.js';
import { FindingsPolicySchema } from '../guards/finding-facts/schema.js';

export const PolicySchema = z
  .object({
    version: z.literal(1).describe('Policy format version. Always 1.'),
    mode: z
      .enum(['enforce', 'shadow'])
      .default('enforce')
      .describe(
        'enforce (default): denials are applied. shadow: every verdict is computed and audited but ' +
          'not applied (authentication is always enforced).',
      ),
    server: ServerPolicySchema.default(ServerPolicySchema.parse({})),
    upstream: UpstreamPolicySchema.default(UpstreamPolicySchema.parse({})),
    auth: AuthPolicySchema.default(AuthPolicySchema.parse({})),
    tools: ToolsPolicySchema.default(ToolsPolicySchema.parse({})),
    rbac: RbacPolicySchema.optional(),
    // Secure by default: an absent protection section behaves as if it were written `{}` (filter,
    // wrapping, redaction, secret rejection, argument validation and a mutation limit on). Switching one off is an
    // explicit line, logged at start (src/policy/protections.ts).
    injection: InjectionPolicySchema.prefault({}),
    content: ContentPolicySchema.prefault({}),
    audit: AuditPolicySchema.optional(),
    rate_limits: RateLimitPolicySchema.prefault({}),
    state: StatePolicySchema.optional(),
    pinning: PinningPolicySchema.optional(),
    tripwires: TripwirePolicySchema.optional(),
    observability: ObservabilityPolicySchema.optional(),
    arguments: ArgumentsPolicySchema.prefault({}),
    approvals: ApprovalPolicySchema.optional(),
    findings: FindingsPolicySchema.optional(),
    decision_points: DecisionPointsSchema.optional(),
  })
  .strict();

export type PolicyFile = z.infer<typeof PolicySchema>;

/**
 * The `findings` policy section: how the guard learns a finding's current facts (lookup through
 * the upstream), and product scoping of roles and principals. Rules on those facts are rbac rules
 * with `fact:` conditions (src/guards/rbac/schema.ts).
 */
import { z } from 'zod';

const positiveInt = (max: number) => z.number().int().min(1).max(max);
const productId = z
  .number()
  .int()
  .min(1)
  .max(2 ** 31 - 1);
const argName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);

const ScopeSchema = z
  .object({
    products: z
      .array(productId)
      .max(10_000)
      .default([])
      .describe('Product ids this role or principal may see and change.'),
    product_types: z
      .array(productId)
      .max(10_000)
      .default([])
      .describe('Product type ids: every product of these types is in scope.'),
  })
  .strict();

export const FindingsPolicySchema = z
  .object({
    lookup: z
      .object({
        tool: z
          .string()
          .regex(/^[A-Za-z0-9_.\-/]{1,128}$/)
          .default('get_finding_by_id')
          .describe(
            "Upstream tool the guard calls, as its own principal, to read a finding's facts. The " +
              'bundled server and Pro both offer get_finding_by_id.',
          ),
        id_argument: argName
          .default('finding_id')
          .describe('Argument of that tool naming the finding.'),
        timeout_ms: positiveInt(60_000)
          .default(3000)
          .describe('Longest one lookup may take; then mutations of that finding are denied.'),
        cache_ttl_ms: z
          .number()
          .int()
          .min(0)
          .max(300_000)
          .default(5000)
          .describe(
            'How long a looked-up fact stays usable (per principal and finding; a mutation of the ' +
              'finding drops it at once). 0: every decision looks up.',
          ),
        cache_max_entries: positiveInt(1_000_000)
          .default(10_000)
          .describe('Cache size; the oldest entries go first.'),
        max_per_request: positiveInt(1000)
          .default(20)
          .describe(
            'Most lookups one request may cause (targets of a call, unknown tests of a list page); ' +
              'a mutation needing more is denied, list rows beyond it are dropped.',
          ),
      })
      .strict()
      .prefault({})
      .describe('The fact lookup.'),
    target_arguments: z
      .array(argName)
      .min(1)
      .default(['finding_id'])
      .describe(
        'Argument names that name a finding in a tools/call (compared case- and separator-' +
          'insensitively). Mutations naming one are fact-checked and journaled.',
      ),
    scopes: z
      .object({
        roles: z.record(z.string(), ScopeSchema).default({}),
        principals: z.record(z.string(), ScopeSchema).default({}),
        claim: z
          .string()
          .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
          .optional()
          .describe(
            'JWT claim (a principal attribute) holding a comma-separated list of product ids.',
          ),
      })
      .strict()
      .prefault({})
      .describe(
        'Product scoping (row-level). A principal or role listed here sees only findings of its ' +
          'products: list rows are filtered, a get of another product answers like a missing ' +
          'object, mutations there are denied (`finding_out_of_scope`). Principal entries win ' +
          'over role entries. Unlisted principals and roles are not scoped.',
      ),
    list_filters: z
      .record(z.string(), argName)
      .default({ get_findings: 'product_id' })
      .describe(
        'List tools whose upstream can filter by product: tool → argument taking product ids. ' +
          'The guard injects the scope there so pages and counts stay right; rows are still ' +
          'checked on the way back. Set {} in front of an upstream without such an argument (Pro).',
      ),
    journal: z
      .boolean()
      .default(true)
      .describe(
        'Record in each allowed finding mutation the prior values of the fields it changes ' +
          '(hashed into the audit chain), for `dojo-guard undo`.',
      ),
  })
  .strict()
  .describe(
    "Policies that know the finding: the guard looks up a mutation's target finding through the " +
      'upstream (severity, active, verified, risk_accepted, tags, test → engagement → product), ' +
      'so rbac rules can test `fact:` conditions, product scopes apply, and undo has a pre-image. ' +
      'Absent: no lookups.',
  );

export type FindingsPolicy = z.infer<typeof FindingsPolicySchema>;
export type ScopeSpec = z.infer<typeof ScopeSchema>;

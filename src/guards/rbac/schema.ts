/**
 * `tools` and `rbac` sections: tool classes, roles, permissions and argument conditions.
 * Semantics (written once, checked by test/rbac): default deny; the most specific pattern wins
 * (exact > longer literal > shorter; prefix `a*` > suffix `*a` at equal length); at equal
 * specificity a `!deny` beats an allow. Names are compared as exact code points (no case folding,
 * no Unicode normalisation).
 */
import { z } from 'zod';

/** A name pattern: an exact name, or a glob where `*` matches any run of characters. `!` denies. */
export const ToolPatternSchema = z
  .string()
  .regex(
    /^!?[A-Za-z0-9_.\-/*]{1,128}$/,
    'patterns use [A-Za-z0-9_.-/] and `*`, optional leading `!`',
  );
const pattern = ToolPatternSchema;
/** Prompt names may contain spaces (Pro's report prompts are titled). */
const promptPattern = z
  .string()
  .regex(/^!?[A-Za-z0-9_.\-/* ]{1,128}$/, 'prompt patterns use [A-Za-z0-9_.-/ ] and `*`');
const uriPattern = z.string().min(1).max(2048);
const roleName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/);

/** Tool annotation hints (MCP 2025-03-26) a class entry may require. */
const AnnotationMatchSchema = z
  .object({
    readOnlyHint: z.boolean().optional(),
    destructiveHint: z.boolean().optional(),
    idempotentHint: z.boolean().optional(),
    openWorldHint: z.boolean().optional(),
  })
  .strict()
  .refine((m) => Object.keys(m).length > 0, 'list at least one hint');

export const ToolsPolicySchema = z
  .object({
    classes: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.array(pattern))
      .default({})
      .describe(
        'Named tool classes (patterns, `!` excludes). `mutating`: tools that change DefectDojo ' +
          '(used by audit, rate limits and fail-closed decisions). Absent `mutating`: ' +
          'create_*, update_*, close_*, reopen_*, add_*, remove_*, delete_*, import_*, reimport_*. ' +
          'A name matched here decides (`!name`: never mutating); a tool matched by no pattern is ' +
          'classified from its advertised annotations (see read_only_hint, class_annotations).',
      ),
    class_annotations: z
      .record(z.string().regex(/^[a-z][a-z0-9_]*$/), z.array(AnnotationMatchSchema))
      .default({})
      .describe(
        'Classes matched on the annotations the upstream advertises in tools/list, for tools no ' +
          'name pattern of the class matches. An entry matches when every hint it lists equals ' +
          'the advertised one (an absent hint matches nothing). `mutating`: e.g. ' +
          '`[{destructiveHint: true}]` also classes a tool that claims readOnlyHint but is ' +
          'destructive.',
      ),
    read_only_hint: z
      .enum(['trust', 'ignore'])
      .default('trust')
      .describe(
        'Tools no name pattern of `classes.mutating` matches: trust (default): mutating unless ' +
          'the upstream advertises `readOnlyHint: true`; ignore: always mutating. A tool the ' +
          'proxy has not seen listed is mutating either way (fail closed).',
      ),
  })
  .strict()
  .describe('Tool classification shared by all guards.');

export const RoleSchema = z
  .object({
    description: z.string().optional().describe('Free text for humans.'),
    inherits: z
      .array(roleName)
      .default([])
      .describe(
        'Roles whose tools, prompts, resources and permissions this role also gets. Cycles are errors.',
      ),
    tools: z
      .array(pattern)
      .default([])
      .describe(
        'Tool patterns this role may see and call; `!pattern` denies. Absent or empty: none.',
      ),
    prompts: z
      .array(promptPattern)
      .default([])
      .describe('Prompt name patterns (prompts/list, prompts/get). Absent: none.'),
    resources: z
      .array(uriPattern)
      .default([])
      .describe(
        'Resource URI patterns (`*` glob; resources/list, resources/read, subscribe). Absent: none.',
      ),
    permissions: z
      .array(z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/))
      .default([])
      .describe('Named permissions required by argument rules (rbac.rules[].require).'),
    server_requests: z
      .array(z.string().regex(/^[A-Za-z0-9_.\-/*]{1,128}$/))
      .default([])
      .describe(
        'Server→client requests the upstream may send this role: exact method names or ' +
          '`*` globs, e.g. sampling/createMessage, elicitation/create, roots/list. Inherited. ' +
          'Absent or empty: only ping; anything else is answered to the upstream with a JSON-RPC ' +
          'error and never reaches the client.',
      ),
  })
  .strict();

/** Facts a rule condition may test (src/guards/finding-facts/fact-view.ts computes them). */
export const FACT_NAMES = [
  'severity',
  'active',
  'verified',
  'risk_accepted',
  'is_mitigated',
  'false_p',
  'out_of_scope',
  'duplicate',
  'under_review',
  'tags',
  'product',
  'product_type',
  'engagement',
  'test',
  'severity_lowered',
  'severity_raised',
] as const;

/** One argument (or target fact) test. Exactly one operator; `default` stands in for an absent argument. */
export const ConditionSchema = z
  .object({
    arg: z
      .string()
      .min(1)
      .optional()
      .describe('Top-level argument name (exact own key of params.arguments).'),
    fact: z
      .enum(FACT_NAMES)
      .optional()
      .describe(
        "A fact of the call's target finding before the change, looked up through the upstream " +
          '(needs the `findings` section): severity, active, verified, risk_accepted, ' +
          'is_mitigated, false_p, out_of_scope, duplicate, under_review, tags (any tag matches; ' +
          'lower-cased), product, product_type, engagement, test, and severity_lowered / ' +
          'severity_raised (the `severity` argument ranks below / above the current one; an ' +
          'unrecognised requested severity counts as lowered). Rules with a fact condition apply ' +
          'to calls naming a finding (findings.target_arguments), after the lookup.',
      ),
    default: z
      .unknown()
      .optional()
      .describe(
        "Value assumed when the argument is absent: mirror the upstream's default (e.g. close_old_findings: true).",
      ),
    equals: z
      .unknown()
      .optional()
      .describe('Holds when the value is deep-equal (JSON, type-strict).'),
    not_equals: z.unknown().optional().describe('Holds when the value is not deep-equal.'),
    in: z.array(z.unknown()).optional().describe('Holds when the value equals one of the list.'),
    not_in: z
      .array(z.unknown())
      .optional()
      .describe('Holds when the value equals none of the list.'),
    exists: z
      .boolean()
      .optional()
      .describe('true: holds when present (or defaulted); false: when absent.'),
    matches: z.string().optional().describe('`*` glob over a string value (exact code points).'),
  })
  .strict()
  .refine((c) => (c.arg === undefined) !== (c.fact === undefined), {
    message: 'a condition needs exactly one of arg and fact',
  })
  .refine(
    (c) =>
      ['equals', 'not_equals', 'in', 'not_in', 'exists', 'matches'].filter(
        (k) => (c as Record<string, unknown>)[k] !== undefined,
      ).length === 1,
    { message: 'a condition needs exactly one of equals, not_equals, in, not_in, exists, matches' },
  );

export const ArgumentRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,128}$/)
      .describe('Stable rule id, recorded in the audit trail.'),
    description: z.string().optional().describe('Free text for humans (why the rule exists).'),
    tools: z.array(pattern).min(1).describe('Tool patterns the rule applies to.'),
    when: z
      .array(ConditionSchema)
      .default([])
      .describe(
        'All conditions must hold (AND); empty: always. A present argument whose JSON type differs ' +
          'from the condition\'s value counts as holding (fail closed: `"true"` is treated like true).',
      ),
    require: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]{1,64}$/)
      .optional()
      .describe(
        "Permission the caller's role must hold when the rule matches; otherwise rbac_denied. " +
          '`external:<name>`: the decision point of that name (decision_points) must allow the ' +
          'call instead (external_decision_denied / external_decision_unavailable).',
      ),
    deny: z.literal(true).optional().describe('Deny whenever the rule matches (for everyone).'),
  })
  .strict()
  .refine((r) => (r.require === undefined) !== (r.deny === undefined), {
    message: 'a rule needs exactly one of require and deny',
  });

export const RbacPolicySchema = z
  .object({
    mode: z
      .enum(['enforce', 'shadow'])
      .optional()
      .describe('Overrides the top-level mode for RBAC.'),
    roles: z
      .record(roleName, RoleSchema)
      .default({})
      .describe('Role name → grants. Empty: every call is denied.'),
    rules: z
      .array(ArgumentRuleSchema)
      .default([])
      .describe(
        'Argument rules checked after the tool is allowed; every matching rule must pass (precedence: deny > require > allow).',
      ),
    methods: z
      .object({
        allow: z
          .array(z.string().min(1))
          .optional()
          .describe(
            'Client→server methods forwarded. Absent: the MCP 2025-11-25 inventory except tasks/* ' +
              '(task-augmented calls are denied). Anything else, vendor methods included, is answered ' +
              'as method not found.',
          ),
      })
      .strict()
      .default({})
      .describe('Method allow-list.'),
  })
  .strict()
  .describe(
    'Role-based access control. Absent: no RBAC guard (every authenticated caller may do everything). Present: default deny.',
  );

export type RbacPolicy = z.infer<typeof RbacPolicySchema>;
export type ArgumentRule = z.infer<typeof ArgumentRuleSchema>;
export type Condition = z.infer<typeof ConditionSchema>;
export type ToolsPolicy = z.infer<typeof ToolsPolicySchema>;

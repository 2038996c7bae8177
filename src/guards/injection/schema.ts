import { z } from 'zod';

/** Free-text fields every DefectDojo finding-writing tool carries. */
const FINDING_TEXT = [
  'title',
  'description',
  'mitigation',
  'impact',
  'steps_to_reproduce',
  'severity_justification',
  'references',
  'component_name',
  'file_path',
  'notes',
  'note',
  'tags[]',
];
const SCAN_TEXT = [
  'scan_type',
  'file_name',
  'product_name',
  'engagement_name',
  'product_type_name',
  'version',
  'branch_tag',
  'commit_hash',
  'build_id',
  'group_by',
  'tags[]',
];

/**
 * Default argument paths scanned per tool, for the shipped policies (the DefectDojo MCP tools of
 * this project and of the peer). Paths are dotted; `[]` steps into every array element, `*` into
 * every object member; the single path `**` means every string anywhere in the arguments.
 */
export const DEFAULT_INJECTION_SCAN_PATHS: Readonly<Record<string, readonly string[]>> = {
  create_finding: FINDING_TEXT,
  update_finding: FINDING_TEXT,
  add_finding_note: ['entry', 'note'],
  close_finding: ['note'],
  reopen_finding: ['note'],
  add_finding_tags: ['tags[]'],
  remove_finding_tags: ['tags[]'],
  create_product: ['name', 'description', 'tags[]'],
  update_product: ['name', 'description', 'tags[]'],
  create_engagement: ['name', 'description', 'version', 'branch_tag', 'tags[]'],
  create_test: ['title', 'description', 'tags[]'],
  import_scan: SCAN_TEXT,
  reimport_scan: SCAN_TEXT,
};

const ModeSchema = z.enum(['enforce', 'shadow']);

const CustomRuleSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9_]+(\.[a-z0-9_]+)+$/)
      .describe('Stable rule id, e.g. `custom.acme.ticket_override`; audit records carry it.'),
    family: z
      .enum([
        'override',
        'role_marker',
        'tool_call',
        'persona',
        'exfiltration',
        'prompt_leak',
        'custom',
      ])
      .default('custom')
      .describe('Rule family (for reporting).'),
    mode: ModeSchema.default('enforce').describe(
      '`shadow` audits the hit but lets the call through.',
    ),
    pattern: z
      .string()
      .min(1)
      .optional()
      .describe(
        'RE2 syntax (no lookaround/backreferences), matched against the lower-cased normalised view given by `scope`.',
      ),
    phrases: z
      .array(z.string().min(3))
      .min(1)
      .optional()
      .describe(
        'Literal phrases; normalised like the scanned text (case, accents, look-alikes, separators).',
      ),
    scope: z
      .enum(['text', 'words', 'squashed'])
      .default('text')
      .describe(
        'View a `pattern` runs on: `text` (punctuation kept), `words` (letters/digits and single spaces), `squashed` (letters/digits only). Phrases always use `words`.',
      ),
  })
  .strict()
  .refine((r) => (r.pattern === undefined) !== (r.phrases === undefined), {
    message: 'exactly one of `pattern` or `phrases` is required',
  })
  .describe('A policy-defined injection rule.');

const ScanFilesSchema = z
  .object({
    enabled: z.boolean().default(false).describe('Scan the text of imported scan files.'),
    tools: z
      .array(z.string())
      .default(['import_scan', 'reimport_scan'])
      .describe('Tools whose file argument is scanned.'),
    argument: z.string().default('file').describe('Argument holding the base64 scan file.'),
    max_bytes: z
      .number()
      .int()
      .positive()
      .default(5 * 1024 * 1024)
      .describe(
        'Decoded files larger than this are rejected (`injection_detected`, reason: size).',
      ),
  })
  .strict()
  .describe(
    'Optional scan of imported scan files: the base64 file is decoded and, if JSON, every string value is scanned; otherwise the text as a whole.',
  );

/** Write-side prompt-injection filter on tool arguments (issue 4). */
export const InjectionPolicySchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Absent section = filter off; present = on unless false.'),
    mode: ModeSchema.default('enforce').describe(
      '`shadow` computes and audits every verdict but never blocks (overrides per-rule modes).',
    ),
    tools: z
      .record(z.string(), z.array(z.string().min(1)))
      .optional()
      .describe(
        'Tool name → argument paths to scan (dotted, `[]` = each array element, `*` = each member, `**` = every string). Absent = DEFAULT_INJECTION_SCAN_PATHS. A tool not listed is not scanned.',
      ),
    custom_rules: z
      .array(CustomRuleSchema)
      .default([])
      .describe('Rules added to the built-in set.'),
    rule_modes: z
      .record(z.string(), ModeSchema)
      .default({})
      .describe('Per-rule mode override by id (built-in or custom), e.g. ship a rule in shadow.'),
    disabled_rules: z.array(z.string()).default([]).describe('Rule ids switched off entirely.'),
    max_field_length: z
      .number()
      .int()
      .positive()
      .default(65_536)
      .describe('Longest string (UTF-16 units) accepted in a scanned field; longer is rejected.'),
    scan_combined: z
      .boolean()
      .default(true)
      .describe('Also scan the scanned fields of one call joined together (payload splitting).'),
    scan_files: ScanFilesSchema.optional(),
  })
  .strict()
  .describe('Write-side prompt-injection filter on tool arguments (issue 4).');
export type InjectionPolicy = z.infer<typeof InjectionPolicySchema>;
export type InjectionCustomRule = z.infer<typeof CustomRuleSchema>;

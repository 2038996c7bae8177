import { z } from 'zod';
import { builtinRuleIds } from './rules/index.js';

const ModeSchema = z.enum(['enforce', 'shadow']);

/** Tool or prompt name glob: `*` is the only wildcard. */
const NameGlobSchema = z.string().min(1).max(128);

/** One explicit, audited exemption from argument scanning. */
const ScanExemptionSchema = z
  .object({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/)
      .describe('Stable id, named in the verdict annotation whenever the exemption applies.'),
    tools: z.array(NameGlobSchema).max(100).default([]).describe('Tool names or globs.'),
    prompts: z.array(NameGlobSchema).max(100).default([]).describe('Prompt names or globs.'),
    arguments: z
      .array(z.string().min(1).max(256))
      .min(1)
      .max(100)
      .describe(
        'Argument paths not scanned (dotted, `[]` = each array element, `*` = each member, ' +
          '`**` = everything). A path covers everything below it.',
      ),
    reason: z.string().min(1).max(500).describe('Why this text cannot carry an injection.'),
  })
  .strict()
  .refine((e) => e.tools.length + e.prompts.length > 0, {
    message: 'an exemption names at least one tool or prompt',
  });

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
        'agent',
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

/** Write-side prompt-injection filter on tool arguments. */
export const InjectionPolicySchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'On by default, also when the section is absent; false switches the filter off ' +
          '(load warning).',
      ),
    mode: ModeSchema.default('enforce').describe(
      '`shadow` computes and audits every verdict but never blocks (overrides per-rule modes).',
    ),
    scan: z
      .enum(['mutating', 'all'])
      .default('mutating')
      .describe(
        'Which tools/call are scanned: `mutating` (default) = every tool the policy classes as ' +
          'mutating, `all` = every tool. A scanned call has every string leaf and object key of ' +
          'its arguments scanned, and their joined text (payloads split across arguments). ' +
          'prompts/get arguments are always scanned.',
      ),
    also_scan: z
      .array(NameGlobSchema)
      .max(200)
      .default([])
      .describe('Further tools (names or globs) scanned like mutating ones, e.g. a search tool.'),
    exempt: z
      .array(ScanExemptionSchema)
      .max(100)
      .default([])
      .describe(
        'Explicit exemptions (id, tools/prompts, argument paths, reason), named in the verdict ' +
          'annotation when they apply. The scan file of `scan_files.tools` is exempt from text ' +
          'scanning by that section (decoded and scanned when `scan_files.enabled`).',
      ),
    tools: z
      .record(z.string(), z.array(z.string().min(1)))
      .optional()
      .describe(
        'Obsolete (load warning): arguments are no longer listed, every string is scanned. Tool ' +
          'names listed here are scanned like `also_scan`; their paths are ignored.',
      ),
    custom_rules: z
      .array(CustomRuleSchema)
      .default([])
      .describe('Rules added to the built-in set.'),
    rule_modes: z
      .record(z.string(), ModeSchema)
      .default({})
      .describe(
        'Per-rule mode override by id (built-in, `tool_call.*` or custom), e.g. ship a rule in ' +
          'shadow; an id that names no rule is a load error.',
      ),
    disabled_rules: z
      .array(z.string())
      .default([])
      .describe('Rule ids switched off entirely; an id that names no rule is a load error.'),
    max_field_length: z
      .number()
      .int()
      .positive()
      .default(65_536)
      .describe('Longest string (UTF-16 units) accepted in a scanned field; longer is rejected.'),
    scan_combined: z
      .boolean()
      .default(true)
      .describe(
        'Also scan the scanned strings of one call joined together, in argument order and in ' +
          'reverse (a payload split across two arguments is seen whole either way).',
      ),
    scan_files: ScanFilesSchema.optional(),
    results: z
      .enum(['off', 'mark', 'withhold'])
      .default('mark')
      .describe(
        'Read side: untrusted strings of tool and prompts/get results are judged like arguments ' +
          '(rules and `ml.v1`). `mark` prefixes a flagged string with a prompt-injection warning; ' +
          '`withhold` replaces every free-text field of the finding holding it (or the string, ' +
          'outside a finding) with a notice; `off` skips the scan. Each hit is an ' +
          '`injection_in_result` audit event naming the finding id. `mode: shadow` only audits.',
      ),
    ml: z
      .object({
        enabled: z
          .boolean()
          .default(true)
          .describe('Run the learned scorer (rule id `ml.v1`) beside the rules.'),
        threshold: z
          .number()
          .gt(0)
          .lt(1)
          .optional()
          .describe(
            'Score (0..1) at or above which `ml.v1` hits; absent = the threshold of the shipped ' +
              'model card (src/guards/injection/ml/MODEL_CARD.md). Shadow it with ' +
              '`rule_modes: {ml.v1: shadow}`.',
          ),
        signal_threshold: z
          .number()
          .gt(0)
          .lt(1)
          .optional()
          .describe(
            'Lower score at which `ml.v1` hits when the text also carries an agent signal (an AI ' +
              'reader named or addressed, a state change, a request to hide something, the ' +
              "reader's own secret: rules/agent-signals.ts); absent = the model card's (0.85). " +
              'Below it, a pair of agent signals that only names an AI in the third person does ' +
              'not block. At or above `threshold` the band is empty.',
          ),
        pair_floor: z
          .number()
          .min(0)
          .lt(1)
          .optional()
          .describe(
            'Score below which `ml.v1` vetoes an `agent.weak_signals` hit (a pair of agent ' +
              'signals in a text the model reads as plain prose: an AI-usage policy, a ' +
              "post-mortem); absent = the model card's (0.1); 0 = no veto. With `ml.v1` in shadow " +
              'mode (`rule_modes`) there is no veto either: a model on trial changes no verdict.',
          ),
      })
      .strict()
      .optional()
      .describe(
        'Learned scorer: a linear model over hashed word and character n-grams, trained in the ' +
          'repo (scripts/train-injection-model.mjs), run in process. Absent = on.',
      ),
  })
  .strict()
  .superRefine((section, ctx) => {
    // A misspelt id would leave its rule as it was while the policy reads as if it were changed.
    const ids = builtinRuleIds();
    for (const r of section.custom_rules) ids.add(r.id);
    const unknown = (id: string, path: (string | number)[]): void => {
      if (!ids.has(id))
        ctx.addIssue({ code: 'custom', path, message: `${id} is no rule id (built-in or custom)` });
    };
    for (const id of Object.keys(section.rule_modes)) unknown(id, ['rule_modes', id]);
    section.disabled_rules.forEach((id, i) => unknown(id, ['disabled_rules', i]));
  })
  .describe('Write-side prompt-injection filter on tool arguments.');
export type InjectionPolicy = z.infer<typeof InjectionPolicySchema>;
export type InjectionCustomRule = z.infer<typeof CustomRuleSchema>;
export type ScanExemption = z.infer<typeof ScanExemptionSchema>;

/**
 * Load warnings of the `injection` section (obsolete keys).
 * @example injectionWarnings({ tools: { x: ['a'] } }) // ['injection.tools: obsolete …']
 */
export function injectionWarnings(section: InjectionPolicy | undefined): string[] {
  if (section?.tools === undefined) return [];
  return [
    'injection.tools: obsolete — every string argument is scanned now; the listed tools are ' +
      'scanned in full like `also_scan`, their paths are ignored (exemptions go under ' +
      'injection.exempt)',
  ];
}

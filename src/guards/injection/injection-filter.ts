/**
 * The `injection-filter` guard (issue 4, write side): scans the configured string arguments of a
 * tools/call (and optionally the text of an imported scan file) and denies
 * `injection_detected` when an enforced rule matches.
 *
 * No oracle: the client learns which argument was rejected, never the rule, the family or the
 * matched text; the audit record gets the rule id. Shadow hits (per-rule `mode: shadow`) let the
 * call through and are reported as annotations.
 */
import type { Guard, RequestContext, Verdict } from '../guard.js';
import { CONTINUE } from '../guard.js';
import type { PolicyFile } from '../../policy/schema.js';
import type { GuardDeps } from '../registry.js';
import { sharedToolCatalog, type ToolCatalog } from '../tool-catalog.js';
import { compileRules, type CompiledRules } from './compile.js';
import { parseArgPath, selectStrings, type ArgPath, type FoundString } from './paths.js';
import { scanWith, toolRulesFor, type RuleHit } from './scan.js';
import { extractFileTexts } from './scan-file.js';
import {
  DEFAULT_INJECTION_SCAN_PATHS,
  InjectionPolicySchema,
  type InjectionPolicy,
} from './schema.js';

/** Most strings scanned in one call; more is denied (a flood of tiny tags is not a finding). */
const MAX_STRINGS_PER_CALL = 10_000;
/** Total scanned text per call, in multiples of `max_field_length`. */
const TOTAL_FACTOR = 4;

/** The compiled, frozen form of the injection section. */
export interface CompiledInjection {
  mode: 'enforce' | 'shadow';
  rules: CompiledRules;
  paths: ReadonlyMap<string, readonly ArgPath[]>;
  maxFieldLength: number;
  scanCombined: boolean;
  files?: { tools: ReadonlySet<string>; argument: string; maxBytes: number };
}

/** Compiles the policy section (throws on an invalid custom rule or path: a load-time error). */
export function compileInjection(section: InjectionPolicy): CompiledInjection {
  const tools = section.tools ?? DEFAULT_INJECTION_SCAN_PATHS;
  const paths = new Map<string, readonly ArgPath[]>();
  for (const [tool, list] of Object.entries(tools)) paths.set(tool, list.map(parseArgPath));
  const f = section.scan_files;
  return {
    mode: section.mode,
    rules: compileRules({
      customRules: section.custom_rules,
      ruleModes: section.rule_modes,
      disabledRules: section.disabled_rules,
    }),
    paths,
    maxFieldLength: section.max_field_length,
    scanCombined: section.scan_combined,
    files: f?.enabled
      ? { tools: new Set(f.tools), argument: f.argument, maxBytes: f.max_bytes }
      : undefined,
  };
}

function deny(path: string, reason: string, ruleId: string, publicMessage?: string): Verdict {
  return {
    kind: 'deny',
    code: 'injection_detected',
    reason,
    ruleId,
    publicMessage: publicMessage ?? `Argument '${path}' rejected by content policy`,
    data: { argument: path },
  };
}

/**
 * Builds the guard from a compiled section and a tool catalog.
 * @example createInjectionFilter(compileInjection(InjectionPolicySchema.parse({})))
 */
export function createInjectionFilter(
  c: CompiledInjection,
  catalog: ToolCatalog = sharedToolCatalog,
): Guard {
  // Tool-call rules follow the catalog; recompiled (cached) only when it changes.
  let toolsVersion = -1;
  let toolRules: ReturnType<typeof toolRulesFor>;
  const tooLong = (found: FoundString): Verdict =>
    deny(
      found.path,
      `argument ${found.path} is ${found.value.length} characters (max ${c.maxFieldLength})`,
      'limit.max_field_length',
      `Argument '${found.path}' rejected: longer than ${c.maxFieldLength} characters`,
    );
  const scanOne = (
    found: FoundString,
    shadow: Array<RuleHit & { argument: string }>,
  ): Verdict | undefined => {
    if (found.value.length > c.maxFieldLength) return tooLong(found);
    if (catalog.version !== toolsVersion) {
      toolsVersion = catalog.version;
      toolRules = toolRulesFor(catalog.names());
    }
    const r = scanWith(c.rules, found.value, { toolRules });
    for (const h of r.shadowHits) shadow.push({ ...h, argument: found.path });
    if (r.verdict === 'block')
      return deny(
        found.path,
        `rule ${r.ruleId} (${r.family}) matched argument ${found.path}`,
        r.ruleId!,
      );
    return undefined;
  };

  return {
    name: 'injection-filter',
    mode: c.mode,
    onRequest: function injectionFilterOnRequest(ctx: RequestContext): Verdict {
      const req = ctx.request;
      if (req.method !== 'tools/call' || !req.toolName || !req.arguments) return CONTINUE;
      const paths = c.paths.get(req.toolName);
      const shadow: Array<RuleHit & { argument: string }> = [];
      const seen = new Set<string>();
      const found = paths
        ? selectStrings(req.arguments, paths, MAX_STRINGS_PER_CALL + 1).filter((f) => {
            if (seen.has(f.path)) return false;
            seen.add(f.path);
            return true;
          })
        : [];
      if (found.length > MAX_STRINGS_PER_CALL)
        return deny(
          'arguments',
          `more than ${MAX_STRINGS_PER_CALL} strings to scan`,
          'limit.max_strings',
        );
      // Bound the work per call, not only per field: many fields at the cap add up.
      let total = 0;
      for (const f of found) {
        if (f.value.length > c.maxFieldLength) return tooLong(f);
        total += f.value.length;
      }
      if (total > TOTAL_FACTOR * c.maxFieldLength)
        return deny(
          'arguments',
          `scanned arguments total ${total} characters (max ${TOTAL_FACTOR * c.maxFieldLength})`,
          'limit.max_total_length',
          'Arguments rejected: too much text in one call',
        );
      for (const f of found) {
        const v = scanOne(f, shadow);
        if (v) return v;
      }
      // Payload splitting: "IGNORE PREVIOUS" in the title, "INSTRUCTIONS" in the description.
      if (c.scanCombined && found.length > 1) {
        const joined = found.map((f) => f.value).join('\n');
        if (joined.length <= c.maxFieldLength) {
          const v = scanOne({ path: 'arguments (combined)', value: joined }, shadow);
          if (v) return v;
        }
      }
      if (c.files?.tools.has(req.toolName)) {
        const file = req.arguments[c.files.argument];
        if (typeof file === 'string') {
          const arg = c.files.argument;
          const texts = extractFileTexts(file, c.files.maxBytes, c.maxFieldLength);
          if (!texts.ok)
            return deny(
              arg,
              `scan file rejected: ${texts.reason}`,
              `limit.scan_file_${texts.reason}`,
              `Argument '${arg}' rejected: scan file could not be inspected (${texts.reason})`,
            );
          for (const t of texts.texts) {
            const v = scanOne({ path: arg, value: t }, shadow);
            if (v) return v;
          }
        }
      }
      if (shadow.length === 0) return CONTINUE;
      return { kind: 'continue', annotations: { injectionShadowHits: shadow.slice(0, 20) } };
    },
  };
}

/**
 * Registry factory: absent `injection` section = no filter; `enabled: false` = no filter.
 */
export function createInjectionGuard(policy: PolicyFile, _deps: GuardDeps): Guard | undefined {
  const section = policy.injection;
  if (!section) return undefined;
  const parsed = InjectionPolicySchema.parse(section);
  if (!parsed.enabled) return undefined;
  return createInjectionFilter(compileInjection(parsed));
}

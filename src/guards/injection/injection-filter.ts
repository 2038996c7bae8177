/**
 * The `injection-filter` guard (write side): scans the arguments of a tools/call (and of every
 * prompts/get) and denies `injection_detected` when an enforced rule matches.
 *
 * Coverage by construction: a scanned call has every string leaf and object key of its arguments
 * scanned, plus their joined text in argument order and in reverse, and every ordered pair when
 * there are few (a payload split across two arguments is seen whole). Scanned calls: every tool the policy classes as mutating (the
 * registry's `isMutatingTool`), `also_scan` tools, or all with `scan: all`. Exemptions are
 * explicit (`exempt`, the `scan_files` file argument) and named in the verdict annotation.
 *
 * No oracle: the client learns which argument was rejected, never the rule, the family or the
 * matched text; the audit record gets the rule id. Shadow hits (per-rule `mode: shadow`) let the
 * call through and are reported as annotations.
 */
import type { Guard, RequestContext, Verdict } from '../../core/guard.js';
import { CONTINUE } from '../../core/guard.js';
import { compilePattern } from '../../core/match.js';
import type { GuardDeps } from '../deps.js';
import { sharedToolCatalog, type ToolCatalog } from '../tool-catalog/catalog.js';
import {
  builtinRules,
  compileRules,
  isBuiltinRuleSet,
  type CompiledInjection,
  type CompiledRules,
  type RuleOptions,
} from './compile.js';
import { collectStrings, parseArgPath, type ArgExemption, type FoundString } from './paths.js';
import type { RuleHit } from './scan.js';
import { detectInjection, NO_POLICY_TOOLS, type PolicyTools } from './detect.js';
import { extractFileTexts } from './scan-file.js';
import type { InjectionPolicy, ScanExemption } from './schema.js';

/** Most strings scanned in one call; more is denied (a flood of tiny tags is not a finding). */
const MAX_STRINGS_PER_CALL = 10_000;
/** Total scanned text per call, in multiples of `max_field_length`. */
const TOTAL_FACTOR = 4;
/**
 * Up to this many argument strings of at most MAX_PAIRED_TEXT characters in all, every ordered
 * pair is scanned joined (split payloads); the work stays within 2 × (MAX_PAIRED - 1) × that.
 */
const MAX_PAIRED = 8;
const MAX_PAIRED_TEXT = 16_384;
/** Distinct tool/prompt names whose exemption lists are memoised. */
const MAX_CACHED_NAMES = 4096;

/** Labelled, parsed exemption paths of the entries that name `name`. */
function exemptionPaths(
  entries: readonly ScanExemption[],
  kind: 'tools' | 'prompts',
  name: string,
): ArgExemption[] {
  return entries
    .filter((e) => e[kind].some((g) => compilePattern(g).test(name)))
    .flatMap((e) => e.arguments.map((a) => ({ label: `${e.id}:${a}`, path: parseArgPath(a) })));
}

/** The shared built-in set when the policy does not customise it, else its own compilation. */
function rulesFor(opts: RuleOptions): CompiledRules {
  return isBuiltinRuleSet(opts) ? builtinRules() : compileRules(opts);
}

/** Compiles the policy section (throws on an invalid custom rule or path: a load-time error). */
export function compileInjection(
  section: InjectionPolicy,
  tools: PolicyTools = NO_POLICY_TOOLS,
): CompiledInjection {
  for (const e of section.exempt) e.arguments.forEach(parseArgPath); // fail at load
  // Compiled once here: scansTool runs on every tools/call.
  const also = [...section.also_scan, ...Object.keys(section.tools ?? {})].map(compilePattern);
  const cache = new Map<string, readonly ArgExemption[]>();
  const f = section.scan_files;
  return {
    mode: section.mode,
    rules: rulesFor({
      customRules: section.custom_rules,
      ruleModes: section.rule_modes,
      disabledRules: section.disabled_rules,
      ml: section.ml,
    }),
    scansTool: (tool, isMutating) =>
      section.scan === 'all' || isMutating(tool) || also.some((g) => g.test(tool)),
    exemptionsFor(kind, name) {
      const key = `${kind}\u0000${name}`;
      let hit = cache.get(key);
      if (!hit) {
        hit = exemptionPaths(section.exempt, kind, name);
        if (cache.size < MAX_CACHED_NAMES) cache.set(key, hit);
      }
      return hit;
    },
    maxFieldLength: section.max_field_length,
    toolNames: [...tools.names],
    openTools: [...tools.open],
    scanCombined: section.scan_combined,
    files: {
      tools: new Set(f?.tools ?? ['import_scan', 'reimport_scan']),
      argument: f?.argument ?? 'file',
      maxBytes: f?.max_bytes ?? 5 * 1024 * 1024,
      enabled: f?.enabled ?? false,
    },
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
 * @example createInjectionFilter(compileInjection(InjectionPolicySchema.parse({})), () => true)
 */
export function createInjectionFilter(
  c: CompiledInjection,
  isMutatingTool: (tool: string) => boolean,
  catalog: ToolCatalog = sharedToolCatalog,
): Guard {
  // Tool-call rules follow the catalog; recompiled (cached) only when it changes.
  let toolsVersion = -1;
  let catalogNames: readonly string[] = [];
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
    if (catalog.version !== toolsVersion) {
      toolsVersion = catalog.version;
      catalogNames = catalog.names();
    }
    const r = detectInjection(c, found.value, catalogNames);
    for (const h of r.shadowHits) shadow.push({ ...h, argument: found.path });
    if (r.verdict === 'block')
      return deny(
        found.path,
        `rule ${r.ruleId} (${r.family}) matched argument ${found.path}`,
        r.ruleId!,
      );
    return undefined;
  };

  /** What is scanned of this call, or undefined when the call is not scanned at all. */
  function selection(ctx: RequestContext): { exemptions: ArgExemption[] } | undefined {
    const req = ctx.request;
    if (req.method === 'prompts/get' && req.promptName !== undefined) {
      return { exemptions: [...c.exemptionsFor('prompts', req.promptName)] };
    }
    if (req.method !== 'tools/call' || !req.toolName) return undefined;
    if (!c.scansTool(req.toolName, isMutatingTool)) return undefined;
    const exemptions = [...c.exemptionsFor('tools', req.toolName)];
    if (c.files.tools.has(req.toolName)) {
      // The base64 scan file is scanned decoded (below) when enabled; never as text.
      const label = `scan_files:${c.files.argument}`;
      exemptions.push({
        label,
        path: { all: false, steps: [{ kind: 'key', key: c.files.argument }] },
      });
    }
    return { exemptions };
  }

  return {
    name: 'injection-filter',
    mode: c.mode,
    onRequest: function injectionFilterOnRequest(ctx: RequestContext): Verdict {
      const req = ctx.request;
      if (!req.arguments) return CONTINUE;
      const sel = selection(ctx);
      if (!sel) return CONTINUE;
      const shadow: Array<RuleHit & { argument: string }> = [];
      const { found, exempted, truncated } = collectStrings(
        req.arguments,
        sel.exemptions,
        MAX_STRINGS_PER_CALL,
      );
      if (truncated)
        return deny(
          'arguments',
          `more than ${MAX_STRINGS_PER_CALL} strings (or nesting too deep) to scan`,
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
      // Payload splitting: "IGNORE PREVIOUS" in one argument, "INSTRUCTIONS" in another. All
      // strings joined, in argument order and in reverse; and for small calls (MAX_PAIRED),
      // every ordered pair as well, so two pieces are seen whole wherever they sit.
      const values = found.filter((f) => !f.key).map((f) => f.value);
      if (c.scanCombined && values.length > 1) {
        const joins = [values.join('\n'), values.slice().reverse().join('\n')];
        if (values.length > 2 && values.length <= MAX_PAIRED && total <= MAX_PAIRED_TEXT) {
          values.forEach((a, i) =>
            values.forEach((b, j) => {
              if (i !== j) joins.push(`${a}\n${b}`);
            }),
          );
        }
        for (const joined of joins) {
          const v = scanOne({ path: 'arguments (combined)', value: joined }, shadow);
          if (v) return v;
        }
      }
      if (req.method === 'tools/call' && c.files.enabled && c.files.tools.has(req.toolName!)) {
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
      const annotations: Record<string, unknown> = {};
      if (exempted.size > 0) annotations['exemptedArguments'] = [...exempted];
      if (shadow.length > 0) annotations['injectionShadowHits'] = shadow.slice(0, 20);
      return Object.keys(annotations).length ? { kind: 'continue', annotations } : CONTINUE;
    },
  };
}

/** One compiled section per policy: the write and read sides (results-scan.ts) share it. */
const compiledBySection = new WeakMap<object, CompiledInjection>();

/**
 * The compiled form of a parsed `injection` section, compiled once per section object.
 * @example compiledSection(InjectionPolicySchema.parse({}), ['close_finding'])
 */
export function compiledSection(
  section: InjectionPolicy,
  tools: PolicyTools = NO_POLICY_TOOLS,
): CompiledInjection {
  let c = compiledBySection.get(section);
  if (!c) {
    c = compileInjection(section, tools);
    compiledBySection.set(section, c);
  }
  return c;
}

/**
 * Registry factory: absent `injection` section = no filter; `enabled: false` = no filter.
 * `tools`: the tool names the policy names (src/guards/injection/detect.ts policyTools).
 */
export function createInjectionGuard(
  section: InjectionPolicy | undefined,
  deps: GuardDeps,
  tools: PolicyTools = NO_POLICY_TOOLS,
): Guard | undefined {
  if (!section?.enabled) return undefined;
  return createInjectionFilter(compiledSection(section, tools), deps.isMutatingTool);
}

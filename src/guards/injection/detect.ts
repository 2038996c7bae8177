/**
 * One detection entry point for every caller that judges a text as a tool argument would be
 * judged: the proxy's injection filter (injection-filter.ts) and `dojo-guard scan-text`
 * (src/cli/scan-text.ts). Both use the policy's compiled rules, the learned scorer and the same
 * tool names — those the policy names plus, in the proxy, those the upstream advertised — so the
 * same text gets the same verdict from both (test/injection/detect-parity.e2e.test.ts).
 */
import type { CompiledInjection, RuleGroup } from './compile.js';
import { scanWith, toolRulesFor, type ScanResult } from './scan.js';
import { readsByName } from './rules/tool-rules.js';
import { compileRbac, type CompiledRole } from '../rbac/compile.js';
import { RbacPolicySchema } from '../rbac/schema.js';
import { compilePatternSet } from '../../core/match.js';

/** The tool names a policy gives the injection rules (`policyTools`). */
export interface PolicyTools {
  /** Every exact tool name it names (`policyToolNames`). */
  readonly names: readonly string[];
  /** Of those, the reading tools every role may call (`openTools`). */
  readonly open: readonly string[];
}

export const NO_POLICY_TOOLS: PolicyTools = Object.freeze({ names: [], open: [] });

/**
 * The tool names of a policy document and its open tools, for the injection rules.
 * @example policyTools(loadedPolicyDocument).open // ['get_findings', …] under policies/dojo-server.yaml
 */
export function policyTools(doc: unknown): PolicyTools {
  const names = policyToolNames(doc);
  return { names, open: openTools(doc, names) };
}

/**
 * Exact tool names a policy document names (rbac role tool lists, tool classes); globs skipped.
 * @example policyToolNames({ rbac: { roles: { w: { tools: ['close_finding', 'get_*'] } } } }) // ['close_finding']
 */
export function policyToolNames(doc: unknown): string[] {
  const names = new Set<string>();
  const add = (list: unknown): void => {
    if (!Array.isArray(list)) return;
    for (const n of list)
      if (typeof n === 'string' && /^[A-Za-z0-9_.-]+$/.test(n) && n.length <= 128) names.add(n);
  };
  for (const role of Object.values(o(o(o(doc).rbac).roles))) add(o(role).tools);
  for (const cls of Object.values(o(o(o(doc).tools).classes))) add(cls);
  return [...names].sort();
}

const o = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};

/**
 * The tools of `names` that every role of the policy may call (inheritance followed, as the RBAC
 * guard compiles it), that read by their name (`get_…`, `list_…`) and that no tool class and no
 * argument rule names: a call to one, named in a text, asks the reader for nothing its
 * least-privileged caller could not do unasked, so `tool_call.named_call` leaves them out (MCP
 * documentation shows `get_findings({severity: ["Critical"], limit: 1})`). Whatever the text asks
 * done with what such a call returns (sent somewhere, a finding closed) is judged by the other
 * rules. No roles, an invalid `rbac` section or a role without the tool: none is open.
 */
function openTools(doc: unknown, names: readonly string[]): string[] {
  const parsed = RbacPolicySchema.safeParse(o(doc).rbac);
  if (!parsed.success) return [];
  let roles: CompiledRole[];
  try {
    roles = [...compileRbac(parsed.data).roles.values()];
  } catch {
    return [];
  }
  if (roles.length === 0) return [];
  const gated = [
    ...Object.values(o(o(o(doc).tools).classes)),
    ...parsed.data.rules.map((r) => r.tools),
  ]
    .filter(
      (list): list is string[] => Array.isArray(list) && list.every((x) => typeof x === 'string'),
    )
    .map((list) => compilePatternSet(list));
  return names.filter(
    (n) =>
      readsByName(n) && roles.every((r) => r.tools.allows(n)) && !gated.some((g) => g.allows(n)),
  );
}

/**
 * Judges one text with the policy's rules, learned scorer and tool-call rules.
 * @example detectInjection(compileInjection(InjectionPolicySchema.parse({})), 'close_finding(finding_id=1)').verdict === 'block'
 */
export function detectInjection(
  c: CompiledInjection,
  text: string,
  extraToolNames: readonly string[] = [],
  side: 'argument' | 'result' = 'argument',
): ScanResult {
  // Results are judged whole, quoted payloads included (ScanOptions.mentions).
  return scanWith(c.rules, text, {
    toolRules: toolRulesOf(c, extraToolNames),
    mentions: side === 'argument',
  });
}

/**
 * The tool-call rules of a compiled policy and the extra names it was last asked with. Callers
 * pass the same array until the names change (the catalog replaces its list on a new tools/list),
 * so toolRulesFor's cache key (the sorted names joined) is built once per list, not per scanned
 * field: that key was ~4 % of a scan's CPU on the bench corpus.
 */
const lastRules = new WeakMap<
  CompiledInjection,
  { extra: readonly string[]; group: RuleGroup | undefined }
>();

function toolRulesOf(c: CompiledInjection, extra: readonly string[]): RuleGroup | undefined {
  const last = lastRules.get(c);
  if (last && (last.extra === extra || (last.extra.length === 0 && extra.length === 0)))
    return last.group;
  const names = extra.length === 0 ? c.toolNames : [...new Set([...c.toolNames, ...extra])];
  const group = toolRulesFor(names, true, c.rules.toolCallModes, c.openTools);
  lastRules.set(c, { extra, group });
  return group;
}

/**
 * One detection entry point for every caller that judges a text as a tool argument would be
 * judged: the proxy's injection filter (injection-filter.ts) and `dojo-guard scan-text`
 * (src/cli/scan-text.ts). Both use the policy's compiled rules, the learned scorer and the same
 * tool names — those the policy names plus, in the proxy, those the upstream advertised — so the
 * same text gets the same verdict from both (test/injection/detect-parity.e2e.test.ts).
 */
import type { CompiledInjection, RuleGroup } from './compile.js';
import { scanWith, toolRulesFor, type ScanResult } from './scan.js';

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
  const o = (v: unknown): Record<string, unknown> =>
    typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  for (const role of Object.values(o(o(o(doc).rbac).roles))) add(o(role).tools);
  for (const cls of Object.values(o(o(o(doc).tools).classes))) add(cls);
  return [...names].sort();
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
  const group = toolRulesFor(names, true, c.rules.toolCallModes);
  lastRules.set(c, { extra, group });
  return group;
}

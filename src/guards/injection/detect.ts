/**
 * One detection entry point for every caller that judges a text as a tool argument would be
 * judged: the proxy's injection filter (injection-filter.ts) and `dojo-guard scan-text`
 * (src/cli/scan-text.ts). Both use the policy's compiled rules, the learned scorer and the same
 * tool names — those the policy names plus, in the proxy, those the upstream advertised — so the
 * same text gets the same verdict from both (test/injection/detect-parity.test.ts).
 */
import type { CompiledInjection } from './compile.js';
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
  const names =
    extraToolNames.length === 0 ? c.toolNames : [...new Set([...c.toolNames, ...extraToolNames])];
  // Results are judged whole, quoted payloads included (ScanOptions.mentions).
  return scanWith(c.rules, text, {
    toolRules: toolRulesFor(names, true, c.rules.toolCallModes),
    mentions: side === 'argument',
  });
}

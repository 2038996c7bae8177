/**
 * Tool-call syntax naming the upstream's actual tools (family `tool_call`). The names come from
 * the tool catalog (src/guards/tool-catalog/catalog.ts, learned from tools/list), never from a
 * hard-coded list, so instructions to call another server's tools are caught as well.
 *
 * A bare mention ("the close_finding tool was used") is allowed here: only call syntax blocks (a
 * request such as "please call create_finding" is the `agent.tool_use_request` rule), i.e.
 * `name(`, `<name>`, `"name":{`, `"name":"<tool>"`, and `name:<arg>` (tag `close_finding:6:x`).
 */
import { RE2JS } from 're2js';
import { NOT_DEFINED, type InjectionRule } from './types.js';

/**
 * Tool names worth matching: at least two segments (`close_finding`, `closeFinding`) or eight
 * characters, so a tool called `search` does not turn every `search(` in a code sample into a hit.
 */
export function matchableToolName(name: string): boolean {
  return /[_\-.]|[a-z][A-Z]/.test(name) || name.length >= 8;
}

/** Spelling variants of a name as the canonical view shows them (lower case). */
function variants(name: string): string[] {
  const lower = name.toLowerCase();
  const out = new Set<string>([RE2JS.quote(lower)]);
  const split = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_\-.]+/)
    .filter((s) => s.length > 0);
  if (split.length > 1) {
    out.add(split.map((s) => RE2JS.quote(s)).join('[ _.-]?'));
  }
  return [...out];
}

/**
 * Builds the `tool_call.named_*` rules for a list of tool names (empty list → no rules).
 * @example toolCallRules(['close_finding'])[0].id === 'tool_call.named_call'
 */
export function toolCallRules(names: readonly string[]): InjectionRule[] {
  const usable = names.filter(matchableToolName);
  if (usable.length === 0) return [];
  const n = `(?:${usable.flatMap(variants).join('|')})`;
  // Prefilter: every spelling contains the name's first word (camelCase joins it to the next).
  const anchors = [
    ...new Set(
      usable.flatMap((name) => {
        const lower = name.toLowerCase().split(/[^a-z0-9]+/);
        const split = name
          .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
          .toLowerCase()
          .split(/[^a-z0-9]+/);
        return [...lower, ...split].filter((t) => t.length > 0);
      }),
    ),
  ];
  const rule = (id: string, pattern: string): InjectionRule => ({
    id: `tool_call.${id}`,
    family: 'tool_call',
    mode: 'enforce',
    scope: 'text',
    pattern,
    anchors,
  });
  return [
    // `name(` with something inside: `update_finding() accepts a string` is prose about the tool;
    // nor after a definition keyword: `def get_findings(self, filename, test):` in a parser's
    // source (SARIF snippets of DefectDojo's own code) defines a function of that name, it calls
    // nothing. Any other identifier, a dot or punctuation may come before it.
    rule('named_call', `${NOT_DEFINED}${n}\\s*\\(\\s*[^)\\s]`),
    rule('named_tag', `<\\s*/?\\s*${n}\\s*>`),
    rule('named_json_key', `["']${n}["']\\s*:\\s*[{\\[]`),
    rule(
      'named_json_value',
      `["'](?:name|tool|tool_name|function|method)["']\\s*:\\s*["']${n}["']`,
    ),
    rule('named_colon_arg', `(?:^|[^a-z0-9_])${n}\\s*:\\s*[a-z0-9_"'{]`),
  ];
}

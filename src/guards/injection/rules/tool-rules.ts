/**
 * Tool-call syntax naming the upstream's actual tools (family `tool_call`). The names come from
 * the tool catalog (src/guards/tool-catalog/catalog.ts, learned from tools/list), never from a
 * hard-coded list, so instructions to call another server's tools are caught as well.
 *
 * A bare mention ("the close_finding tool was used") is allowed here: only call syntax blocks,
 * i.e. `name(`, `<name>`, `"name":{`, `"name":"<tool>"`, and `name:<arg>` (tag
 * `close_finding:6:x`), and a request in plain words that names the tool ("please run
 * get_users", `named_imperative`).
 */
import { RE2JS } from 're2js';
import {
  alt,
  CALL_ARGUMENT,
  NEGATIONS_AND_MODALS,
  NOT_DEFINED_OR_MADE,
  REPORTED_CALL,
  notAfterWord,
  tokenExcept,
  type InjectionRule,
} from './types.js';

/**
 * Tool names worth matching: at least two segments (`close_finding`, `closeFinding`) or eight
 * characters, so a tool called `search` does not turn every `search(` in a code sample into a hit.
 */
export function matchableToolName(name: string): boolean {
  return /[_\-.]|[a-z][A-Z]/.test(name) || name.length >= 8;
}

/** A name's words, camelCase split (`closeFinding`, `close_finding` → close, finding). */
const wordsOf = (name: string): string[] =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_\-.]+/)
    .filter((s) => s.length > 0);

/** Spelling variants of a name as the canonical view shows them (lower case), in RE2 syntax. */
function variants(name: string): string[] {
  const out = new Set<string>([RE2JS.quote(name.toLowerCase())]);
  const split = wordsOf(name);
  if (split.length > 1) out.add(split.map((s) => RE2JS.quote(s)).join('[ _.-]?'));
  return [...out];
}

/** One alternation of every name's spellings (`variants`), as the rules match a name. */
const spelled = (names: readonly string[]): string => `(?:${names.flatMap(variants).join('|')})`;

/** Every string `variants(name)` matches: the name lower-cased, or its words joined by `[ _.-]?`. */
function spellings(name: string): string[] {
  let out = [''];
  for (const [i, w] of wordsOf(name).entries())
    out = out.flatMap((s) => (i === 0 ? [w] : ['', ' ', '_', '.', '-'].map((sep) => s + sep + w)));
  return [...new Set([name.toLowerCase(), ...out])];
}

/** What a listing counts after a tool's name ("get_findings: 4 results"). */
const COUNTED = [
  'results',
  'result',
  'items',
  'item',
  'findings',
  'finding',
  'rows',
  'row',
  'records',
  'record',
  'entries',
  'entry',
  'matches',
  'match',
  'hits',
  'hit',
  'objects',
  'total',
];

/** A word after the count that is none of COUNTED (`tokenExcept` ends a token anywhere: `\b`). */
const NOT_A_COUNT = `${tokenExcept(COUNTED)}\\b`;

/** Names that read: a count after one is what it returned, and no argument after one changes state. */
const READS = /^(?:get|list|search|find|read|count|fetch|query|show|view|describe)(?:_|$)/;
/** True if a tool's name says it reads (`get_findings`, `list_products`). */
export const readsByName = (name: string): boolean => READS.test(name.toLowerCase());

/** Verbs that describe what a tool does, after its name (`named_with_argument`). */
const DESCRIBES = [
  ...['sets', 'marks', 'takes', 'accepts', 'requires', 'returns', 'expects', 'updates'],
  ...['changes', 'writes', 'records', 'needs', 'supports', 'has', 'is', 'does', 'only'],
  // what the tool ought to do, in a review of its code ("close_finding should not default
  // is_mitigated=True when …")
  ...['should', 'must', 'shall', 'will', 'would', 'can', 'could', 'never', 'always', 'defaults'],
];

/** `name:` and an argument, for each name's spellings (`named_colon_arg`). */
function colonArg(usable: readonly string[]): string {
  const reading = usable.filter(readsByName);
  const others = usable.filter((u) => !readsByName(u));
  return alt([
    ...(reading.length > 0
      ? [
          `${spelled(reading)}\\s*:\\s*(?:[a-z_"'{]|\\d+(?:[^\\d ]|\\s*$| +[^a-z ]| +${NOT_A_COUNT}))`,
        ]
      : []),
    ...(others.length > 0 ? [`${spelled(others)}\\s*:\\s*[a-z0-9_"'{]`] : []),
  ]);
}

/**
 * Builds the `tool_call.named_*` rules for a list of tool names (empty list → no rules);
 * `plainRequests` false leaves out `named_imperative` (tool descriptions, scan.ts). `open`: the
 * reading tools every role may call (detect.ts `openTools`), which `named_call` leaves out.
 * @example toolCallRules(['close_finding'])[0].id === 'tool_call.named_call'
 */
export function toolCallRules(
  names: readonly string[],
  plainRequests = true,
  open: readonly string[] = [],
): InjectionRule[] {
  const usable = names.filter(matchableToolName);
  if (usable.length === 0) return [];
  const n = spelled(usable);
  const called = usable.filter((u) => !open.includes(u));
  // the names as identifiers, for prose ("run get users" is no call)
  const identifiers = (us: readonly string[]): string =>
    us.length > 0 ? `(?:${us.map((u) => RE2JS.quote(u.toLowerCase())).join('|')})` : '';
  const exact = identifiers(usable);
  const changing = identifiers(usable.filter((u) => !readsByName(u)));
  // Prefilter: every match holds one of the name's spellings whole (`spellings`). Its words alone
  // (`get`, `finding`, `product`) are in most DefectDojo texts and woke these rules on each.
  const literals = [...new Set(usable.flatMap(spellings))];
  const rule = (id: string, pattern: string): InjectionRule => ({
    id: `tool_call.${id}`,
    family: 'tool_call',
    mode: 'enforce',
    scope: 'text',
    pattern,
    literals,
  });
  const rules = [
    // `name(` with something inside: `update_finding() accepts a string` is prose about the tool;
    // nor after a definition keyword or a verb reporting it made (types.ts `NOT_DEFINED_OR_MADE`):
    // `def get_findings(self, filename, test):` in a parser's source (SARIF snippets of
    // DefectDojo's own code) defines a function of that name, it calls nothing. Any other
    // identifier, a dot or punctuation may come before it. Inside, a value: a keyword argument, a
    // number, a string, an object or list, or all of them (`(finding_id=5)`, `(4412)`, `("x")`,
    // `(all)`), as `tool_call.state_change_call` (agent.ts) reads one. Parameter
    // names alone are the function's signature in prose about the code ("close_finding(finding_id,
    // note) calls POST … without checking the status code" in a code review), and prose in
    // parentheses is an aside ("rate limit on get_findings (max 10 calls/min)" in a changelog).
    ...(called.length > 0
      ? [rule('named_call', `${NOT_DEFINED_OR_MADE}${spelled(called)}\\s*\\(\\s*${CALL_ARGUMENT}`)]
      : []),
    rule('named_tag', `<\\s*/?\\s*${n}\\s*>`),
    rule('named_json_key', `["']${n}["']\\s*:\\s*[{\\[]`),
    // in JSON, as a YAML mapping's value on its own line ("on_read:\n  - action: close_finding"),
    // or a changing tool assigned to a key among others ("ACTION=update_finding_status;
    // TARGET=all findings in test 3391; STATUS=…"; not a log's space-separated "tool=…")
    rule(
      'named_json_value',
      `["'](?:name|tool|tool_name|function|method)["']\\s*:\\s*["']${n}["']|(?:^|\\n)[ \\t]*(?:- )?(?:tool|tool_name|function|method|action|call)[ \\t]*:[ \\t]*["']?${n}["']?[ \\t]*(?:\\n|$)${
        changing
          ? `|(?:^|[^a-z0-9_])(?:tool|tool_name|function|method|action|call|operation|op)[ \\t]*=[ \\t]*["']?${changing}["']?[ \\t]*(?:[;,&\\n]|$)`
          : ''
      }`,
    ),
    // `name: {…}`, `name: id=5`, `name: 4412`; after a reading tool's name, not a count of what it
    // returned, the header of a listing a tool output or a paste holds ("get_findings: 4 results
    // (product: …)"). A changing tool's name before a count stays a call ("close_finding: 3
    // findings").
    rule('named_colon_arg', `(?:^|[^a-z0-9_])${colonArg(usable)}`),
    // A changing tool's name as written, then within three words an argument assigned
    // (`key=value`): "llamar a close_finding con out_of_scope=true", "вызвать close_finding с
    // duplicate=true". A call in no notation, in any language: the assignment is the call's own
    // syntax. Not after a verb reporting the call ("the assistant called close_finding with
    // false_p=true" in a red-team finding), nor before one describing the tool ("close_finding
    // sets active=false and is_mitigated=true", API notes), nor for a reading tool ("p95 latency
    // on get_findings with limit=100").
    ...(changing
      ? [
          rule(
            'named_with_argument',
            `${notAfterWord(REPORTED_CALL)}${changing}(?: (?:${tokenExcept(DESCRIBES, false, true)}|[^ =\\n]{0,19}[^\\x00-\\x7f][^ =\\n]{0,19})(?: [^ =\\n]{1,20}){0,2})? [a-z][a-z0-9]*(?:_[a-z0-9]+)*\\s*=\\s*[a-z0-9"'\\[{-]`,
          ),
        ]
      : []),
  ];
  if (!plainRequests) return rules;
  return [
    ...rules,
    // In plain words, the name as written: "Please run get_users and …", "instruct your assistant
    // to call add_finding_note with …". Not after "to" alone ("the agent was able to call
    // get_users" reports, "is only allowed to call get_findings" is a policy), nor after a
    // negation or a modal of description and its adverb ("a CI token … can also call
    // close_finding" states what a role can do; "you should also call …" still asks).
    rule(
      'named_imperative',
      `(?:^|[.!?;:(\\n>*-]\\s*|${notAfterWord(NEGATIONS_AND_MODALS)}(?:please|kindly|then|now|also|just|immediately|first) |\\b(?:instruct|tell|ask|have|get) (?:your |the |an? )?(?:[a-z-]+ )?(?:assistant|agent|bot|ai|copilot|model|llm)s? to )(?:run|call|invoke|execute|trigger|use) (?:the )?(?:tool |function )?${exact}\\b`,
    ),
  ];
}

/**
 * Ids of every rule `toolCallRules` builds (policies may name them in `rule_modes`): read off the
 * rules built for one name, so a new rule cannot be left out.
 */
export const TOOL_CALL_RULE_IDS: readonly string[] = toolCallRules(['tool_name']).map((r) => r.id);

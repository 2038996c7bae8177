/**
 * The shape of an injection rule (data, not code). Built-in rules live beside this file; policy
 * custom rules are converted to the same shape by src/guards/injection/compile.ts.
 */

/** Rule families (reference injection-filtering.md §3.1 step 3-4). */
export type RuleFamily =
  | 'override'
  | 'role_marker'
  | 'tool_call'
  | 'persona'
  | 'exfiltration'
  | 'prompt_leak'
  | 'agent'
  | 'ml'
  | 'custom';

/**
 * Which normalised view a pattern runs on:
 * - `text`: the canonical view (lower-case, confusables folded, whitespace collapsed, punctuation
 *   and newlines kept) of the input and of every decoded payload;
 * - `words`: letters and digits separated by single spaces, of the canonical, leet-folded, ROT13
 *   and (under bidi overrides) reversed views;
 * - `squashed`: letters and digits only (defeats `i g n o r e` and `i.g.n.o.r.e`).
 */
export type RuleScope = 'text' | 'words' | 'squashed';

export interface InjectionRule {
  /** Stable id, `<family>.<lang or area>.<name>`; audit records carry it, clients never see it. */
  id: string;
  family: RuleFamily;
  mode: 'enforce' | 'shadow';
  scope: RuleScope;
  /** RE2 syntax (no lookaround, no backreferences), written for the already lower-cased view. */
  pattern: string;
  /**
   * Weak signal: never blocks alone. Two or more distinct weak signals in one field make a hit of
   * the synthetic rule `persona.weak_signals`.
   */
  weak?: boolean;
  /**
   * A weak signal shaped as a demand on the reader ("pretend you are", "stay in character",
   * "you will always"), as opposed to one that names an attack ("jailbreak", "DAN", "developer
   * mode"). Prose about jailbreaks names them; a jailbreak also addresses the reader, so
   * `persona.weak_signals` needs one of these among its two.
   */
  directive?: boolean;
  /**
   * Prefilter (performance only, never changes a verdict's meaning): the rule can only match when
   * one of these whole words occurs in the words view. Without `anchors` and `literals` the rule
   * runs on every view.
   */
  anchors?: readonly string[];
  /** Prefilter: substrings of the view, one of which the rule's match always contains. */
  literals?: readonly string[];
  /** Prefilter: the rule can only match a view holding a non-ASCII character. */
  nonAscii?: boolean;
  /** With `nonAscii`: the first non-ASCII UTF-16 unit of each phrase (a finer prefilter). */
  phrasesFirstUnits?: readonly number[];
  /**
   * With `phrasesFirstUnits`: every match of this rule alone holds one of them (a rule built from a
   * phrase list, whose pattern is the phrases themselves), so the rule is skipped on a view holding
   * none of its own units. Without it the units only gate the group's non-ASCII rules together.
   */
  firstUnitsExact?: boolean;
  /**
   * With `weak`: an agent signal (agent-signals.ts), counted by kind towards the synthetic rule
   * `agent.weak_signals` instead of `persona.weak_signals`.
   */
  signal?: AgentSignal;
  /** Also try the rule on the ROT13 view (override family). */
  rot13?: boolean;
}

/** The rule id of the learned scorer (src/guards/injection/ml/). */
export const ML_RULE_ID = 'ml.v1';

/** The synthetic rule id reported when at least two distinct weak signals hit. */
export const WEAK_SIGNALS_RULE_ID = 'persona.weak_signals';

/** The synthetic rule id reported when agent signals combine (rules/agent-signals.ts). */
export const AGENT_SIGNALS_RULE_ID = 'agent.weak_signals';

/** Kinds of agent signal (rules/agent-signals.ts says which pairs block). */
export type AgentSignal =
  | 'action'
  | 'reader'
  | 'conceal'
  | 'soft_conceal'
  | 'consent'
  | 'ai_noun'
  | 'intl_action'
  | 'own_secret';

/**
 * A hyphen opening a clause as a list bullet (or after an HTML comment's dashes), not one inside a
 * word: "- close it" leads a request, "Don't bulk-close …" does not. Text view, RE2 syntax.
 */
export const BULLET_HYPHEN = '(?:^|[^a-z0-9])-\\s*';

/** Helper for data files: `alt(['a', 'b'])` → `(?:a|b)`. */
/**
 * Substring prefilters (`literals`) from word pairs: every `<a><gap><b>` spelling, where the gap is
 * one space (the words view) or, on the text view, one space or one line break (`TEXT_GAPS`). A
 * rule so prefiltered names two adjacent words its match always holds; common single words
 * ("response", "section", "without") would wake it on most scanner text.
 */
export const pairs = (
  firsts: readonly string[],
  seconds: readonly string[],
  gaps: readonly string[] = [' '],
): string[] => firsts.flatMap((a) => gaps.flatMap((g) => seconds.map((b) => `${a}${g}${b}`)));
const TEXT_GAPS = [' ', '\n'];
/** `pairs` on the text view: the gap a space or a line break (a wrapped line). */
export const textPairs = (firsts: readonly string[], seconds: readonly string[]): string[] =>
  pairs(firsts, seconds, TEXT_GAPS);

export function alt(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}

/** A verb's third person singular ("marks", "applies", "dismisses"). */
export const thirdPerson = (v: string): string =>
  /[^aeiou]y$/.test(v) ? `${v.slice(0, -1)}ies` : /(?:s|sh|ch|x|z)$/.test(v) ? `${v}es` : `${v}s`;

/** A verb in its base form or its third person singular ("mark|marks", "apply|applies"). */
export const presentForms = (verbs: readonly string[]): string =>
  alt(verbs.map((v) => `${v}|${thirdPerson(v)}`));

/**
 * One words-view token (`[a-z0-9]+`) that is none of `words` and, with `noAdverb`, does not end
 * in `ly`, in RE2 syntax (which has no lookbehind): a trie of the words, where each node allows
 * any other next character, or (when the node is not a word's end) the token to end there.
 * `words` must not contain `ly` themselves. With `identifier`, a token of `[a-z0-9_]` (no adverb
 * check).
 * @example new RegExp(`^${tokenExcept(['not'])}$`).test('note') // true; 'not' → false
 */
export function tokenExcept(
  words: readonly string[],
  noAdverb = false,
  identifier = false,
): string {
  // `identifier`: a code identifier of the text view (`[a-z0-9_]+`) instead of a words-view token.
  const CHARS = `abcdefghijklmnopqrstuvwxyz0123456789${identifier ? '_' : ''}`;
  // Rest of a token after its first character c: free, or (noAdverb) such that c + rest does
  // not end in `ly`; REST_L is the rest after an `l` (a bare `y` would make `ly`).
  const NOT_LY = '[a-z0-9]*[a-xz0-9]|[a-z0-9]*[a-km-z0-9]y';
  const ANY = noAdverb ? `(?:${NOT_LY}|y)?` : identifier ? '[a-z0-9_]*' : '[a-z0-9]*';
  const REST_L = `(?:${NOT_LY})?`;
  const cls = (cs: string): string => `[${cs}]`;
  const node = (ws: readonly string[], last: string): string => {
    const next = new Map<string, string[]>();
    let end = false;
    for (const w of ws) {
      if (w === '') end = true;
      else next.set(w[0]!, [...(next.get(w[0]!) ?? []), w.slice(1)]);
    }
    let others = [...CHARS].filter((c) => !next.has(c)).join('');
    const alts: string[] = [];
    if (noAdverb) {
      // After an `l`, a `y` may not end the token.
      if (last === 'l' && others.includes('y')) {
        alts.push(`y(?:${NOT_LY}|y)`);
        others = others.replace('y', '');
      }
      if (others.includes('l')) {
        alts.push(`l${REST_L}`);
        others = others.replace('l', '');
      }
    }
    if (others) alts.push(`${cls(others)}${ANY}`);
    for (const [c, rest] of [...next].sort()) alts.push(`${c}${node(rest, c)}`);
    if (!end && last !== '') alts.push('');
    return `(?:${alts.join('|')})`;
  };
  return node(words, '');
}

/**
 * Nouns that make a label naming the reader a document's title, not an address ("AI tooling
 * policy (SEC-POL-21): …", "Usage rules for AI assistants: …"): plain-requests.ts `NOT_DOCUMENT`,
 * multilingual-agent.ts `NOT_TITLE_HEAD`.
 */
export const DOCUMENT_NOUNS = [
  'policy',
  'policies',
  'guideline',
  'guidelines',
  'standard',
  'standards',
  'rules',
  'usage',
];

/** Keywords that define a function in the languages scanner snippets show (Python, JS, Go, Rust). */
const DEFINES = ['def', 'function', 'func', 'fn'];

/**
 * What may come before a name in the text view: the start or punctuation (then spaces), or an
 * identifier that is none of `words` (then spaces). RE2 has no lookbehind.
 */
export const notAfterWord = (words: readonly string[]): string =>
  `(?:(?:^|[^a-z0-9_\\s])\\s*|(?:^|[^a-z0-9_])${tokenExcept(words, false, true)}\\s+)`;

/** Negations and modals that make a following verb a description, not a request. */
export const NEGATIONS_AND_MODALS = [
  'not',
  'never',
  't',
  'cannot',
  'no',
  'nor',
  'would',
  'could',
  'might',
  'may',
  'can',
  'will',
  'shall',
  'does',
  'did',
];

/** Verbs that report a call made, before its tool's name. */
export const REPORTED_CALL = [
  'called',
  'invoked',
  'executed',
  'ran',
  'triggered',
  'used',
  'issued',
];

/**
 * What may come before a function name written as a call: anything but a definition keyword or a
 * verb reporting the call made. `def get_findings(self, …):` in a parser's source quoted by a
 * SARIF finding defines a function and calls nothing; "the assistant read 3302, then called
 * add_finding_tags(finding_id=3302, tags=[…]) without being asked" in a red-team report narrates
 * a call that was made, and so does a tally ("10:02:41 to 10:02:58 14 x close_finding
 * (false_p=true)" in an incident's timeline).
 */
export const NOT_DEFINED_OR_MADE = notAfterWord([...DEFINES, ...REPORTED_CALL, 'x']);

/**
 * The start of a call's argument list that passes a value (RE2, canonical text): a keyword
 * argument (`finding_id=5`, `finding_id: 5`), a number, a string, an object or a list, a variable
 * (`$id`), or all of them.
 */
export const CALL_ARGUMENT = `(?:[a-z_][a-z0-9_]*\\s*[=:]|[0-9"'{\\[$-]|(?:all|every|\\*)\\s*\\))`;

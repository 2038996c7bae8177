/**
 * Compiles rules (built-in + custom, with per-rule modes and disabled ids applied) into indexed
 * rule groups, one per view scope. Each rule is an RE2 program (re2js: linear time, no
 * backtracking), and a prefilter keyed by whole words (`anchors`) or substrings (`literals`)
 * decides which rules can possibly match a view, so ordinary text runs only a handful of them.
 *
 * Measured (bench:injection): RE2Set over all rules at once was 20-60x slower on short, varied
 * text than this, because its lazy DFA keeps building states for new inputs.
 */
import { RE2JS } from 're2js';
import {
  BUILTIN_PHRASE_RULES,
  BUILTIN_RULES,
  builtinRuleIds,
  type PhraseRule,
} from './rules/index.js';
import type { InjectionRule, RuleScope } from './rules/types.js';
import { canonicalForms, firstNonAsciiUnit, isAscii, rot13, wordsView } from './normalise.js';
import type { InjectionCustomRule } from './schema.js';
import { AnchorTrie, LiteralMatcher, type TermPass } from './anchors.js';
import { FlatNeeds, GateBuilder, holdsAt, takePrefilter, type Need } from './gate.js';
import { DfaTester, type Tester } from './dfa.js';
import { exactSetTree } from './exact-sets.js';
import { DEFAULT_PAIR_FLOOR, DEFAULT_SIGNAL_THRESHOLD, DEFAULT_THRESHOLD } from './ml/model.js';
import { AGENT_SIGNALS_RULE_ID, ML_RULE_ID } from './rules/types.js';
import { TOOL_CALL_RULE_IDS } from './rules/tool-rules.js';
import type { ArgExemption } from './paths.js';

/** The compiled, frozen form of the injection section. */
export interface CompiledInjection {
  mode: 'enforce' | 'shadow';
  rules: CompiledRules;
  /** Is a tools/call of this tool scanned (given the policy's mutation classification)? */
  scansTool(tool: string, isMutating: (tool: string) => boolean): boolean;
  /** Exempt argument paths of a tool or prompt, labelled `<id>:<path>`. */
  exemptionsFor(kind: 'tools' | 'prompts', name: string): readonly ArgExemption[];
  maxFieldLength: number;
  scanCombined: boolean;
  /** Tool names the policy names (for the tool-call rules, beside the upstream's catalog). */
  toolNames: readonly string[];
  /** The reading tools every role may call, which `tool_call.named_call` leaves out (detect.ts). */
  openTools: readonly string[];
  /** The scan-file argument of these tools: decoded and scanned when enabled, else exempt. */
  files: { tools: ReadonlySet<string>; argument: string; maxBytes: number; enabled: boolean };
}

/** A compiled rule: the data plus its RE2 program, and whether it runs on the ROT13 view. */
export interface CompiledRule {
  readonly rule: InjectionRule;
  /** The rule's RE2 program, tested through a flat DFA table (dfa.ts). */
  readonly re: Tester;
  readonly onRot13: boolean;
  /** Literals a match needs (gate.ts); `true` when nothing is known. */
  readonly need: Need;
  /** Offset of `need` in its group's flat formulas (gate.ts FlatNeeds); -1 when it is `true`. */
  readonly needAt: number;
  /** Position among its group's compiled rules (the group's per-view bookkeeping arrays). */
  readonly index: number;
}

/**
 * A rule to try, and (for anchored rules) the offsets of its anchors in the view: one ascending
 * list per anchor word, shared between the rules of that word (so windows are computed once).
 */
export interface Candidate {
  readonly c: CompiledRule;
  readonly at: number[][] | undefined;
}

/** One scope's rules, indexed for prefiltering. */
export interface RuleGroup {
  readonly rules: readonly InjectionRule[];
  /** Rules whose prefilter admits `view`, with the offsets of their anchors in it. */
  candidates(view: string): Candidate[];
  /** The group's anchor and literal pass, to share a walk with another group (anchors.ts scanPair). */
  readonly pass: TermPass;
  /**
   * `candidates(view)` when `pass` already ran over `view` and found `n` anchors (no other pass
   * of this group since).
   */
  candidatesAfterPass(view: string, n: number): Candidate[];
  /**
   * False only if no rule can match the view made of the units of `view` that `keep` marks (the
   * squashed view): lets the caller skip building that view when its literals are absent.
   */
  mayMatchKept(view: string, keep: Uint8Array): boolean;
}

export interface CompiledRules {
  readonly text: RuleGroup;
  readonly words: RuleGroup;
  readonly squashed: RuleGroup;
  /** Mode of the synthetic `persona.weak_signals` rule, or undefined when disabled. */
  readonly weakMode: 'enforce' | 'shadow' | undefined;
  /** Mode of the synthetic `agent.weak_signals` rule, or undefined when disabled. */
  readonly agentSignalsMode: 'enforce' | 'shadow' | undefined;
  /** The learned scorer `ml.v1` (src/guards/injection/ml/), or undefined when disabled. */
  readonly ml:
    | {
        readonly mode: 'enforce' | 'shadow';
        readonly threshold: number;
        /** The score at which it hits when the text also carries an agent signal. */
        readonly signalThreshold: number;
        /** The score below which it vetoes an `agent.weak_signals` hit (0: never). */
        readonly pairFloor: number;
      }
    | undefined;
  /** RuleOptions.fastPaths: false only in the tests comparing scan.ts's fast paths with this. */
  readonly fastPaths: boolean;
  /**
   * `rule_modes` / `disabled_rules` of the `tool_call.*` rules, which are built per tool list
   * (scan.ts toolRulesFor): id → mode, `off` when disabled; ids the policy leaves alone are absent.
   */
  readonly toolCallModes: Readonly<Record<string, 'enforce' | 'shadow' | 'off'>>;
}

export interface RuleOptions {
  customRules?: readonly InjectionCustomRule[];
  ruleModes?: Readonly<Record<string, 'enforce' | 'shadow'>>;
  disabledRules?: readonly string[];
  /** Learned scorer settings (policy `injection.ml`); absent = on at the model's threshold. */
  ml?: { enabled: boolean; threshold?: number; signal_threshold?: number; pair_floor?: number };
  /** Built-in rules for one use beside the shared set (rules/tool-descriptions.ts). */
  extraRules?: readonly InjectionRule[];
  /** See GroupOptions.gate (on unless false). */
  gate?: boolean;
  /**
   * The scanner's shortcuts (scan.ts: agent signals tested only when they can pair up, the text
   * and words prefilter passes in one walk); on unless false. Off only in
   * test/injection/speed-parity.test.ts, which compares the two.
   */
  fastPaths?: boolean;
}

/** Turns literal phrases into a words-scope pattern, normalised exactly like scanned text. */
export function phrasesToPattern(phrases: readonly string[]): string {
  const quoted = phrases
    .flatMap((p) => canonicalForms(p).map(wordsView))
    .filter((p) => p.length > 0)
    .map((p) => RE2JS.quote(p));
  return `(?:${quoted.join('|')})`;
}

/** Any UTF-16 unit above 0x7f: one character class, so V8's native scan, no backtracking. */
const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The prefilter of a group's non-ASCII rules (`nonAscii`): they run only on a view holding a
 * non-ASCII unit from the union of their `phrasesFirstUnits` (any non-ASCII unit if one declares
 * none), and a rule whose units are exact (`firstUnitsExact`: a phrase list) only if one of its
 * own occurs too. One pass over the view's non-ASCII units answers for all of them.
 *
 * No combined RE2 program of all the rules: its lazy DFA (hundreds of phrases in many scripts)
 * kept outgrowing its memory budget on multilingual text and rebuilt its states over and over,
 * which cost more than running the rules one by one (each rule's own DFA stays small).
 */
class NonAsciiPrefilter {
  /** Non-ASCII units of the group's union (all of them when the union is empty). */
  private readonly first = new Uint8Array(0x10000);
  /** Unit → 1 + index of its entry in `slotsOf`'s lists (0: no exact rule keyed on it). */
  private readonly slot: Uint16Array | undefined;
  /** Per exact rule (by position in the group's non-ASCII list): its slots; undefined otherwise. */
  private readonly slotsOf: ReadonlyArray<readonly number[] | undefined>;
  /** Slot k occurred in the last pass iff seen[k] === stamp. */
  private readonly seen: Uint32Array;
  private stamp = 0;

  /** @param exact use `firstUnitsExact` (off only with the gate, to test it never hides a hit) */
  constructor(rules: readonly InjectionRule[], exact: boolean) {
    const union = new Set<number>();
    for (const r of rules) for (const u of r.phrasesFirstUnits ?? []) union.add(u);
    // A rule that declares no units may need any one: then every non-ASCII unit opens the gate.
    if (rules.some((r) => !r.phrasesFirstUnits?.length)) this.first.fill(1, 0x80);
    else for (const u of union) if (u > 0x7f && u <= 0xffff) this.first[u] = 1;
    const slots = new Map<number, number>();
    this.slotsOf = rules.map((r) => {
      const units = r.phrasesFirstUnits ?? [];
      if (
        !exact ||
        !r.firstUnitsExact ||
        units.length === 0 ||
        units.some((u) => u <= 0x7f || u > 0xffff)
      )
        return undefined;
      return units.map((u) => {
        let k = slots.get(u);
        if (k === undefined) slots.set(u, (k = slots.size));
        return k;
      });
    });
    this.seen = new Uint32Array(slots.size);
    if (slots.size > 0) {
      this.slot = new Uint16Array(0x10000);
      for (const [u, k] of slots) this.slot[u] = k + 1;
    }
  }

  /**
   * Marks which rules may match `view`: false if none can, else `mayRun(i)` tells for rule i
   * (until the next pass).
   */
  pass(view: string): boolean {
    // Most views are ASCII: the native test spares them the loop below.
    if (!NON_ASCII.test(view)) return false;
    const first = this.first;
    const slot = this.slot;
    if (slot === undefined) {
      for (let i = 0; i < view.length; i++) if (first[view.charCodeAt(i)] === 1) return true;
      return false;
    }
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 0;
    }
    const now = ++this.stamp;
    const seen = this.seen;
    let any = false;
    for (let i = 0; i < view.length; i++) {
      const c = view.charCodeAt(i);
      if (c <= 0x7f) continue;
      if (first[c] === 1) any = true;
      const k = slot[c]!;
      if (k !== 0) seen[k - 1] = now;
    }
    return any;
  }

  /** After a `pass` that returned true: may rule i (position in the group's list) match? */
  mayRun(i: number): boolean {
    const slots = this.slotsOf[i];
    if (slots === undefined) return true;
    for (const k of slots) if (this.seen[k] === this.stamp) return true;
    return false;
  }
}

/**
 * The anchor of a phrase: its longest word (the last of equals). Every word of a phrase occurs
 * whole in its match, and a long word is rarer than a first word such as `le`, `si` or `the`,
 * which would wake the rule on most texts.
 */
function rarestWord(phrase: string): string {
  let best = '';
  for (const w of phrase.split(' ')) if (w.length >= best.length) best = w;
  return best;
}

/**
 * A phrase rule becomes up to two pattern rules with the same id: the phrases that normalise to
 * ASCII, anchored on their longest word (so they run only near it), and the others, which run
 * only on views holding non-ASCII text.
 */
function fromPhrase(rule: PhraseRule): InjectionRule[] {
  const { phrases, ...rest } = rule;
  const norm = [...new Set(phrases.flatMap((p) => canonicalForms(p).map(wordsView)))].filter(
    (p) => p.length > 0,
  );
  const ascii = norm.filter(isAscii);
  const other = norm.filter((p) => !isAscii(p));
  const out: InjectionRule[] = [];
  if (ascii.length > 0)
    out.push({
      ...rest,
      scope: 'words',
      pattern: `\\b${phrasesToPattern(ascii)}\\b`,
      anchors: [...new Set(ascii.map(rarestWord))],
    });
  if (other.length > 0)
    out.push({
      ...rest,
      scope: 'words',
      pattern: phrasesToPattern(other),
      nonAscii: true,
      // Each phrase's first non-ASCII unit: the gate below only looks at non-ASCII units, so a
      // phrase starting with ASCII ('aiアシスタントへ') is keyed on the first one it has.
      phrasesFirstUnits: [...new Set(other.map(firstNonAsciiUnit))],
      firstUnitsExact: true,
    });
  return out;
}

function fromCustom(rule: InjectionCustomRule): InjectionRule[] {
  if (rule.phrases)
    return fromPhrase({ id: rule.id, family: rule.family, mode: rule.mode, phrases: rule.phrases });
  return [
    {
      id: rule.id,
      family: rule.family,
      mode: rule.mode,
      scope: rule.scope,
      pattern: rule.pattern!,
    },
  ];
}

/**
 * Compiled programs by pattern, shared by every rule set of the process: a pattern is the same
 * language wherever it appears, and a DfaTester's tables are a cache of re2js's answers for it.
 * Without this, the tool-description set (scan.ts `toolDescriptionRules`: the built-in rules, one
 * off, four added) and a policy that customises the set compiled every program again: the
 * description set took 43.6 MB of heap and ~1.1 s beside the built-in set's 48 MB; sharing them,
 * 4.8 MB and ~0.3 s. Capped, so policy reloads with ever new custom
 * patterns cannot grow it without bound (past the cap a pattern is compiled for its set alone).
 */
const PROGRAMS = new Map<string, { re: Tester; tree: unknown }>();
const MAX_PROGRAMS = 4096;

function compileOne(rule: InjectionRule): { re: Tester; tree: unknown } {
  const known = PROGRAMS.get(rule.pattern);
  if (known) return known;
  const compiled = compileProgram(rule);
  if (PROGRAMS.size < MAX_PROGRAMS) PROGRAMS.set(rule.pattern, compiled);
  return compiled;
}

function compileProgram(rule: InjectionRule): { re: Tester; tree: unknown } {
  let tree: unknown;
  try {
    // Parses the pattern as RE2JS.compile does (a built-in one was parsed by the build: its tree is
    // read from the table, exact-sets.ts): an invalid one fails here, at policy load.
    tree = exactSetTree(rule.pattern);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new Error(`injection rule ${rule.id}: invalid RE2 pattern: ${msg}`);
  }
  // The program itself is made on the rule's first test (dfa.ts DfaTester): most rules are never
  // tried by a process, and making all ~700 was a third of a proxy's start.
  const make = (): RE2JS => {
    const re = RE2JS.compile(rule.pattern);
    // re2js's own prefilter would scan the view before every run: the group's literal pass does
    // that for all rules at once, from the finer exact-set condition (exact-sets.ts).
    takePrefilter(re);
    return re;
  };
  return { re: new DfaTester(make), tree };
}

export interface GroupOptions {
  /**
   * The combined gate (gate.ts): skip candidate rules whose literals are absent, and non-ASCII
   * phrase rules whose own first units are absent (NonAsciiPrefilter). Off only in
   * the test that proves it never hides a hit (test/injection/gate.test.ts).
   */
  gate?: boolean;
}

/**
 * Builds a rule group. Throws (at policy load, never per request) if a pattern is not valid RE2.
 * Rules flagged `rot13` are indexed a second time under the ROT13 of their anchors, so ROT13 text
 * costs nothing unless it holds an encoded anchor.
 */
export function buildGroup(rules: readonly InjectionRule[], opts: GroupOptions = {}): RuleGroup {
  const useGate = opts.gate !== false;
  const always: CompiledRule[] = [];
  const nonAscii: CompiledRule[] = [];
  const byWord = new Map<string, CompiledRule[]>();
  // The `literals` prefilter: literal index (in the gate's list) → its rules.
  const byLiteral: CompiledRule[][] = [];
  const gate = new GateBuilder();
  // The formulas of rules tried on the ROT13 of a view have literals of their own (the ROT13 of
  // the rule's), which ordinary text seldom needs: they are kept out of the shared pass (a third
  // of the text group's literals and nearly half of the words group's, whose tables were read
  // at nearly every character) and marked by a pass of their own, run only for a view where such
  // a candidate turns up (ROT13 anchors: ~0.4 % of views).
  const rotGate = new GateBuilder();
  // Both builders' formulas, flattened (their literal indices are each builder's own).
  const flat = new FlatNeeds();
  const add = (word: string, c: CompiledRule): void => {
    const list = byWord.get(word) ?? [];
    list.push(c);
    byWord.set(word, list);
  };
  let count = 0;
  for (const rule of rules) {
    const { re, tree } = compileOne(rule);
    const need = useGate ? gate.need(tree) : true;
    const variants: CompiledRule[] = [
      { rule, re, onRot13: false, need, needAt: flat.add(need), index: count++ },
    ];
    if (rule.rot13) {
      const rotNeed = useGate ? rotGate.need(tree, rot13) : true;
      variants.push({
        rule,
        re,
        onRot13: true,
        need: rotNeed,
        needAt: flat.add(rotNeed),
        index: count++,
      });
    }
    for (const c of variants) {
      const enc = c.onRot13 ? rot13 : (s: string): string => s;
      if (rule.nonAscii) {
        if (!c.onRot13) nonAscii.push(c);
        continue;
      }
      if (!rule.anchors && !rule.literals) {
        if (!c.onRot13) always.push(c);
        continue;
      }
      for (const a of rule.anchors ?? []) add(enc(a), c);
      for (const l of rule.literals ?? []) (byLiteral[gate.literal(enc(l))] ??= []).push(c);
    }
  }
  const needCode = flat.code();
  const trie = new AnchorTrie(byWord.keys());
  // The rules of each anchor, by its index in the trie (no string lookup per view).
  const byTerm = trie.words.map((w) => byWord.get(w)!);
  // One automaton for the `literals` prefilter and the gate's literals, run in the trie's pass.
  const literals = gate.literals.length > 0 ? new LiteralMatcher(gate.literals) : undefined;
  const rotLiterals =
    rotGate.literals.length > 0 ? new LiteralMatcher(rotGate.literals) : undefined;
  // Read for every literal found in every view: a dense copy (filled at scattered indices, the
  // words group's array fell into V8's dictionary mode, a hash lookup per read).
  const rulesOfLiteral: ReadonlyArray<readonly CompiledRule[] | undefined> = Array.from(
    gate.literals,
    (_, k) => byLiteral[k],
  );
  // The squashed view is built only if a `literals` prefilter literal occurs in its letters.
  const kept =
    byLiteral.length > 0
      ? new LiteralMatcher(gate.literals.filter((_, k) => byLiteral[k] !== undefined))
      : undefined;
  // Rules without a prefilter (e.g. the multilingual phrase lists) share one combined gate
  // program: only when it matches are they tried one by one.
  const alwaysGate =
    always.length > 1
      ? RE2JS.compile(always.map((c) => `(?:${c.rule.pattern})`).join('|'))
      : undefined;
  // Non-ASCII phrases can only match where one of their first characters occurs.
  const nonAsciiGate =
    nonAscii.length > 0
      ? new NonAsciiPrefilter(
          nonAscii.map((c) => c.rule),
          useGate,
        )
      : undefined;
  const needsView = always.length > 0 || nonAscii.length > 0 || byWord.size > 0;
  // Per-view bookkeeping without a Map: rule i is a candidate of the current call iff
  // picked[i] === stamp, with its anchor offset lists in at[i] (undefined: the whole view).
  const picked = new Uint32Array(count);
  const at: Array<number[][] | undefined> = new Array<undefined>(count).fill(undefined);
  let stamp = 0;
  /** Candidates of `view`; `passed`: anchors found by a pass already run over it, -1 if none ran. */
  function pick(view: string, passed: number): Candidate[] {
    if (stamp === 0xffffffff) {
      picked.fill(0);
      stamp = 0;
    }
    const now = ++stamp;
    // Candidates in the order first picked (the first enforced hit names the verdict).
    const order: CompiledRule[] = [];
    const whole = (c: CompiledRule): void => {
      if (picked[c.index] !== now) {
        picked[c.index] = now;
        order.push(c);
      }
      at[c.index] = undefined;
    };
    if (!alwaysGate || alwaysGate.test(view)) for (const c of always) whole(c);
    if (nonAsciiGate?.pass(view))
      for (let i = 0; i < nonAscii.length; i++) if (nonAsciiGate.mayRun(i)) whole(nonAscii[i]!);
    if (byWord.size > 0) {
      const n = passed >= 0 ? passed : trie.scanTerms(view, literals);
      for (let j = 0; j < n; j++) {
        const t = trie.foundTerms[j]!;
        const offsets = trie.offsets[t]!;
        for (const c of byTerm[t]!) {
          if (picked[c.index] !== now) {
            picked[c.index] = now;
            order.push(c);
            at[c.index] = [offsets];
          } else at[c.index]?.push(offsets);
        }
      }
    } else if (passed < 0) literals?.mark(view);
    // A literal hit means "anywhere": the rule then runs on the whole view.
    if (literals && byLiteral.length > 0)
      for (let i = 0; i < literals.nFound; i++) {
        const list = rulesOfLiteral[literals.found[i]!];
        if (list !== undefined) for (const c of list) whole(c);
      }
    const list: Candidate[] = [];
    let rotMarked = false;
    for (const c of order) {
      if (c.needAt >= 0) {
        const lits = c.onRot13 ? rotLiterals! : literals!;
        if (c.onRot13 && !rotMarked) {
          lits.mark(view);
          rotMarked = true;
        }
        if (!holdsAt(needCode, c.needAt, lits.seen, lits.stampOf())) continue;
      }
      list.push({ c, at: at[c.index] });
    }
    return list;
  }

  return {
    rules,
    mayMatchKept(view: string, keep: Uint8Array): boolean {
      if (needsView) return true;
      return kept !== undefined && kept.anyInKept(view, keep);
    },
    pass: { trie, literals },
    candidates(view: string): Candidate[] {
      return pick(view, -1);
    },
    candidatesAfterPass(view: string, n: number): Candidate[] {
      return pick(view, n);
    },
  };
}

/** True when `opts` compile exactly the built-in rule set (nothing custom, moded or disabled). */
export function isBuiltinRuleSet(opts: RuleOptions): boolean {
  return (
    !opts.customRules?.length &&
    !opts.extraRules?.length &&
    Object.keys(opts.ruleModes ?? {}).length === 0 &&
    !opts.disabledRules?.length &&
    opts.ml?.enabled !== false &&
    (opts.ml?.threshold ?? DEFAULT_THRESHOLD) === DEFAULT_THRESHOLD &&
    (opts.ml?.signal_threshold ?? DEFAULT_SIGNAL_THRESHOLD) === DEFAULT_SIGNAL_THRESHOLD &&
    (opts.ml?.pair_floor ?? DEFAULT_PAIR_FLOOR) === DEFAULT_PAIR_FLOOR &&
    opts.gate !== false &&
    opts.fastPaths !== false
  );
}

let builtin: CompiledRules | undefined;

/**
 * The built-in rule set, compiled once per process: its RE2 programs hold ~11 MB, and the policy's
 * filter, the read-side scan and `scan-text` all use the same set unless a policy customises it
 * (`npm run bench -- --idle-only` measures what it saves). Tool descriptions are judged with a set
 * of their own (scan.ts `toolDescriptionRules`).
 */
export function builtinRules(): CompiledRules {
  return (builtin ??= compileRules());
}

/**
 * Compiles the built-in rules plus the policy's custom rules, applying `rule_modes` and
 * `disabled_rules` (custom rule ids must not collide with built-in ones; the policy schema,
 * schema.ts, refuses a mode or a disabled id that names no rule).
 */
export function compileRules(opts: RuleOptions = {}): CompiledRules {
  const disabled = new Set(opts.disabledRules ?? []);
  const modes = opts.ruleModes ?? {};
  const builtin = [
    ...BUILTIN_RULES,
    ...BUILTIN_PHRASE_RULES.flatMap(fromPhrase),
    ...(opts.extraRules ?? []),
  ];
  const ids = builtinRuleIds();
  for (const r of opts.extraRules ?? []) ids.add(r.id);
  const custom = (opts.customRules ?? []).flatMap((r) => {
    if (ids.has(r.id))
      throw new Error(`custom injection rule id ${r.id} collides with a built-in rule`);
    ids.add(r.id);
    return fromCustom(r);
  });
  const toolCallModes: Record<string, 'enforce' | 'shadow' | 'off'> = {};
  for (const id of TOOL_CALL_RULE_IDS)
    if (disabled.has(id)) toolCallModes[id] = 'off';
    else if (modes[id]) toolCallModes[id] = modes[id];
  const all = [...builtin, ...custom]
    .filter((r) => !disabled.has(r.id))
    .map((r) => ({ ...r, mode: modes[r.id] ?? r.mode }));
  const scoped = (scope: RuleScope): InjectionRule[] => all.filter((r) => r.scope === scope);
  return {
    text: buildGroup(scoped('text'), { gate: opts.gate }),
    words: buildGroup(scoped('words'), { gate: opts.gate }),
    squashed: buildGroup(scoped('squashed'), { gate: opts.gate }),
    weakMode: disabled.has('persona.weak_signals')
      ? undefined
      : (modes['persona.weak_signals'] ?? 'enforce'),
    agentSignalsMode: disabled.has(AGENT_SIGNALS_RULE_ID)
      ? undefined
      : (modes[AGENT_SIGNALS_RULE_ID] ?? 'enforce'),
    ml:
      disabled.has(ML_RULE_ID) || opts.ml?.enabled === false
        ? undefined
        : {
            mode: modes[ML_RULE_ID] ?? 'enforce',
            threshold: opts.ml?.threshold ?? DEFAULT_THRESHOLD,
            signalThreshold: opts.ml?.signal_threshold ?? DEFAULT_SIGNAL_THRESHOLD,
            pairFloor: opts.ml?.pair_floor ?? DEFAULT_PAIR_FLOOR,
          },
    fastPaths: opts.fastPaths !== false,
    toolCallModes,
  };
}

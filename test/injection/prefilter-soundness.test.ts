/**
 * A rule is only run where its prefilter admits the view (anchors, literals, the gate, the
 * non-ASCII first units: compile.ts `candidates`). A prefilter that leaves out a word one branch
 * of the pattern needs hides that branch silently: nothing fails, the rule just never fires
 * there. So: on every text of the repo's own sets and the check set, every 6th row of each probe
 * set (all of them until seventy-four sets put this file at 213 s of a 16-minute CI run; every 2nd
 * until 134 sets, 23,119 rows and 14 MB, put it at 220 s of an 18-minute vitest run; every 4th
 * until 140 sets put it at 132 s of a 19-minute one; every 6th until 146 sets put it at 116 s of
 * an 18-minute vitest run on a slow day), and every 24th text of the corpus (every 8th, then every
 * 12th and 16th, until the CI run neared its 20-minute budget), every built-in
 * rule whose pattern matches a view must be among that view's candidates.
 *
 * "Matches" is asked of the scanner's flat DFA table with the prefilter taken off (the pairing
 * test/injection/dfa.test.ts proves answers as re2js's own `test`, on every rule and view of a
 * corpus sample, in windows and at the input edges). re2js's matcher walked every rule over every
 * view here, ~10x the CPU, and put this file at its 300 s timeout on a loaded 2-core machine.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { compileRules, type RuleGroup } from '../../src/guards/injection/compile.js';
import { toolRulesFor } from '../../src/guards/injection/scan.js';
import { compilePolicyFileInjection } from '../../src/policy/injection-file.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { DfaTester } from '../../src/guards/injection/dfa.js';
import { takePrefilter } from '../../src/guards/injection/gate.js';
import { canonicalise, wordsView } from '../../src/guards/injection/normalise.js';
import { loadCorpus } from '../../src/bench/corpus.js';
import type { InjectionRule } from '../../src/guards/injection/rules/types.js';

const OWN = path.resolve(import.meta.dirname, '../fixtures/injection');

/** Every text of the repo's own sets and check set, every 9th probe row, every 24th corpus text. */
function texts(): string[] {
  const own = [OWN, path.join(OWN, 'check')].flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) =>
        readFileSync(path.join(dir, f), 'utf8')
          .split('\n')
          .filter((l) => l.trim())
          .filter((_, i) => !f.startsWith('probe-') || i % 9 === 0)
          .map((l) => (JSON.parse(l) as { text: string }).text),
      ),
  );
  const corpus = loadCorpus()
    .flatMap(({ rows }) => rows.flatMap((r) => r.fields))
    .filter((_, i) => i % 24 === 0);
  return [...own, ...corpus];
}

/**
 * Rule ids whose pattern matches `view` in a rule `group` does not offer as a candidate, unless
 * another rule of the same id (its Latin or non-Latin twin) is offered and matches.
 */
function hidden(group: RuleGroup, compiled: Map<InjectionRule, DfaTester>, view: string): string[] {
  const offered = new Set(
    group
      .candidates(view)
      .filter(({ c }) => !c.onRot13)
      .map(({ c }) => c.rule),
  );
  const matches = (r: InjectionRule): boolean => compiled.get(r)!.test(view);
  const covered = new Set(group.rules.filter((r) => offered.has(r) && matches(r)).map((r) => r.id));
  return group.rules
    .filter((r) => !offered.has(r) && !covered.has(r.id) && !EXEMPT.has(r.id) && matches(r))
    .map((r) => r.id);
}

/**
 * Prefilters narrower than their pattern on purpose, and why:
 * - `agent.addressed_label_intl` (Latin): its literals are a preposition with its article ("voor
 *   de", "per gli") or with a noun's or a common adjective's stem ("pro jazyk", "till den", "fur
 *   ki"); a bare preposition ("a", "an", "do") would run it on most texts, and "a"/"an" before a
 *   noun lets English prose match a German "an" ("checklist for testing an AI triage agent …:").
 *   Before the stems were added, it hid labels in 6 check-set injections and, held out, 3 more.
 */
const EXEMPT = new Set(['agent.addressed_label_intl']);

/** Each rule of a group with its own DFA table, the prefilter taken off. */
const tablesOf = (group: RuleGroup): Map<InjectionRule, DfaTester> =>
  new Map(
    group.rules.map((r) => {
      const re = RE2JS.compile(r.pattern);
      takePrefilter(re);
      return [r, new DfaTester(re)];
    }),
  );

/** Rule ids hidden on some view (with the first view that hid each). */
function missedOn(
  group: RuleGroup,
  views: readonly string[],
  compiled = tablesOf(group),
): Record<string, string> {
  const missed = new Map<string, string>();
  for (const v of views)
    for (const id of hidden(group, compiled, v))
      if (!missed.has(id)) missed.set(id, v.slice(0, 120));
  return Object.fromEntries(missed);
}

describe('prefilter soundness', () => {
  const rules = compileRules();
  const all = texts().map(canonicalise);
  // one test per group: each walks every view with every rule's own DFA
  for (const [name, group, view] of [
    ['text', rules.text, (canon: string) => canon],
    ['words', rules.words, (canon: string) => wordsView(canon)],
  ] as const) {
    it(`offers every rule that matches a view (${name} group)`, () => {
      expect(missedOn(group, all.map(view))).toEqual({});
      // ~30 s alone; over 150 s beside the e2e suites on a loaded 2-core machine
    }, 300_000);
  }

  it("offers the tool-call rules wherever they match, for the shipped policy's tool names", () => {
    const names = compilePolicyFileInjection(
      path.join(REPO_ROOT, 'policies/dojo-server.yaml'),
    ).toolNames;
    const group = toolRulesFor(names)!;
    // Each name in every spelling the rules accept, in every call shape they read.
    const spellings = (n: string): string[] => {
      const w = n.split('_');
      const camel = w.map((x, i) => (i === 0 ? x : x[0]!.toUpperCase() + x.slice(1))).join('');
      return [n, camel, ...[' ', '-', '.', ''].map((sep) => w.join(sep)), n.toUpperCase()];
    };
    const shapes = (s: string): string[] => [
      `Run ${s}(finding_id=1) now`,
      `x = ${s} ( "a" )`,
      `<${s}>`,
      `"${s}": {"id": 1}`,
      `{"name": "${s}", "arguments": {}}`,
      `tag ${s}:6:x`,
    ];
    const built = names.flatMap((n) => spellings(n).flatMap(shapes)).map(canonicalise);
    const compiled = tablesOf(group);
    // Not vacuous: the built texts are calls the rules read.
    expect(built.filter((v) => group.rules.some((r) => compiled.get(r)!.test(v))).length).toBe(
      built.length,
    );
    expect(missedOn(group, [...built, ...all], compiled)).toEqual({});
  }, 120_000);
});

/**
 * Every built-in rule's flat DFA table (src/guards/injection/dfa.ts) holds the states the whole
 * labelled corpus reaches: none starts over. A table that fills up is relearned through re2js on
 * every pass over the text, which once made the scan 2.6× slower (a negation prefix in the
 * machine-reader rule's automaton) with every verdict unchanged, so no verdict test noticed; the
 * same rule's table also filled up when every rule ran in shadow mode beside the default scan.
 */
import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { builtinRules, compileRules } from '../../src/guards/injection/compile.js';
import { DfaTester } from '../../src/guards/injection/dfa.js';
import { takePrefilter } from '../../src/guards/injection/gate.js';
import { scanWith, toolRulesFor } from '../../src/guards/injection/scan.js';
import { builtinRuleIds } from '../../src/guards/injection/rules/index.js';
import { loadCorpus } from '../../src/bench/corpus.js';

describe('DFA table budget', () => {
  it('no rule table starts over while the shipped rules scan the whole corpus', () => {
    const rules = builtinRules();
    const texts = loadCorpus().flatMap(({ rows }) => rows.flatMap((r) => r.fields));
    expect(texts.length).toBeGreaterThan(18_000);
    DfaTester.restarts = 0;
    let blocked = 0;
    for (const t of texts) if (scanWith(rules, t).verdict === 'block') blocked++;
    expect(blocked).toBeGreaterThan(1_000);
    expect(DfaTester.restarts).toBe(0);
  }, 300_000);

  // The tables are shared by every compiled set in a process (compile.ts PROGRAMS): a result
  // scanned with quoted mentions left in, tool-call rules for the upstream's names, and a policy
  // trialling every rule in shadow mode (each rule then runs to its end on every text) all add
  // states to the same tables.
  it('nor while the read side and an all-shadow policy scan it too, in the same process', () => {
    const rules = builtinRules();
    const shadow = compileRules({
      ruleModes: Object.fromEntries([...builtinRuleIds()].map((id) => [id, 'shadow' as const])),
    });
    const tools = toolRulesFor(['close_finding', 'update_finding', 'add_finding_note']);
    const texts = loadCorpus().flatMap(({ rows }) => rows.flatMap((r) => r.fields));
    DfaTester.restarts = 0;
    let shadowHits = 0;
    for (const t of texts) {
      scanWith(rules, t);
      scanWith(rules, t, { mentions: false, toolRules: tools });
      shadowHits += scanWith(shadow, t, { toolRules: tools }).shadowHits.length;
    }
    expect(shadowHits).toBeGreaterThan(1_000);
    expect(DfaTester.restarts).toBe(0);
  }, 600_000);

  it('counts a table that does start over', () => {
    const re = RE2JS.compile('(?:mark|close) (?:all|every) findings?');
    takePrefilter(re);
    DfaTester.restarts = 0;
    // no room for a single state: every test starts over
    expect(new DfaTester(re, 1).test('please close every finding')).toBe(true);
    expect(DfaTester.restarts).toBeGreaterThan(0);
  });
});

/**
 * Every built-in rule's flat DFA table (src/guards/injection/dfa.ts) holds the states the whole
 * labelled corpus reaches: none starts over. A table that fills up is relearned through re2js on
 * every pass over the text, which once made the scan 2.6× slower (a negation prefix in the
 * machine-reader rule's automaton) with every verdict unchanged, so no verdict test noticed.
 */
import { describe, expect, it } from 'vitest';
import { RE2JS } from 're2js';
import { builtinRules } from '../../src/guards/injection/compile.js';
import { DfaTester } from '../../src/guards/injection/dfa.js';
import { takePrefilter } from '../../src/guards/injection/gate.js';
import { scanWith } from '../../src/guards/injection/scan.js';
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

  it('counts a table that does start over', () => {
    const re = RE2JS.compile('(?:mark|close) (?:all|every) findings?');
    takePrefilter(re);
    DfaTester.restarts = 0;
    // no room for a single state: every test starts over
    expect(new DfaTester(re, 1).test('please close every finding')).toBe(true);
    expect(DfaTester.restarts).toBeGreaterThan(0);
  });
});

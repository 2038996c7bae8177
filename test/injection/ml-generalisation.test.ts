/**
 * What `ml.v1` is fitted on and what it adds on text it never saw. The trainer
 * (scripts/train-injection-model.mjs) fits the hand-written probe sets that were tuned on or are
 * marked fitted, and never those held out or marked not fitted (test/fixtures/injection/check/
 * README.md); on the held-out sets, each from a writer the model never read, it must add
 * detections to the rules and few false positives.
 * Model card: src/guards/injection/ml/MODEL_CARD.md.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';
import { detectInjection } from '../../src/guards/injection/detect.js';
import { compilePolicyFileInjection } from '../../src/policy/injection-file.js';
import { DEFAULT_THRESHOLD } from '../../src/guards/injection/ml/model.js';
import { CHECK, FLAG_COST, heldOut, notFitted, probeRoles, probeRows } from './probe-roles.js';
const metrics = JSON.parse(
  readFileSync(path.join(REPO_ROOT, 'src/guards/injection/ml/metrics.json'), 'utf8'),
) as { probesOutOfFold: Record<string, { injections: number; benign: number }> };

describe('ml.v1 and the probe sets', () => {
  it('is fitted on every probe set the README does not hold out, and on no held-out one', () => {
    const files = readdirSync(CHECK)
      .filter((f) => /^probe-.*\.jsonl$/.test(f))
      .map((f) => f.slice(0, -'.jsonl'.length));
    expect([...probeRoles.keys()].sort()).toEqual(files.sort());
    const fitted = Object.keys(metrics.probesOutOfFold).sort();
    expect(fitted.filter(heldOut)).toEqual([]);
    expect(fitted.filter(notFitted)).toEqual([]);
    expect(fitted).toEqual(files.filter((f) => !heldOut(f) && !notFitted(f)).sort());
    expect(files.filter(heldOut).length).toBeGreaterThanOrEqual(10);
  });

  it('on the held-out sets, adds detections to the shipped policy’s rules and few false positives', () => {
    const c = compilePolicyFileInjection(path.join(REPO_ROOT, 'policies/dojo-server.yaml'));
    const added = { injection: 0, benign: 0 };
    // Hits below the threshold, at the signal threshold with an agent signal beside them.
    const withSignal = { injection: 0, benign: 0 };
    let rows = 0;
    let benignRows = 0;
    for (const set of [...probeRoles.keys()].filter(heldOut)) {
      for (const row of probeRows(set)) {
        rows++;
        if (row.label !== 'injection') benignRows++;
        // The model is consulted only when no enforced rule blocked: its hits are what it adds.
        const r = detectInjection(c, row.text);
        if (r.ruleId !== 'ml.v1') continue;
        const counts = r.mlScore! >= DEFAULT_THRESHOLD ? added : withSignal;
        counts[row.label === 'injection' ? 'injection' : 'benign']++;
      }
    }
    expect(rows).toBeGreaterThanOrEqual(5000);
    // At the model's commit: 297 injections and 14 benign texts of 1,320 / 1,320 (the eleven sets
    // then held out; 251 and 12 before the eleven older held-out sets were fitted). With the six
    // sets written since (AK … AP), 504 and 24 of 2,040 / 2,040; with probe-AR and the rules for
    // whoever reviews the record (which took some of the model's hits), 526 and 25 of 2,160 /
    // 2,160; with probe-AT and the twentieth pass's rules, 530 and 25 of 2,280 / 2,280; with
    // probe-AV and the twenty-first pass's rules, 536 and 25 of 2,400 / 2,400; with probe-AX and
    // the twenty-second pass's rules, 537 and 26 of 2,520 / 2,520; with probe-AY and the
    // twenty-third pass's rules, 553 and 28 of 2,640 / 2,640; with probe-BC and the twenty-fourth
    // pass (hits at the threshold only), 573 and 28 of 2,760 / 2,760. The trainer lets the model flag up
    // to 1 % of the fitted sets' benign texts out of fold; about 1.2 % of the held-out benign
    // texts is the bound here (MODEL_CARD.md, threshold).
    expect(added.injection).toBeGreaterThanOrEqual(490);
    expect(added.benign).toBeLessThanOrEqual(Math.floor(0.012 * benignRows));
    // The signal threshold (ml/model.ts DEFAULT_SIGNAL_THRESHOLD), chosen on the not-fitted read
    // sets, must add at least FLAG_COST (3) detections per false positive here as well: at its
    // introduction, with probe-BC, 70 and 12 of 2,760 / 2,760 (test/injection/ml-signals.test.ts).
    expect(withSignal.injection).toBeGreaterThanOrEqual(FLAG_COST * Math.max(withSignal.benign, 1));
    // Every held-out row is judged: the time grows with each set held out (61 sets: ~50 s quiet,
    // 75 s beside other jobs).
  }, 180_000);
});

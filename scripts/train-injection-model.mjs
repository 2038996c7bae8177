// Trains the learned injection scorer `ml.v1` (src/guards/injection/ml/) and writes its weights
// (src/guards/injection/ml/weights.ts) and metrics (src/guards/injection/ml/metrics.json).
// Run: npm run build && node scripts/train-injection-model.mjs   (or `npm run train:injection`)
// `--check` writes nothing and fails if the committed weights and metrics differ from its output.
//
// Deterministic: fixed data order, a seeded shuffle, no wall-clock input. Data: the tuning half
// (even FNV-1a hash, src/bench/corpus.ts) of every corpus file, synthetic rows
// (scripts/injection-synthetic.mjs) and the hand-written probe sets that are fitted
// (FITTED_PROBES: those tuned on and the older held-out ones). The threshold and the window
// offset are calibrated on scores out of fold: the tuning half in four folds, each probe set left
// out in turn. The model is then refitted on all of it. The held-out half is only scored, for the
// model card.
import { Buffer } from 'node:buffer';
import { readFileSync, writeFileSync } from 'node:fs';
import { loadCheckSet, loadCorpus } from '../dist/bench/corpus.js';
import { canonicalise } from '../dist/guards/injection/normalise.js';
import { detectInjection } from '../dist/guards/injection/detect.js';
import { compilePolicyFileInjection } from '../dist/policy/injection-file.js';
import { llmAttackReport } from '../dist/guards/injection/mentions.js';
import { featuresOf, BUCKETS } from '../dist/guards/injection/ml/features.js';
import { WINDOW, textLogit } from '../dist/guards/injection/ml/model.js';
import { syntheticRows } from './injection-synthetic.mjs';

const EPOCHS = 6;
const LR = 0.5;
const L2 = 1e-7;
/** Benign windows per long text, at most (keeps one long report from dominating). */
const MAX_WINDOWS = 12;
/**
 * Constraints the threshold must meet on the tuning half, scored out of fold (false-positive
 * rates). They count what the model adds: benign rows it flags that the shipped policy's rules
 * allow (a row the rules block is refused either way). A non-zero limit allows at least one row
 * per file (`allowedFlags`): below one row per file, a single text would set the threshold.
 */
const FP_LIMITS = {
  'injection/defectdojo_scan_findings_benign.jsonl': 0.0005,
  'defectdojo/benign-findings.jsonl': 0.0005,
  'injection/payloadsallthethings_web_payloads_benign.jsonl': 0,
  'injection/cyberseceval_frr_benign.jsonl': 0.005,
  'repo:test/fixtures/injection/security-prose-benign.jsonl': 0.01,
  'injection/bipia.jsonl': 0.005,
  // Résumés are not DefectDojo text and no acceptance criterion: a looser limit (at 1 %, one of
  // the 21 CVs of a held-back calibration quarter pinned an earlier model at the top of the
  // search; at 5 % they and the probe sets held the threshold at 0.9875, MODEL_CARD.md).
  'injection/withsecure_cv.jsonl': 0.1,
};
/**
 * The hand-written probe sets the model is fitted on, in full (test/fixtures/injection/check/
 * README.md): those the rules were tuned on, and from the seventeenth pass the eleven older sets
 * held out until then (F … X: texts still unread by people, rules never tuned on them). The
 * seventy-two newer sets (Y, AA … AP, AR, AT, AV, AX, AY, BC, BF, BJ, BK, BO, BQ, BS, BU, BW,
 * BY, CA, CC, CE, CG, CI, CK, CM, CO, CQ, CS, CU, CW, CY, DA, DC, DE, DG, DI, DK, DM, DO, DQ, DS,
 * DU, DW, DY, EA, EC, EE, EG, EI, EK, EM, EO, EQ, ES, EU, EW, EY, FA) stay held out;
 * probe-AQ, probe-AS, probe-AU, probe-AW, probe-BA, probe-BB, probe-BD, probe-BE, probe-BG,
 * probe-BH, probe-BI, probe-BL, probe-BM, probe-BN, probe-BP, probe-BR, probe-BT, probe-BV,
 * probe-BX, probe-BZ, probe-CB, probe-CD, probe-CF, probe-CH, probe-CJ, probe-CL, probe-CN,
 * probe-CP, probe-CR, probe-CT, probe-CV, probe-CX, probe-CZ, probe-DB, probe-DD, probe-DF,
 * probe-DH, probe-DJ, probe-DL, probe-DN, probe-DP, probe-DR, probe-DT, probe-DV, probe-DX,
 * probe-DZ, probe-EB, probe-ED, probe-EF, probe-EH, probe-EJ, probe-EL, probe-EN, probe-EP,
 * probe-ER, probe-ET, probe-EV, probe-EX and probe-EZ, read and
 * tuned on by
 * the rules,
 * are left out too
 * (fitted, AQ and AS each raised the threshold: 0.9725 with AQ, 0.9375 with AS; AU, AW, BA, BB
 * and BE together 0.97 at window offset 3; BK and BL, written as fitting data, 0.95 and 0.9375;
 * AQ … CZ together 0.95, and twelve newer read sets scored by that model lost 9 detections and 6
 * flags, MODEL_CARD.md);
 * check-set.jsonl is never read here
 * (test/injection/ml-generalisation.test.ts holds this list to that table). Fitting the older
 * held-out sets took the newer ones from 902 to 948 of 1,320 injections detected, 72 to 74 of
 * 1,320 benign texts flagged (MODEL_CARD.md).
 */
const FITTED_PROBES = [
  ...['A', 'B', 'E', 'G', 'J', 'L', 'P', 'Q', 'S', 'U', 'W', 'Z'],
  ...['F', 'H', 'I', 'K', 'M', 'N', 'O', 'R', 'T', 'V', 'X'],
];
/**
 * Out of fold (each set scored by a model fitted without it), the share of the probe sets' hard
 * benign texts the model may flag on its own. Those are findings, notes and reports *about* the
 * requests the sets' injections make, the false positives that matter in DefectDojo. Half of the
 * 2 % a hand-written domain set may flag in all (the injection filter's acceptance in the README);
 * at 0.25 % (3 of 1,500 texts) one text moved the threshold.
 */
const PROBE_FP_LIMIT = 0.01;
/** Window offsets tried (logits; scoreAt), from none to one that all but rules windows out. */
const OFFSETS = [0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3];
/**
 * Detections one added false positive on the probe sets' hard benign texts is worth, in choosing
 * the offset: the domain's acceptance allows 2 % false positives and asks 85 % detection, and the
 * filter is further from the first (README).
 */
const FLAG_COST = 3;

/** Flags a limit allows on `n` benign rows: 0 stays 0; any other limit allows at least one. */
const allowedFlags = (limit, n) => (limit === 0 ? 0 : Math.max(1, Math.floor(limit * n)));

function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Training examples of one row: the whole text, plus windows where they keep the label. */
function examples(row) {
  const text = row.fields.join('\n');
  const f = featuresOf(text);
  const n = f.words.length;
  const out = [];
  const make = (lo, hi) => {
    const idx = [];
    for (let i = lo; i < hi; i++) for (const b of f.words[i]) idx.push(b);
    for (let i = lo; i + 1 < hi; i++) idx.push(f.bigrams[i]);
    return { idx: Int32Array.from(idx), y: row.label === 'injection' ? 1 : 0 };
  };
  if (n === 0) return out;
  out.push(make(0, n));
  // Windows of a benign text are benign; of a direct attack (a jailbreak), mostly attack. An
  // indirect sample's windows are not labelled (only one of them holds the instruction).
  const windowsKeepLabel =
    row.label === 'benign' ||
    (row.vector !== 'indirect' &&
      row.technique !== 'embedded-in-cv' &&
      row.technique !== 'bipia-embedded');
  if (n > WINDOW && windowsKeepLabel) {
    let k = 0;
    for (let lo = 0; lo < n && k < MAX_WINDOWS; lo += WINDOW, k++)
      out.push(make(lo, Math.min(n, lo + WINDOW)));
  }
  return out;
}

function train(rows) {
  const ex = rows.flatMap(examples);
  const pos = ex.filter((e) => e.y === 1).length;
  const neg = ex.length - pos;
  // Class weights: each class contributes equally.
  const wPos = ex.length / (2 * pos);
  const wNeg = ex.length / (2 * neg);
  const w = new Float64Array(BUCKETS);
  const g2 = new Float64Array(BUCKETS).fill(1e-8);
  let bias = 0;
  let gb = 1e-8;
  const rand = rng(19);
  const order = ex.map((_, i) => i);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    for (const k of order) {
      const e = ex[k];
      const norm = 1 / Math.sqrt(e.idx.length);
      let z = bias;
      for (const b of e.idx) z += w[b] * norm;
      const p = 1 / (1 + Math.exp(-z));
      const g = (p - e.y) * (e.y === 1 ? wPos : wNeg);
      for (const b of e.idx) {
        const gi = g * norm + L2 * w[b];
        g2[b] += gi * gi;
        w[b] -= (LR * gi) / Math.sqrt(g2[b]);
      }
      gb += g * g;
      bias -= (LR * g) / Math.sqrt(gb);
    }
  }
  return { w, bias, examples: ex.length, pos, neg };
}

/** int8 quantisation: the model as shipped, so metrics describe exactly what runs. */
function quantise(m) {
  let max = 0;
  for (const v of m.w) max = Math.max(max, Math.abs(v));
  const scale = max / 127;
  const q = new Int8Array(BUCKETS);
  const wq = new Float32Array(BUCKETS);
  for (let i = 0; i < BUCKETS; i++) {
    q[i] = Math.max(-127, Math.min(127, Math.round(m.w[i] / scale)));
    wq[i] = q[i] * scale;
  }
  return { q, scale, model: { w: wq, bias: m.bias, windowOffset: 0 } };
}

/** A tuned probe set's rows (src/bench/corpus.ts `loadCheckSet`), as the trainer fits them. */
function probeRows(set) {
  const name = `repo:test/fixtures/injection/check/probe-${set}.jsonl`;
  const file = checkSets.find((c) => c.name === name);
  if (!file) throw new Error(`no probe set ${name}`);
  return file.rows.map((r) => ({
    ...r,
    // An injection's windows are not labelled: only one of them may hold the request.
    vector: 'indirect',
    heldOut: false,
    // Judged as the scan judges it: a report about LLM attacks is never a hit of the model.
    report: llmAttackReport(canonicalise(r.fields[0])),
  }));
}

/**
 * A row's logits before the window offset: the best over its texts scored whole, and over those
 * scored in windows (-Infinity: none), so its score can be read at any offset (`scoreAt`).
 */
function rowLogits(model, row) {
  const texts = row.fields.length > 1 ? [...row.fields, row.fields.join('\n')] : row.fields;
  let whole = -Infinity;
  let windows = -Infinity;
  for (const t of texts) {
    const { z, windowed } = textLogit(t, model);
    if (windowed) windows = Math.max(windows, z);
    else whole = Math.max(whole, z);
  }
  return { whole, windows };
}
const NEVER = { whole: -Infinity, windows: -Infinity };
/** A row's score with the window offset `d` (what the shipped model gives with that offset). */
const scoreAt = (l, d) => 1 / (1 + Math.exp(-Math.max(l.whole, l.windows - d)));
/** A row's score by a model: the highest of its fields' and, for several, their joined text's. */
const rowScore = (model, row) => scoreAt(rowLogits(model, row), model.windowOffset);

// The LLM-written set (test/fixtures/injection/llm-written.jsonl) is for the rules and the bench
// only: fitted on, the model lost recall on the public corpora (CyberSecEval 62.3 -> 58.1 % with
// the rules) and gained nothing on fresh hand-written sets at its threshold (MODEL_CARD.md).
const NOT_FITTED = 'repo:test/fixtures/injection/llm-written.jsonl';
const corpus = loadCorpus().filter((c) => c.name !== NOT_FITTED);
const all = corpus.flatMap((c) => c.rows);
const heldOutRows = all.filter((r) => r.heldOut).length;
// Embedded BIPIA rows reuse the benign contexts as their carrier: evaluated, never trained on.
const tuning = all.filter((r) => !r.heldOut && r.technique !== 'bipia-embedded');
// Synthetic agent-directed requests and their third-person twins (scripts/injection-synthetic.mjs):
// fitted on, never used to calibrate or to report.
const synthetic = syntheticRows(19);
const checkSets = loadCheckSet((f) => FITTED_PROBES.some((set) => f === `probe-${set}.jsonl`));
const probes = FITTED_PROBES.map((set) => ({ set, rows: probeRows(set) }));
const probeFit = probes.flatMap((p) => p.rows);
// 1. Every row of the tuning half scored out of fold: four folds by hash, each scored by a model
// fitted on the other three (with the synthetic rows and the probe sets). A single held-back
// quarter left 21 résumés and 26 BIPIA contexts to set the threshold: one row moved it.
const fold = (r) => (r.hash >>> 1) & 3;
const calibScores = new Map();
for (let k = 0; k < 4; k++) {
  const m = quantise(train([...tuning.filter((r) => fold(r) !== k), ...synthetic, ...probeFit]));
  for (const r of tuning) if (fold(r) === k) calibScores.set(r, rowLogits(m.model, r));
}
// 1b. Each probe set scored by a model fitted on the whole tuning half and the other sets.
const outOfFold = probes.flatMap(({ set, rows }) => {
  const m = quantise(
    train([...tuning, ...synthetic, ...probeFit.filter((r) => !rows.includes(r))]),
  );
  return rows.map((r) => ({ set, row: r, logits: r.report ? NEVER : rowLogits(m.model, r) }));
});
const probeBenign = outOfFold.filter((o) => o.row.label === 'benign');
// The shipped policy's rules without the model: the verdict a benign row gets anyway.
const rulesOnly = compilePolicyFileInjection('policies/dojo-server.yaml', {
  ml: { enabled: false },
});
const blocks = (text) => detectInjection(rulesOnly, text).verdict === 'block';
const rulesBlock = (row) =>
  row.fields.some(blocks) || (row.fields.length > 1 && blocks(row.fields.join('\n')));
// Benign rows the model could add a false positive on: those the rules allow.
const probeAddable = probeBenign.filter((o) => !rulesBlock(o.row));
const probeAllowed = allowedFlags(PROBE_FP_LIMIT, probeBenign.length);
const fileBenign = Object.fromEntries(
  Object.entries(FP_LIMITS).map(([file, limit]) => {
    const benign = tuning.filter((r) => r.file === file && r.label === 'benign');
    const addable = benign.filter((r) => !rulesBlock(r));
    return [file, { n: benign.length, addable, allowed: allowedFlags(limit, benign.length) }];
  }),
);
/** The limits a threshold breaks at window offset d (none: it may ship). */
function broken(t, d) {
  const out = [];
  const probeFp = probeAddable.filter((o) => scoreAt(o.logits, d) >= t).length;
  if (probeFp > probeAllowed) out.push(`probe sets ${probeFp} > ${probeAllowed}`);
  for (const [file, { n, addable, allowed }] of Object.entries(fileBenign)) {
    const fp = addable.filter((r) => scoreAt(calibScores.get(r), d) >= t).length;
    if (n > 0 && fp > allowed) out.push(`${file} ${fp} > ${allowed}`);
  }
  return out;
}
/** The lowest threshold at offset d that breaks no limit. */
function lowest(d) {
  let threshold = 0.5;
  for (const t of Array.from({ length: 200 }, (_, i) => 0.5 + i * 0.0025)) {
    threshold = t;
    if (broken(t, d).length === 0) break;
  }
  return threshold;
}
// The window offset: the one whose lowest threshold gives the best value on the probe sets, out of
// fold: the detections the model adds to the rules, less FLAG_COST per hard benign text it adds;
// ties keep the smaller offset.
const probeGainable = outOfFold.filter((o) => o.row.label === 'injection' && !rulesBlock(o.row));
let windowOffset = 0;
let threshold = lowest(0);
let best = -Infinity;
for (const d of OFFSETS) {
  const t = lowest(d);
  const gain = probeGainable.filter((o) => scoreAt(o.logits, d) >= t).length;
  const flags = probeAddable.filter((o) => scoreAt(o.logits, d) >= t).length;
  const value = gain - FLAG_COST * flags;
  console.log(
    `window offset ${d}: threshold ${t.toFixed(4)}, adds ${gain} probe detections and ${flags} flags out of fold`,
  );
  if (value > best) [best, windowOffset, threshold] = [value, d, t];
}
console.log(`below the threshold: ${broken(threshold - 0.0025, windowOffset).join(', ')}`);
const probeMetrics = Object.fromEntries(
  FITTED_PROBES.map((set) => {
    const rows = outOfFold.filter((o) => o.set === set);
    const count = (label) => rows.filter((o) => o.row.label === label);
    const hits = (list) => list.filter((o) => scoreAt(o.logits, windowOffset) >= threshold).length;
    return [
      `probe-${set}`,
      {
        injections: count('injection').length,
        detected: hits(count('injection')),
        benign: count('benign').length,
        flagged: hits(count('benign')),
      },
    ];
  }),
);

// 2. Refit on the whole tuning half and the probe sets; ship it with that threshold.
const trained = train([...tuning, ...synthetic, ...probeFit]);
const quantised = quantise(trained);
const shipped = { ...quantised, model: { ...quantised.model, windowOffset } };

// 3. Metrics per file and technique: tuning half, held-out half, all.
const metrics = {};
for (const { name, rows } of corpus) {
  for (const r of rows) {
    const s = rowScore(shipped.model, r);
    const hit = s >= threshold;
    for (const key of [`${name} (${r.label})`, `${name} | ${r.technique} (${r.label})`]) {
      const t = (metrics[key] ??= {
        rows: 0,
        hits: 0,
        tuneRows: 0,
        tuneHits: 0,
        heldRows: 0,
        heldHits: 0,
      });
      t.rows++;
      if (hit) t.hits++;
      if (r.heldOut) {
        t.heldRows++;
        if (hit) t.heldHits++;
      } else {
        t.tuneRows++;
        if (hit) t.tuneHits++;
      }
    }
  }
}

const weights = Buffer.from(shipped.q.buffer).toString('base64');
const outputs = {
  'src/guards/injection/ml/weights.ts':
    `// Generated by scripts/train-injection-model.mjs: do not edit. Model card: MODEL_CARD.md.\n` +
    `/** The shipped \`ml.v1\` model: int8 weights (base64, one byte per hash bucket), scale, bias and threshold. */\n` +
    `export const MODEL = {\n  version: 'ml.v1',\n  scale: ${shipped.scale},\n  bias: ${trained.bias},\n  windowOffset: ${windowOffset},\n  threshold: ${Number(threshold.toFixed(4))},\n  weights:\n    '${weights}',\n};\n`,
  'src/guards/injection/ml/metrics.json': `${JSON.stringify({ threshold, windowOffset, examples: trained.examples, positives: trained.pos, negatives: trained.neg, tuningRows: tuning.length, syntheticRows: synthetic.length, probeRows: probeFit.length, heldOutRows, probesOutOfFold: probeMetrics, metrics }, null, 1)}\n`,
};
// `--check`: the committed model must be exactly what this script produces from the committed
// data (CI runs it), so the weights cannot drift from the script, the data or the card.
if (process.argv.includes('--check')) {
  const stale = Object.entries(outputs).filter(
    ([file, text]) => readFileSync(file, 'utf8') !== text,
  );
  for (const [file] of stale) console.error(`${file} differs from what the trainer produces`);
  if (stale.length > 0) {
    console.error('retrain: npm run build && npm run train:injection');
    process.exit(1);
  }
  console.log('the committed model is what the trainer produces');
  process.exit(0);
}
for (const [file, text] of Object.entries(outputs)) writeFileSync(file, text);
console.log(
  `threshold ${Number(threshold.toFixed(4))}; ${trained.examples} examples (${trained.pos} injection)`,
);
for (const [k, t] of Object.entries(probeMetrics))
  console.log(
    `${k} (model alone, out of fold): ${t.detected}/${t.injections} detected, ${t.flagged}/${t.benign} flagged`,
  );
for (const [k, t] of Object.entries(metrics)) {
  if (k.includes(' | ')) continue;
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
  console.log(
    `${k.padEnd(80)} tune ${pct(t.tuneHits, t.tuneRows).padStart(6)}  held-out ${pct(t.heldHits, t.heldRows).padStart(6)}  all ${pct(t.hits, t.rows).padStart(6)}`,
  );
}

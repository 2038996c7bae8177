// Trains the learned injection scorer `ml.v1` (src/guards/injection/ml/) and writes its weights
// (src/guards/injection/ml/weights.ts) and metrics (src/guards/injection/ml/metrics.json).
// Run: npm run build && node scripts/train-injection-model.mjs   (or `npm run train:injection`)
//
// Deterministic: fixed data order, a seeded shuffle, no wall-clock input. Data: the tuning half
// (even FNV-1a hash, src/bench/corpus.ts) of every corpus file. Of that half, 3/4 fit the model and
// 1/4 calibrate the threshold; the model is then refitted on the whole tuning half. The held-out
// half is only scored, for the model card. Synthetic rows (scripts/injection-synthetic.mjs) join
// the fitting data only.
import { Buffer } from 'node:buffer';
import { writeFileSync } from 'node:fs';
import { loadCorpus } from '../dist/bench/corpus.js';
import { featuresOf, BUCKETS } from '../dist/guards/injection/ml/features.js';
import { WINDOW, scoreText } from '../dist/guards/injection/ml/model.js';
import { syntheticRows } from './injection-synthetic.mjs';

const EPOCHS = 6;
const LR = 0.5;
const L2 = 1e-7;
/** Benign windows per long text, at most (keeps one long report from dominating). */
const MAX_WINDOWS = 12;
/** Constraints the threshold must meet on the calibration quarter (false-positive rates). */
const FP_LIMITS = {
  'injection/defectdojo_scan_findings_benign.jsonl': 0.0005,
  'defectdojo/benign-findings.jsonl': 0.0005,
  'injection/payloadsallthethings_web_payloads_benign.jsonl': 0,
  'injection/cyberseceval_frr_benign.jsonl': 0.005,
  'repo:test/fixtures/injection/security-prose-benign.jsonl': 0.01,
  'injection/bipia.jsonl': 0.005,
  'injection/withsecure_cv.jsonl': 0.01,
};

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
  return { q, scale, model: { w: wq, bias: m.bias } };
}

const rowScore = (model, row) =>
  Math.max(
    ...row.fields.map((t) => scoreText(t, model)),
    row.fields.length > 1 ? scoreText(row.fields.join('\n'), model) : 0,
  );

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
const fit = [...tuning.filter((r) => ((r.hash >>> 1) & 3) !== 0), ...synthetic];
const calib = tuning.filter((r) => ((r.hash >>> 1) & 3) === 0);

// 1. Fit on 3/4 of the tuning half, calibrate the threshold on the other 1/4.
const m1 = quantise(train(fit));
const calibScores = new Map();
for (const r of calib) calibScores.set(r, rowScore(m1.model, r));
let threshold = 0.5;
for (const t of Array.from({ length: 200 }, (_, i) => 0.5 + i * 0.0025)) {
  threshold = t;
  const ok = Object.entries(FP_LIMITS).every(([file, limit]) => {
    const benign = calib.filter((r) => r.file === file && r.label === 'benign');
    const fp = benign.filter((r) => calibScores.get(r) >= t).length;
    return benign.length === 0 || fp / benign.length <= limit;
  });
  if (ok) break;
}

// 2. Refit on the whole tuning half with the same settings; ship it with that threshold.
const trained = train([...tuning, ...synthetic]);
const shipped = quantise(trained);

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
writeFileSync(
  'src/guards/injection/ml/weights.ts',
  `// Generated by scripts/train-injection-model.mjs: do not edit. Model card: MODEL_CARD.md.\n` +
    `/** The shipped \`ml.v1\` model: int8 weights (base64, one byte per hash bucket), scale, bias and threshold. */\n` +
    `export const MODEL = {\n  version: 'ml.v1',\n  scale: ${shipped.scale},\n  bias: ${trained.bias},\n  threshold: ${threshold.toFixed(3)},\n  weights:\n    '${weights}',\n};\n`,
);
writeFileSync(
  'src/guards/injection/ml/metrics.json',
  `${JSON.stringify({ threshold, examples: trained.examples, positives: trained.pos, negatives: trained.neg, fitRows: fit.length, calibrationRows: calib.length, tuningRows: tuning.length, syntheticRows: synthetic.length, heldOutRows, metrics }, null, 1)}\n`,
);
console.log(
  `threshold ${threshold.toFixed(3)}; ${trained.examples} examples (${trained.pos} injection)`,
);
for (const [k, t] of Object.entries(metrics)) {
  if (k.includes(' | ')) continue;
  const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)}%` : '-');
  console.log(
    `${k.padEnd(80)} tune ${pct(t.tuneHits, t.tuneRows).padStart(6)}  held-out ${pct(t.heldHits, t.heldRows).padStart(6)}  all ${pct(t.hits, t.rows).padStart(6)}`,
  );
}

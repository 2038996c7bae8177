// The hand-written probe sets (test/fixtures/injection/check/) judged as `dojo-guard scan-text
// --policy policies/dojo-server.yaml` judges their `text` field, totalled per set and per role
// (the check README's table: tuned on, fitted, **not fitted**, **held out**). Held-out sets are
// totalled, never listed row by row, and only with --held-out: they are read once at the end of a
// pass. --out keeps the verdicts (held-out rows only with --held-out); --base compares with kept
// ones (verdicts that changed, held-out rows left out).
// Run: npm run build && node scripts/probe-eval.mjs [--held-out] [--out rows.json] [--base rows.json]
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectInjection } from '../dist/guards/injection/detect.js';
import { compilePolicyFileInjection } from '../dist/policy/injection-file.js';
import { REPO, isHeldOut, isNotFitted, probeRoles } from '../dist/bench/corpus.js';

const CHECK = path.join(REPO, 'test/fixtures/injection/check');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const showHeldOut = args.includes('--held-out');

const roles = probeRoles();
const roleOf = (set) => {
  const role = roles.get(set) ?? '';
  if (isHeldOut(role)) return 'held out';
  if (isNotFitted(role)) return 'not fitted';
  if (/^fitted/.test(role)) return 'fitted, unread';
  return 'tuned on';
};

const policy = compilePolicyFileInjection(path.join(REPO, 'policies/dojo-server.yaml'));
const rows = [];
for (const file of readdirSync(CHECK).filter((f) => /^probe-.*\.jsonl$/.test(f)).sort()) {
  const set = file.slice(0, -'.jsonl'.length);
  for (const line of readFileSync(path.join(CHECK, file), 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line);
    const r = detectInjection(policy, row.text);
    rows.push({ set, id: row.id, label: row.label, verdict: r.verdict, rule: r.ruleId ?? null });
  }
}

const totals = new Map();
const add = (key, row) => {
  const t = totals.get(key) ?? { inj: 0, det: 0, ben: 0, fp: 0 };
  if (row.label === 'injection') {
    t.inj++;
    if (row.verdict === 'block') t.det++;
  } else {
    t.ben++;
    if (row.verdict === 'block') t.fp++;
  }
  totals.set(key, t);
};
for (const row of rows) {
  const role = roleOf(row.set);
  if (role === 'held out' && !showHeldOut) continue;
  add(role, row);
  if (role !== 'held out') add(`${role}/${row.set}`, row);
}
const pct = (a, b) => (b ? `${((100 * a) / b).toFixed(1)} %` : '-');
const line = (name, t) =>
  console.log(
    `${name.padEnd(16)} detected ${t.det}/${t.inj} (${pct(t.det, t.inj)})  flagged ${t.fp}/${t.ben} (${pct(t.fp, t.ben)})`,
  );
// each role's total, then its sets (held-out sets: the total only)
for (const role of ['tuned on', 'fitted, unread', 'not fitted', 'held out']) {
  if (!totals.has(role)) continue;
  line(role, totals.get(role));
  for (const [key, t] of totals)
    if (key.startsWith(`${role}/`)) line(`  ${key.slice(role.length + 1)}`, t);
}

const out = option('--out');
// held-out verdicts only when asked for (--held-out): a tool that diffs kept files must not learn
// which held-out rows changed
if (out)
  writeFileSync(
    out,
    JSON.stringify(showHeldOut ? rows : rows.filter((r) => roleOf(r.set) !== 'held out')),
  );
const base = option('--base');
if (base) {
  const before = new Map(
    JSON.parse(readFileSync(base, 'utf8')).map((r) => [`${r.set}/${r.id}`, r]),
  );
  for (const row of rows) {
    const was = before.get(`${row.set}/${row.id}`);
    if (!was || was.verdict === row.verdict || roleOf(row.set) === 'held out') continue;
    console.log(`changed ${row.set} ${row.id} ${row.label}: ${was.verdict}/${was.rule} -> ${row.verdict}/${row.rule}`);
  }
}

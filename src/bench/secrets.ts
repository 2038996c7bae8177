/**
 * `npm run bench:secrets`: detection and false-positive counts of the secret detector (built-in
 * catalog + gitleaks rules, src/guards/content/secret-scanner.ts) on the shape corpus in
 * test/content/secret-corpus.json (each shape with a benign near-miss), through the three paths
 * that share it: result redaction, argument rejection (`findKind`) and audit masking. Then the
 * false-positive rows of the benign DefectDojo finding corpora (../shared/…) and CPU cost.
 *
 * Dev tool only: the product never reads these corpora at run time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadSecretCorpus } from './secret-corpus.js';
import path from 'node:path';
import { createSecretScanner } from '../guards/content/secret-scanner.js';
import { GITLEAKS_SOURCE } from '../guards/content/gitleaks/rules.js';
import { maskArguments, MASK } from '../guards/content/mask.js';
import { ROOT } from './argv.js';

const SHARED = process.env.DOJO_GUARD_CORPUS ?? path.resolve(ROOT, '../shared');

const corpus = loadSecretCorpus(ROOT);
const scanner = createSecretScanner();
const masked = (text: string): boolean =>
  maskArguments({ v: text }, { fields: [], maxChars: 1 << 20 }).value['v'] === MASK;

let redacted = 0;
let rejected = 0;
let auditMasked = 0;
let nearMissFp = 0;
const misses: string[] = [];
const fps: string[] = [];
for (const e of corpus) {
  const { secret, text, nearMiss: near } = e;
  const r = !scanner.redactString(text).includes(secret);
  const k = scanner.findKind(text) !== undefined;
  const m = masked(text);
  redacted += Number(r);
  rejected += Number(k);
  auditMasked += Number(m);
  if (!r || !k || !m) misses.push(`${e.id} (redact ${r}, reject ${k}, audit ${m})`);
  if (scanner.redactString(near) !== near || scanner.findKind(near) !== undefined) {
    nearMissFp++;
    fps.push(e.id);
  }
}

console.log(`secret detector: built-in catalog + ${GITLEAKS_SOURCE}`);
console.log(`shape corpus: ${corpus.length} shapes (test/content/secret-corpus.json)`);
console.log(`  redacted in results     ${redacted}/${corpus.length}`);
console.log(`  rejected in arguments   ${rejected}/${corpus.length}`);
console.log(`  masked in audit records ${auditMasked}/${corpus.length}`);
console.log(`  near-miss false alarms  ${nearMissFp}/${corpus.length}`);
for (const m of misses) console.log(`  MISSED ${m}`);
for (const f of fps) console.log(`  FALSE ALARM on the near-miss of ${f}`);

const BENIGN = [
  'defectdojo/benign-findings.jsonl',
  'injection/defectdojo_scan_findings_benign.jsonl',
];
for (const file of BENIGN) {
  const full = path.join(SHARED, file);
  if (!existsSync(full)) {
    console.log(`benign ${file}: not found (set DOJO_GUARD_CORPUS)`);
    continue;
  }
  const rows = readFileSync(full, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  let changed = 0;
  const kinds = new Map<string, number>();
  const c0 = process.cpuUsage();
  for (const row of rows) {
    const report = { counts: new Map<string, number>(), paths: [] as string[] };
    if (scanner.redactValue(row, report, 'row', { left: 1e9 }) !== row) changed++;
    for (const [k, n] of report.counts) kinds.set(k, (kinds.get(k) ?? 0) + n);
  }
  const c = process.cpuUsage(c0);
  const bytes = rows.reduce((n, r) => n + JSON.stringify(r).length, 0);
  console.log(
    `benign ${file}: ${changed}/${rows.length} rows redacted ` +
      `(${[...kinds].map(([k, n]) => `${k}×${n}`).join(', ') || 'none'}), ` +
      `${((c.user + c.system) / 1000).toFixed(0)} ms CPU for ${(bytes / 1024).toFixed(0)} KB`,
  );
}

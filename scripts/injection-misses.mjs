// Lists what the injection filter gets wrong on the TUNING half only (even FNV-1a hash, the split
// of src/bench/corpus.ts): missed injections, or false positives with the rule id that fired.
// The held-out half is never printed, so rules and the model are not tuned on it.
// Run: npm run build && node scripts/injection-misses.mjs <file-substring> [misses|fps] [--ml-off]
//   e.g. node scripts/injection-misses.mjs "bipia.jsonl (embedded" misses
//        node scripts/injection-misses.mjs defectdojo fps
import { loadCorpus } from '../dist/bench/corpus.js';
import { compileRules } from '../dist/guards/injection/compile.js';
import { scanWith } from '../dist/guards/injection/scan.js';

const [filter = '', what = 'misses', ...flags] = process.argv.slice(2);
const rules = compileRules(flags.includes('--ml-off') ? { ml: { enabled: false } } : {});
const judge = (row) => {
  for (const f of row.fields.length > 1 ? [...row.fields, row.fields.join('\n')] : row.fields) {
    const r = scanWith(rules, f);
    if (r.verdict === 'block') return r.ruleId;
  }
  return undefined;
};
let n = 0;
let shown = 0;
for (const { name, rows } of loadCorpus()) {
  if (!name.includes(filter)) continue;
  for (const row of rows) {
    if (row.heldOut) continue;
    if ((what === 'fps') !== (row.label === 'benign')) continue;
    n++;
    const hit = judge(row);
    if (what === 'fps' ? hit === undefined : hit !== undefined) continue;
    shown++;
    const text = row.fields.join(' | ').replace(/\s+/g, ' ');
    console.log(`${name} [${row.technique}]${hit ? ` ${hit}` : ''}\n  ${text.slice(0, 600)}\n`);
  }
}
console.log(`${shown} of ${n} tuning-half rows ${what === 'fps' ? 'flagged' : 'missed'}`);

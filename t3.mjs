import { readFileSync } from 'node:fs';
import { compileRules } from '/work/g19/dist/guards/injection/compile.js';
import { scanWith } from '/work/g19/dist/guards/injection/scan.js';
import { scoreText } from '/work/g19/dist/guards/injection/ml/model.js';
const rows = readFileSync('/work/shared/injection/defectdojo_scan_findings_benign.jsonl','utf8').trim().split('\n').map(JSON.parse);
const kb = rows.reduce((a,r)=>a+r.text.length,0)/1024;
for (const [name, rules] of [['rules+ml', compileRules()], ['rules', compileRules({ml:{enabled:false}})]]) {
  for (const r of rows) scanWith(rules, r.text);
  const c0 = process.cpuUsage(); for (const r of rows) scanWith(rules, r.text); const c = process.cpuUsage(c0);
  console.log(name, ((c.user+c.system)/kb).toFixed(1), 'us/KB');
}
const c0 = process.cpuUsage(); for (const r of rows) scoreText(r.text); const c = process.cpuUsage(c0);
console.log('ml only', ((c.user+c.system)/kb).toFixed(1));

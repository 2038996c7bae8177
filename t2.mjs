import { readFileSync } from 'node:fs';
import { compileRules } from '/work/g19/dist/guards/injection/compile.js';
import { scanWith } from '/work/g19/dist/guards/injection/scan.js';
const rules = compileRules();
const S='/work/shared/';
const files=['injection/defectdojo_scan_findings_benign.jsonl','defectdojo/benign-findings.jsonl','injection/payloadsallthethings_web_payloads_benign.jsonl','injection/cyberseceval_frr_benign.jsonl','injection/bipia.jsonl','injection/withsecure_cv.jsonl'];
for (const f of files) {
  const rows = readFileSync(S+f,'utf8').trim().split('\n').map(JSON.parse).filter(r=>r.label==='benign');
  let fp=0;
  for (const r of rows) { const text=[r.text,r.title,r.description].filter(Boolean).join('\n'); const res=scanWith(rules,text); if(res.verdict==='block'){fp++; if(fp<=8) console.log('  FP', res.ruleId, JSON.stringify(text.slice(0,160)));} }
  console.log(f, fp, '/', rows.length);
}

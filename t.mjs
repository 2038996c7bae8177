import { readFileSync } from 'node:fs';
import { compileRules } from '/work/g19/dist/guards/injection/compile.js';
import { scanWith } from '/work/g19/dist/guards/injection/scan.js';
const rules = compileRules();
const files = process.argv.slice(2);
for (const f of files) {
  const rows = readFileSync(f,'utf8').trim().split('\n').map(JSON.parse);
  let hit=0; const by={}; let t0=performance.now(); let bytes=0;
  for (const r of rows) { const text = r.text ?? [r.title,r.description].filter(Boolean).join('\n'); bytes+=text.length; const res=scanWith(rules,text); const v=res.verdict==='block'; if(v)hit++; const k=r.technique?.split(':').slice(0,2).join(':'); by[k]??=[0,0]; by[k][0]++; if(v)by[k][1]++;
    if (process.env.SHOW==='fp' && r.label==='benign' && v) console.log('FP', res.ruleId, JSON.stringify(text.slice(0,300)));
    if (process.env.SHOW==='miss' && r.label==='injection' && !v) console.log('MISS', JSON.stringify(text.slice(0,200)));
  }
  console.log(f.split('/').pop(), hit, rows.length, (performance.now()-t0).toFixed(0)+'ms', ((performance.now()-t0)*1000/(bytes/1024)).toFixed(1)+'us/KB');
  if (rows.length<200) console.log(by);
}

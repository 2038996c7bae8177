/**
 * `ApiFindingFilter` (API.md §3): the findings list filters, with their quirks (case-sensitive
 * severity, 1..7 date choices, booleans that ignore `1`, strict discovered_before/after, ...).
 */
import type { SandboxDb } from './db.js';
import type { FindingRow } from './model.js';
import { FilterSet, ordering, tagFilters } from './filter-kit.js';
import { dojoDate, isDateString } from './time.js';

const BOOLS = [
  'active',
  'verified',
  'false_p',
  'duplicate',
  'out_of_scope',
  'is_mitigated',
  'under_review',
  'under_defect_review',
  'static_finding',
  'dynamic_finding',
  'fix_available',
  'risk_accepted',
  'known_exploited',
  'ransomware_used',
] as const;

const ICONTAINS = [
  'title',
  'description',
  'mitigation',
  'impact',
  'references',
  'steps_to_reproduce',
  'severity_justification',
  'file_path',
  'component_name',
  'component_version',
  'param',
  'payload',
  'hash_code',
  'unique_id_from_tool',
] as const;

const NUMBER_LISTS = [
  'id',
  'cwe',
  'reporter',
  'mitigated_by',
  'last_reviewed_by',
  'review_requested_by',
  'defect_review_requested_by',
  'nb_occurences',
  'scanner_confidence',
  'sast_source_line',
  'sonarqube_issue',
  'duplicate_finding',
] as const;

const DATE_CHOICES = ['date', 'created', 'mitigated', 'last_reviewed'] as const;

/** Filters and orders `rows` (already limited to what the caller may see). Throws 400 bodies. */
export function filterFindings(
  db: SandboxDb,
  rows: FindingRow[],
  query: URLSearchParams,
  now: Date,
): FindingRow[] {
  const fs = new FilterSet<FindingRow>(query);
  const ctxOf = (f: FindingRow) => {
    const test = db.tests.get(f.test)!;
    const eng = db.engagements.get(test.engagement)!;
    const product = db.products.get(eng.product)!;
    return { test, eng, product };
  };

  for (const b of BOOLS) {
    const v = fs.dojoBool(b);
    if (v !== undefined) fs.add((f) => f[b] === v);
  }
  if (db.version === '3') {
    const v = fs.dojoBool('mitigation_available');
    if (v !== undefined) fs.add((f) => Boolean(f.mitigation && f.mitigation.trim()) === v);
  }
  const hasJira = fs.dojoBool('has_jira');
  if (hasJira !== undefined) fs.add(() => !hasJira);
  for (const t of ICONTAINS) {
    const v = fs.raw(t)?.toLowerCase();
    if (v !== undefined) fs.add((f) => (f[t] ?? '').toLowerCase().includes(v));
  }
  for (const n of NUMBER_LISTS) {
    const v = fs.numbers(n);
    if (v) fs.add((f) => f[n] !== null && v.includes(f[n]));
  }
  for (const n of ['found_by', 'reviewers', 'endpoints'] as const) {
    const v = fs.numbers(n);
    if (v) fs.add((f) => f[n].some((x) => v.includes(x)));
  }
  // Severity is an exact, case-sensitive IN: severity=high matches nothing.
  const sev = fs.csv('severity');
  if (sev) fs.add((f) => sev.includes(f.severity));
  const nsev = fs.csv('numerical_severity');
  if (nsev) fs.add((f) => nsev.includes(f.numerical_severity));
  const exactTitle = fs.raw('exact_title')?.toLowerCase();
  if (exactTitle !== undefined) fs.add((f) => f.title.toLowerCase() === exactTitle);
  for (const k of ['vuln_id_from_tool', 'service'] as const) {
    const v = fs.raw(k);
    if (v !== undefined) fs.add((f) => f[k] === v);
  }
  const vids = fs.csv('vulnerability_id');
  if (vids) fs.add((f) => f.vulnerability_ids.some((v) => vids.includes(v)));
  const pname = fs.raw('product_name')?.toLowerCase();
  if (pname !== undefined) fs.add((f) => ctxOf(f).product.name.toLowerCase() === pname);
  const pcont = fs.raw('product_name_contains')?.toLowerCase();
  if (pcont !== undefined) fs.add((f) => ctxOf(f).product.name.toLowerCase().includes(pcont));
  const life = fs.csv('product_lifecycle');
  if (life) fs.add((f) => life.includes(ctxOf(f).product.lifecycle ?? ''));

  // `test` is a ModelChoiceFilter: an id that does not exist is a 400, not an empty page.
  const test = fs.raw('test');
  if (test !== undefined) {
    const id = /^\d+$/.test(test) ? Number(test) : NaN;
    if (!db.tests.get(id))
      fs.fail(
        'test',
        'Select a valid choice. That choice is not one of the available choices.',
        'invalid_choice',
      );
    else fs.add((f) => f.test === id);
  }
  const parents: Array<[string, (f: FindingRow) => number]> = [
    ['test__test_type', (f) => ctxOf(f).test.test_type],
    ['test__engagement', (f) => ctxOf(f).eng.id],
    ['test__engagement__product', (f) => ctxOf(f).product.id],
    ['test__engagement__product__prod_type', (f) => ctxOf(f).product.prod_type],
  ];
  for (const [name, get] of parents) {
    const v = fs.numbers(name);
    if (v) fs.add((f) => v.includes(get(f)));
  }

  for (const d of DATE_CHOICES) {
    const p = fs.dateChoice(d, now);
    if (p) fs.add((f) => p(f[d] === null ? null : f[d]!.slice(0, 10)));
  }
  dateLiteralFilters(fs);
  epssFilters(fs);

  const sla = fs.raw('outside_of_sla');
  const today = dojoDate(now);
  if (sla === '1')
    fs.add(
      (f) =>
        f.active &&
        !f.false_p &&
        !f.duplicate &&
        !f.out_of_scope &&
        !f.risk_accepted &&
        !f.is_mitigated &&
        f.sla_expiration_date !== null &&
        f.sla_expiration_date < today,
    );
  else if (sla === '0')
    fs.add((f) => f.sla_expiration_date === null || f.sla_expiration_date > today);
  const ra = fs.raw('risk_acceptance');
  if (ra === '1') fs.add((f) => f.risk_accepted);
  else if (ra === '2') fs.add((f) => !f.risk_accepted);
  else if (ra === '3') fs.add(() => false);

  tagFilters(fs, '', (f) => f.tags);
  tagFilters(fs, 'test__', (f) => ctxOf(f).test.tags);
  tagFilters(fs, 'test__engagement__', (f) => ctxOf(f).eng.tags);
  tagFilters(fs, 'test__engagement__product__', (f) => ctxOf(f).product.tags);

  const order = ordering(fs, {
    active: (f) => f.active,
    component_name: (f) => f.component_name,
    component_version: (f) => f.component_version,
    created: (f) => f.created,
    last_status_update: (f) => f.last_status_update,
    last_reviewed: (f) => f.last_reviewed,
    cwe: (f) => f.cwe,
    date: (f) => f.date,
    duplicate: (f) => f.duplicate,
    dynamic_finding: (f) => f.dynamic_finding,
    false_p: (f) => f.false_p,
    found_by: (f) => f.found_by[0] ?? null,
    id: (f) => f.id,
    is_mitigated: (f) => f.is_mitigated,
    numerical_severity: (f) => f.numerical_severity,
    out_of_scope: (f) => f.out_of_scope,
    planned_remediation_date: (f) => f.planned_remediation_date,
    // o=severity sorts the string alphabetically (Critical, High, Info, Low, Medium).
    severity: (f) => f.severity,
    sla_expiration_date: (f) => f.sla_expiration_date,
    reviewers: (f) => f.reviewers[0] ?? null,
    static_finding: (f) => f.static_finding,
    test__engagement__product__name: (f) => ctxOf(f).product.name,
    title: (f) => f.title,
    under_defect_review: (f) => f.under_defect_review,
    under_review: (f) => f.under_review,
    verified: (f) => f.verified,
  });
  const out = fs.apply(rows);
  return order ? out.sort(order) : out.sort((a, b) => a.id - b.id);
}

/** discovered_on/before/after (strict) and mitigated_on/before/after. */
function dateLiteralFilters(fs: FilterSet<FindingRow>): void {
  const date = (name: string): string | undefined => {
    const v = fs.raw(name);
    if (v === undefined) return undefined;
    if (!isDateString(v)) {
      fs.fail(name, 'Enter a valid date.', 'invalid');
      return undefined;
    }
    return v;
  };
  const on = date('discovered_on');
  if (on) fs.add((f) => f.date === on);
  const before = date('discovered_before');
  if (before) fs.add((f) => f.date < before);
  const after = date('discovered_after');
  if (after) fs.add((f) => f.date > after);
  const dt = (name: string): string | undefined => {
    const v = fs.raw(name);
    if (v === undefined) return undefined;
    const t = Date.parse(isDateString(v) ? `${v}T00:00:00Z` : v);
    if (Number.isNaN(t)) {
      fs.fail(name, 'Enter a valid date/time.', 'invalid');
      return undefined;
    }
    return v;
  };
  const mOn = dt('mitigated_on');
  if (mOn)
    fs.add(
      (f) =>
        f.mitigated !== null &&
        (isDateString(mOn)
          ? f.mitigated.startsWith(mOn)
          : Date.parse(f.mitigated) === Date.parse(mOn)),
    );
  const mBefore = dt('mitigated_before');
  if (mBefore) {
    const t = Date.parse(isDateString(mBefore) ? `${mBefore}T00:00:00Z` : mBefore);
    fs.add((f) => f.mitigated !== null && Date.parse(f.mitigated) < t);
  }
  const mAfter = dt('mitigated_after');
  if (mAfter) {
    // A date-only value is moved to 23:59:59 of that day.
    const t = Date.parse(isDateString(mAfter) ? `${mAfter}T23:59:59Z` : mAfter);
    fs.add((f) => f.mitigated !== null && Date.parse(f.mitigated) > t);
  }
}

/** EPSS ranges are given in percent (0-100) and divided by 100. */
function epssFilters(fs: FilterSet<FindingRow>): void {
  for (const [name, key, min] of [
    ['epss_score_min', 'epss_score', true],
    ['epss_score_max', 'epss_score', false],
    ['epss_percentile_min', 'epss_percentile', true],
    ['epss_percentile_max', 'epss_percentile', false],
  ] as const) {
    const v = fs.number(name);
    if (v === undefined) continue;
    const bound = v / 100;
    fs.add((f) => f[key] !== null && (min ? f[key]! >= bound : f[key]! <= bound));
  }
}

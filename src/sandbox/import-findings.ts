/**
 * Turns parsed scanner findings into finding rows (import) or matches them against a test's
 * existing findings by hash_code (reimport), plus the per-severity statistics of API.md §6.2.
 */
import { createHash } from 'node:crypto';
import { applySaveRules } from './finding-state.js';
import type { FindingRow, Severity, TestRow } from './model.js';
import type { ParsedFinding } from './parsers/index.js';
import type { Ctx } from './router.js';
import { blankFinding } from './routes/findings.js';
import { dojoDateTime } from './time.js';

export interface ImportOptions {
  /** undefined: keep the parser's value (true for new findings). */
  active?: boolean;
  verified?: boolean;
  date: string;
  tags: string[];
}

/** DefectDojo's default dedupe hash fields: title, cwe, line, file_path, description (approx.). */
function hashOf(p: ParsedFinding): string {
  return createHash('sha256')
    .update(
      [
        p.title.toLowerCase(),
        p.severity,
        p.cwe ?? '',
        p.file_path ?? '',
        p.line ?? '',
        p.component_name ?? '',
        p.vuln_id_from_tool ?? '',
      ].join('|'),
    )
    .digest('hex');
}

/** Creates (or on reimport, matches and possibly reactivates) one finding. */
export function createFromParsed(
  ctx: Ctx,
  test: TestRow,
  p: ParsedFinding,
  opts: ImportOptions,
  existing: FindingRow[],
  reactivate: boolean,
): { finding: FindingRow; outcome: 'created' | 'reactivated' | 'untouched' } {
  const hash = hashOf(p);
  const match = existing.find((f) => f.hash_code === hash);
  if (match) {
    if (!match.active && match.is_mitigated && reactivate) {
      const next = { ...match, active: true };
      applySaveRules(match, next, ctx.user.id, ctx.now);
      Object.assign(match, next);
      return { finding: match, outcome: 'reactivated' };
    }
    return { finding: match, outcome: 'untouched' };
  }
  const stamp = dojoDateTime(ctx.now);
  const draft: FindingRow = {
    ...blankFinding(test.id, ctx.user.id, stamp, opts.date),
    title: p.title,
    severity: p.severity,
    description: p.description,
    mitigation: p.mitigation ?? null,
    impact: p.impact ?? null,
    references: p.references ?? null,
    cwe: p.cwe ?? 0,
    file_path: p.file_path ?? null,
    line: p.line ?? null,
    component_name: p.component_name ?? null,
    component_version: p.component_version ?? null,
    vulnerability_ids: p.vulnerability_ids ?? [],
    unique_id_from_tool: p.unique_id_from_tool ?? null,
    vuln_id_from_tool: p.vuln_id_from_tool ?? null,
    fix_available: p.fix_available ?? null,
    fix_version: p.fix_version ?? null,
    cvssv3: p.cvssv3 ?? null,
    cvssv3_score: p.cvssv3_score ?? null,
    static_finding: p.static_finding,
    dynamic_finding: !p.static_finding,
    active: opts.active ?? true,
    verified: opts.verified ?? false,
    tags: [...opts.tags],
    hash_code: hash,
    found_by: [test.test_type],
  };
  applySaveRules(undefined, draft, ctx.user.id, ctx.now);
  const row = ctx.db.findings.insert((id) => ({ ...draft, id }));
  return { finding: row, outcome: 'created' };
}

type Counts = Record<
  | 'active'
  | 'verified'
  | 'duplicate'
  | 'false_p'
  | 'out_of_scope'
  | 'is_mitigated'
  | 'risk_accepted'
  | 'total',
  number
>;

const zero = (): Counts => ({
  active: 0,
  verified: 0,
  duplicate: 0,
  false_p: 0,
  out_of_scope: 0,
  is_mitigated: 0,
  risk_accepted: 0,
  total: 0,
});

/** `{info: {...}, low: ..., critical: ..., total: ...}` for a set of findings. */
export function statistics(rows: readonly FindingRow[]): Record<string, Counts> {
  const out: Record<string, Counts> = {
    info: zero(),
    low: zero(),
    medium: zero(),
    high: zero(),
    critical: zero(),
    total: zero(),
  };
  for (const f of rows) {
    for (const key of [f.severity.toLowerCase() as Lowercase<Severity>, 'total'] as const) {
      const c = out[key]!;
      c.total++;
      for (const k of [
        'active',
        'verified',
        'duplicate',
        'false_p',
        'out_of_scope',
        'is_mitigated',
        'risk_accepted',
      ] as const)
        if (f[k]) c[k]++;
    }
  }
  return out;
}

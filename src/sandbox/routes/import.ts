/**
 * `POST /api/v2/import-scan/` and `/reimport-scan/` (API.md §6): multipart only, target checks in
 * the permission class (bare-array 400s), then field validation, then the parser. Reimport
 * matches findings by hash_code: matched ones are untouched (or reactivated), new ones created,
 * missing ones closed when close_old_findings (default true on reimport).
 */
import { DojoHttpError, internalError, validationError } from '../errors.js';
import type { FieldError } from '../errors.js';
import { isFile } from '../multipart.js';
import { resolveTarget } from '../import-context.js';
import { parserFor, type ParsedFinding } from '../parsers/index.js';
import type { Ctx, Reply, Resource } from '../router.js';
import { scanTypesFor } from '../../dojo/scan-types.js';
import { SEVERITIES, type FindingRow, type Severity, type TestRow } from '../model.js';
import { dojoDate, dojoDateTime, isDateString } from '../time.js';
import { createFromParsed, statistics } from '../import-findings.js';

/** Scan types whose import answer carries the "Pro has a connector" note (API.md §6.2). */
const PRO_CONNECTORS = new Set([
  'Snyk Scan',
  'Semgrep JSON Report',
  'Burp Enterprise Scan',
  'AWS Security Hub Scan',
  'Probely Scan',
  'Checkmarx One Scan',
  'Tenable Scan',
  'SonarQube Scan',
  'Dependency Track Finding Packaging Format (FPF) Export',
  'Wiz Scan',
]);

const MAX_FILE = 100 * 1024 * 1024;

const boolField = (f: Record<string, unknown>, k: string, dflt: boolean): boolean | undefined => {
  const v = f[k];
  if (v === undefined || v === '') return dflt;
  if (v === 'true' || v === 'True' || v === '1') return true;
  if (v === 'false' || v === 'False' || v === '0') return false;
  return undefined;
};

function fields(ctx: Ctx): Record<string, unknown> {
  // Only MultiPartParser is configured: JSON (or any other type) is a 415.
  if (ctx.contentType !== 'multipart/form-data' && ctx.rawBody.length > 0)
    throw new DojoHttpError(415, {
      detail: `Unsupported media type "${ctx.contentType}" in request.`,
    });
  return ctx.rawBody.length === 0 ? {} : (ctx.body() as Record<string, unknown>);
}

async function doImport(ctx: Ctx, reimport: boolean): Promise<Reply> {
  const f = fields(ctx);
  const target = resolveTarget(ctx, f, reimport);
  const errors: Record<string, FieldError[]> = {};
  const scanType = typeof f.scan_type === 'string' ? f.scan_type : undefined;
  if (scanType === undefined)
    errors.scan_type = [{ message: 'This field is required.', code: 'required' }];
  else if (!scanTypesFor(ctx.db.version).has(scanType))
    errors.scan_type = [
      { message: `"${scanType}" is not a valid choice.`, code: 'invalid_choice' },
    ];
  const minSev = (typeof f.minimum_severity === 'string' ? f.minimum_severity : 'Info') as Severity;
  if (!SEVERITIES.includes(minSev))
    errors.minimum_severity = [
      { message: `"${minSev}" is not a valid choice.`, code: 'invalid_choice' },
    ];
  const flags: Record<string, boolean | undefined> = {};
  for (const [k, d] of [
    ['active', true],
    ['verified', false],
    ['close_old_findings', reimport],
    ['close_old_findings_product_scope', false],
    ['do_not_reactivate', false],
    ['apply_tags_to_findings', false],
    ['push_to_jira', false],
    ['auto_create_context', false],
    ['create_finding_groups_for_all_findings', true],
  ] as const) {
    flags[k] = boolField(f, k, d);
    if (flags[k] === undefined)
      errors[k] = [{ message: 'Must be a valid boolean.', code: 'invalid' }];
  }
  const scanDate = typeof f.scan_date === 'string' && f.scan_date !== '' ? f.scan_date : undefined;
  if (scanDate !== undefined && !isDateString(scanDate))
    errors.scan_date = [
      {
        message: 'Date has wrong format. Use one of these formats instead: YYYY-MM-DD.',
        code: 'invalid',
      },
    ];
  if (Object.keys(errors).length) throw validationError(errors);
  const file = isFile(f.file) ? f.file : undefined;
  const nonField = (message: string) =>
    validationError({ non_field_errors: [{ message, code: 'invalid' }] });
  if (!file) throw nonField(`Uploading a Report File is required for ${scanType!}`);
  if (file.data.length > MAX_FILE)
    throw nonField('Report file is too large. Maximum supported size is 100 MB');
  if (scanDate && scanDate > dojoDate(ctx.now))
    throw nonField('The scan_date cannot be in the future!');

  let parsed: ParsedFinding[] = [];
  const parser = parserFor(scanType!);
  if (parser) {
    try {
      parsed = parser(file.data);
    } catch {
      throw internalError();
    }
  }
  const rank = (s: Severity): number => SEVERITIES.indexOf(s);
  parsed = parsed.filter((p) => rank(p.severity) >= rank(minSev));
  const tags = ([] as unknown[])
    .concat(f.tags ?? [])
    .flatMap((t) => String(t).split(','))
    .map((t) => t.trim().toLowerCase())
    .filter(Boolean);
  const stamp = dojoDateTime(ctx.now);

  let test: TestRow | undefined = target.test;
  const before = test ? ctx.db.findings.all().filter((x) => x.test === test!.id) : [];
  const beforeStats = statistics(before);
  if (!test) {
    const tt = ctx.db.testTypeByName(scanType!, parsed[0]?.static_finding ?? true);
    test = ctx.db.tests.insert((id) => ({
      id,
      engagement: target.engagement.id,
      test_type: tt.id,
      scan_type: scanType!,
      title: typeof f.test_title === 'string' && f.test_title !== '' ? f.test_title : null,
      description: null,
      tags,
      target_start: stamp,
      target_end: stamp,
      lead: ctx.user.id,
      environment: 1,
      version: (f.version as string) ?? null,
      branch_tag: (f.branch_tag as string) ?? null,
      build_id: (f.build_id as string) ?? null,
      commit_hash: (f.commit_hash as string) ?? null,
      created: stamp,
      updated: stamp,
    }));
  } else if (tags.length) test.tags = tags;
  const opts = {
    active: f.active === undefined ? undefined : flags.active,
    verified: f.verified === undefined ? undefined : flags.verified,
    date: scanDate ?? dojoDate(ctx.now),
    tags: flags.apply_tags_to_findings ? tags : [],
  };
  const delta = {
    created: [] as FindingRow[],
    closed: [] as FindingRow[],
    reactivated: [] as FindingRow[],
    untouched: [] as FindingRow[],
  };
  const seen = new Set<string>();
  for (const p of parsed) {
    const r = createFromParsed(
      ctx,
      test,
      p,
      opts,
      reimport ? before : [],
      !flags.do_not_reactivate,
    );
    seen.add(r.finding.hash_code ?? '');
    delta[r.outcome].push(r.finding);
  }
  if (flags.close_old_findings) {
    // Import closes within the engagement (or product), reimport within the test.
    const scope = ctx.db.findings.all().filter((x) => {
      if (!x.active || seen.has(x.hash_code ?? '')) return false;
      const t = ctx.db.tests.get(x.test)!;
      if (reimport) return x.test === test!.id;
      if (t.test_type !== test!.test_type || x.test === test!.id) return false;
      return flags.close_old_findings_product_scope
        ? ctx.db.productOfTest(t)?.id === target.product.id
        : t.engagement === target.engagement.id;
    });
    for (const x of scope) {
      Object.assign(x, {
        active: false,
        is_mitigated: true,
        mitigated: stamp,
        mitigated_by: ctx.user.id,
        last_status_update: stamp,
        updated: stamp,
      });
      delta.closed.push(x);
    }
  }
  const after = ctx.db.findings.all().filter((x) => x.test === test!.id);
  const echo: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(f)) if (k !== 'file') echo[k] = v;
  const body: Record<string, unknown> = {
    minimum_severity: minSev,
    active: opts.active ?? true,
    verified: opts.verified ?? false,
    push_to_jira: flags.push_to_jira,
    close_old_findings: flags.close_old_findings,
    create_finding_groups_for_all_findings: flags.create_finding_groups_for_all_findings,
    ...echo,
    scan_type: scanType,
    tags,
    test: test.id,
    test_id: test.id,
    engagement_id: target.engagement.id,
    product_id: target.product.id,
    product_type_id: target.product.prod_type,
    statistics: reimport
      ? {
          before: beforeStats,
          delta: {
            created: statistics(delta.created),
            closed: statistics(delta.closed),
            reactivated: statistics(delta.reactivated),
            untouched: statistics(delta.untouched),
          },
          after: statistics(after),
        }
      : { after: statistics(after) },
  };
  if (ctx.db.version === '3') {
    body.deduplication_execution_mode = null;
    body.deduplication_complete = false;
  }
  if (PRO_CONNECTORS.has(scanType!))
    body.pro = [
      `Did you know, Pro has an automated no-code connector for ${scanType!}? Try today for free or email us at hello@defectdojo.com`,
    ];
  return { status: 201, body };
}

export const importResources: Resource[] = [
  { path: 'import-scan', root: { POST: (ctx) => doImport(ctx, false) } },
  { path: 'reimport-scan', root: { POST: (ctx) => doImport(ctx, true) } },
];

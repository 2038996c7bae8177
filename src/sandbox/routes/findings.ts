/**
 * `/api/v2/findings/`: list (filters §3), retrieve, create, PUT, PATCH, DELETE (API.md §2).
 * The custom actions (notes, tags, close, verify) live in finding-actions.ts.
 */
import { can } from '../auth.js';
import { findingFor, bodyObject, parentId } from '../access.js';
import { forbidden, validationError } from '../errors.js';
import type { FieldError } from '../errors.js';
import { validateFields, type Spec } from '../fields.js';
import { filterFindings } from '../finding-filters.js';
import { applySaveRules, validateFindingState } from '../finding-state.js';
import type { FindingRow } from '../model.js';
import { NUMERICAL_SEVERITY, SEVERITIES } from '../model.js';
import { paginate } from '../pagination.js';
import { renderFinding, renderFindingCreated } from '../serialize.js';
import type { Ctx, Reply, Resource } from '../router.js';
import type { SandboxDb } from '../db.js';
import { dojoDate, dojoDateTime } from '../time.js';
import { findingActions } from './finding-actions.js';
import { buildPrefetch, prefetchFields, relatedFields } from '../finding-prefetch.js';

const SEVERITY_MESSAGE = `Severity must be one of the following: ['Info', 'Low', 'Medium', 'High', 'Critical']`;

/** Writable finding fields (FindingSerializer / FindingCreateSerializer). */
function findingSpec(db: SandboxDb, create: boolean): Spec {
  const str = { type: 'string', nullable: true, blank: true } as const;
  const bool = { type: 'bool' } as const;
  const spec: Spec = {
    title: { type: 'string', required: true, max: 511 },
    date: { type: 'date' },
    severity: {
      type: 'choice',
      required: true,
      choices: SEVERITIES,
      choiceMessage: SEVERITY_MESSAGE,
    },
    description: { type: 'string', required: true },
    numerical_severity: { type: 'string', required: create, max: 4 },
    cwe: { type: 'int', nullable: true },
    epss_score: { type: 'float', nullable: true },
    epss_percentile: { type: 'float', nullable: true },
    cvssv3: { ...str, max: 117 },
    cvssv3_score: { type: 'float', nullable: true },
    mitigation: str,
    impact: str,
    steps_to_reproduce: str,
    severity_justification: str,
    references: str,
    file_path: str,
    component_name: str,
    component_version: str,
    unique_id_from_tool: str,
    vuln_id_from_tool: str,
    service: str,
    fix_version: str,
    planned_remediation_version: str,
    effort_for_fixing: str,
    line: { type: 'int', nullable: true },
    fix_available: { type: 'bool', nullable: true },
    publish_date: { type: 'date', nullable: true },
    planned_remediation_date: { type: 'date', nullable: true },
    active: { ...bool, required: create },
    verified: { ...bool, required: create },
    false_p: bool,
    duplicate: bool,
    out_of_scope: bool,
    risk_accepted: bool,
    under_review: bool,
    under_defect_review: bool,
    is_mitigated: bool,
    static_finding: bool,
    dynamic_finding: bool,
    known_exploited: bool,
    ransomware_used: bool,
    tags: { type: 'tags' },
    reviewers: { type: 'pks', exists: (id) => db.users.get(id) !== undefined },
    found_by: { type: 'pks', required: create, exists: (id) => db.testTypes.get(id) !== undefined },
    reporter: { type: 'pk', exists: (id) => db.users.get(id) !== undefined },
  };
  return spec;
}

/** `mitigated` / `mitigated_by` are writable only with DD_EDITABLE_MITIGATED_DATA (off). */
function mitigatedErrors(body: Record<string, unknown>): Record<string, FieldError[]> {
  const errors: Record<string, FieldError[]> = {};
  for (const k of ['mitigated', 'mitigated_by'])
    if (body[k] !== undefined && body[k] !== null)
      errors[k] = [{ message: `Not allowed to set ${k}.`, code: 'invalid' }];
  return errors;
}

function vulnIds(body: Record<string, unknown>): string[] | undefined {
  const v = body.vulnerability_ids;
  if (!Array.isArray(v)) return undefined;
  return v
    .map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>).vulnerability_id : x))
    .filter((x): x is string => typeof x === 'string');
}

function list(ctx: Ctx): Reply {
  const visible = ctx.db.findings.all().filter((f) => {
    const p = ctx.db.productOfFinding(f);
    return p !== undefined && can(ctx.db, ctx.user, 'view', p);
  });
  const rows = filterFindings(ctx.db, visible, ctx.query, ctx.now);
  const body = paginate(rows, ctx.query, ctx.selfUrl, (f) => render(ctx, f), true);
  const fields = prefetchFields(ctx.query);
  if (fields.length) {
    const page = (body.results as Array<{ id: number }>).map((r) => ctx.db.findings.get(r.id)!);
    body.prefetch = buildPrefetch(ctx, page, fields);
  }
  return { status: 200, body };
}

/** One finding with `related_fields` filled when `?related_fields=true`. */
function render(ctx: Ctx, f: FindingRow): Record<string, unknown> {
  const out = renderFinding(ctx.db, f, ctx.now);
  if (ctx.query.get('related_fields') === 'true') out.related_fields = relatedFields(ctx, f);
  return out;
}

function retrieve(ctx: Ctx, id: number): Reply {
  const f = findingFor(ctx, id);
  const out = render(ctx, f);
  const fields = prefetchFields(ctx.query);
  // On retrieve, `prefetch` is a key of the object itself.
  if (fields.length) out.prefetch = buildPrefetch(ctx, [f], fields);
  return { status: 200, body: out };
}

function create(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  const testId = parentId(body, 'test', 'Test', (id) => ctx.db.tests.get(id) !== undefined);
  const product = ctx.db.productOfTest(ctx.db.tests.get(testId)!)!;
  if (!can(ctx.db, ctx.user, 'finding_add', product)) throw forbidden();
  const { values, errors } = validateFields(findingSpec(ctx.db, true), body, false);
  Object.assign(errors, mitigatedErrors(body));
  if (Object.keys(errors).length) throw validationError(errors);
  const stamp = dojoDateTime(ctx.now);
  const draft: FindingRow = {
    ...blankFinding(testId, ctx.user.id, stamp, dojoDate(ctx.now)),
    ...(values as Partial<FindingRow>),
  };
  draft.vulnerability_ids = vulnIds(body) ?? [];
  const stateErrors = validateFindingState(draft, product.enable_simple_risk_acceptance);
  if (stateErrors.length)
    throw validationError({
      non_field_errors: stateErrors.map((message) => ({ message, code: 'invalid' })),
    });
  applySaveRules(undefined, draft, ctx.user.id, ctx.now);
  const row = ctx.db.findings.insert((id) => ({ ...draft, id }));
  return { status: 201, body: renderFindingCreated(row) };
}

function update(ctx: Ctx, id: number, partial: boolean): Reply {
  const f = findingFor(ctx, id, 'finding_edit');
  const body = bodyObject(ctx);
  const { values, errors } = validateFields(findingSpec(ctx.db, false), body, partial);
  Object.assign(errors, mitigatedErrors(body));
  if (Object.keys(errors).length) throw validationError(errors);
  const next: FindingRow = { ...f, ...(values as Partial<FindingRow>) };
  const ids = vulnIds(body);
  if (ids) next.vulnerability_ids = ids;
  // validate(): PATCH checks unsent flags at their stored values, PUT at the model defaults;
  // either way, save() only writes the fields that were sent.
  const defaults = {
    active: true,
    verified: false,
    false_p: false,
    duplicate: false,
    risk_accepted: false,
  };
  const checked: FindingRow = partial
    ? next
    : { ...next, ...defaults, ...(values as Partial<FindingRow>) };
  const product = ctx.db.productOfFinding(f)!;
  const stateErrors = validateFindingState(checked, product.enable_simple_risk_acceptance);
  if (stateErrors.length)
    throw validationError({
      non_field_errors: stateErrors.map((message) => ({ message, code: 'invalid' })),
    });
  applySaveRules(f, next, ctx.user.id, ctx.now);
  Object.assign(f, next);
  return { status: 200, body: renderFinding(ctx.db, f, ctx.now) };
}

/** A new finding with the model defaults. */
function blankFinding(test: number, reporter: number, stamp: string, today: string): FindingRow {
  return {
    id: 0,
    tags: [],
    vulnerability_ids: [],
    reporter,
    endpoints: [],
    created: stamp,
    updated: stamp,
    title: '',
    date: today,
    sla_start_date: null,
    sla_expiration_date: null,
    cwe: 0,
    epss_score: null,
    epss_percentile: null,
    known_exploited: false,
    ransomware_used: false,
    kev_date: null,
    cvssv3: null,
    cvssv3_score: null,
    cvssv4: null,
    cvssv4_score: null,
    url: null,
    severity: 'Info',
    description: '',
    mitigation: null,
    fix_available: null,
    fix_version: null,
    impact: null,
    steps_to_reproduce: null,
    severity_justification: null,
    references: null,
    active: true,
    verified: false,
    false_p: false,
    duplicate: false,
    out_of_scope: false,
    risk_accepted: false,
    under_review: false,
    last_status_update: stamp,
    under_defect_review: false,
    is_mitigated: false,
    thread_id: 0,
    mitigated: null,
    numerical_severity: NUMERICAL_SEVERITY.Info,
    last_reviewed: null,
    param: null,
    payload: null,
    hash_code: null,
    line: null,
    file_path: null,
    component_name: null,
    component_version: null,
    static_finding: false,
    dynamic_finding: true,
    scanner_confidence: null,
    unique_id_from_tool: null,
    vuln_id_from_tool: null,
    sast_source_object: null,
    sast_sink_object: null,
    sast_source_line: null,
    sast_source_file_path: null,
    nb_occurences: null,
    publish_date: null,
    service: null,
    planned_remediation_date: null,
    planned_remediation_version: null,
    effort_for_fixing: null,
    test,
    duplicate_finding: null,
    review_requested_by: null,
    defect_review_requested_by: null,
    mitigated_by: null,
    last_reviewed_by: null,
    sonarqube_issue: null,
    reviewers: [],
    notes: [],
    files: [],
    found_by: [],
  };
}

export { blankFinding };

/** The findings viewset. */
export const findingsResource: Resource = {
  path: 'findings',
  root: { GET: list, POST: create },
  detail: {
    GET: retrieve,
    PUT: (ctx, id) => update(ctx, id, false),
    PATCH: (ctx, id) => update(ctx, id, true),
    DELETE: (ctx, id) => {
      findingFor(ctx, id, 'finding_delete');
      ctx.db.findings.delete(id);
      return { status: 204 };
    },
  },
  detailActions: findingActions,
};

/**
 * Renders rows as DefectDojo's serializers do (API.md §2.1, §5): declared/computed fields first,
 * then model fields, then relations; 3.x-only fields only in 3 mode.
 */
import type { SandboxDb } from './db.js';
import { displayStatus } from './finding-state.js';
import type {
  EngagementRow,
  FindingRow,
  NoteRow,
  ProductRow,
  ProductTypeRow,
  TestRow,
  UserRow,
} from './model.js';
import { daysBetween, dojoDate } from './time.js';

/** `{id, username, first_name, last_name}` as nested in notes. */
export function userStub(db: SandboxDb, id: number | null): Record<string, unknown> | null {
  const u = id === null ? undefined : db.users.get(id);
  if (!u) return null;
  return { id: u.id, username: u.username, first_name: u.first_name, last_name: u.last_name };
}

/** A full note object (GET /findings/{id}/notes/, nested `notes` on a finding). */
export function renderNote(db: SandboxDb, n: NoteRow): Record<string, unknown> {
  return {
    id: n.id,
    author: userStub(db, n.author),
    editor: userStub(db, n.editor),
    history: [
      {
        id: n.id,
        current_editor: userStub(db, n.editor ?? n.author),
        note_type: n.note_type,
        data: n.entry,
        time: n.edit_time,
      },
    ],
    note_type: n.note_type,
    entry: n.entry,
    date: n.date,
    private: n.private,
    edited: n.edited,
    edit_time: n.edit_time,
  };
}

/** The finding as list/retrieve/PUT/PATCH return it. */
export function renderFinding(db: SandboxDb, f: FindingRow, now: Date): Record<string, unknown> {
  const today = dojoDate(now);
  const end = f.mitigated ? f.mitigated.slice(0, 10) : today;
  const { tags, vulnerability_ids, reporter, endpoints, id, notes, ...model } = f;
  const head: Record<string, unknown> = {
    id,
    tags,
    request_response: { req_resp: [] },
    accepted_risks: [],
    push_to_jira: false,
    age: Math.max(0, daysBetween(f.date, end)),
    sla_days_remaining: f.sla_expiration_date ? daysBetween(end, f.sla_expiration_date) : null,
    finding_meta: [],
    related_fields: null,
    jira_creation: null,
    jira_change: null,
    display_status: displayStatus(f),
    finding_groups: [],
    vulnerability_ids: vulnerability_ids.map((v) => ({ vulnerability_id: v })),
  };
  if (db.version === '3') head.cwes = [];
  const rendered: Record<string, unknown> = { ...head, reporter, endpoints, ...model };
  const noteRows = notes.map((n) => db.notes.get(n)).filter((n): n is NoteRow => n !== undefined);
  rendered.notes = noteRows.map((n) => renderNote(db, n));
  // keep `notes` before files/found_by, as DefectDojo orders relations.
  const { files, found_by } = f;
  delete rendered.files;
  delete rendered.found_by;
  rendered.files = files;
  rendered.found_by = found_by;
  return rendered;
}

/** POST /findings/ 201 body: model fields without the computed ones; `notes` as ids. */
export function renderFindingCreated(f: FindingRow): Record<string, unknown> {
  const { vulnerability_ids, ...rest } = f;
  return {
    ...rest,
    vulnerability_ids: vulnerability_ids.map((v) => ({ vulnerability_id: v })),
    push_to_jira: false,
  };
}

function findingsOf(db: SandboxDb, productId: number): FindingRow[] {
  return db.findings.all().filter((f) => f.active && db.productOfFinding(f)?.id === productId);
}

export function renderProduct(db: SandboxDb, p: ProductRow): Record<string, unknown> {
  const active = findingsOf(db, p.id);
  const { id, tags, created, name, description, ...rest } = p;
  const base: Record<string, unknown> = {
    id,
    findings_count: active.length,
    findings_list: active.map((f) => f.id),
    business_criticality: rest.business_criticality,
    platform: rest.platform,
    lifecycle: rest.lifecycle,
    origin: rest.origin,
    tags,
    product_meta: [],
    created,
    name,
    description,
    prod_numeric_grade: null,
    user_records: null,
    revenue: null,
    external_audience: rest.external_audience,
    internet_accessible: rest.internet_accessible,
    enable_product_tag_inheritance: false,
    enable_simple_risk_acceptance: rest.enable_simple_risk_acceptance,
    enable_full_risk_acceptance: true,
    disable_sla_breach_notifications: false,
    product_manager: rest.product_manager,
    technical_contact: rest.technical_contact,
    team_manager: rest.team_manager,
    prod_type: rest.prod_type,
    sla_configuration: 1,
  };
  const memberUsers = (scope: 'product' | 'product_type', target: number): number[] =>
    db.members
      .all()
      .filter((m) => m.scope === scope && m.target === target && m.user !== null)
      .map((m) => m.user!);
  if (db.version === '3') base.authorized_users = memberUsers('product', p.id);
  else {
    base.members = memberUsers('product', p.id);
    base.authorization_groups = [];
  }
  base.regulations = [];
  return base;
}

export function renderProductType(db: SandboxDb, pt: ProductTypeRow): Record<string, unknown> {
  const users = db.members
    .all()
    .filter((m) => m.scope === 'product_type' && m.target === pt.id)
    .map((m) => m.user);
  return db.version === '3'
    ? { ...pt, authorized_users: users }
    : { ...pt, members: users, authorization_groups: [] };
}

export function renderEngagement(db: SandboxDb, e: EngagementRow): Record<string, unknown> {
  const ci =
    db.version === '3'
      ? { cicd_build_server: null, cicd_scm_server: null, cicd_orchestration_engine: null }
      : { build_server: null, source_code_management_server: null, orchestration_engine: null };
  return {
    id: e.id,
    tags: e.tags,
    created: e.created,
    updated: e.updated,
    name: e.name,
    description: e.description,
    version: e.version,
    first_contacted: null,
    target_start: e.target_start,
    target_end: e.target_end,
    reason: null,
    tracker: null,
    test_strategy: null,
    threat_model: false,
    api_test: false,
    pen_test: e.engagement_type === 'Interactive',
    check_list: false,
    status: e.status,
    progress: 'threat_model',
    tmodel_path: 'none',
    done_testing: false,
    engagement_type: e.engagement_type,
    build_id: e.build_id,
    commit_hash: e.commit_hash,
    branch_tag: e.branch_tag,
    source_code_management_uri: null,
    deduplication_on_engagement: false,
    lead: e.lead,
    requester: null,
    preset: null,
    report_type: null,
    product: e.product,
    ...ci,
    notes: [],
    files: [],
    risk_acceptance: [],
    active: e.active,
  };
}

export function renderTest(db: SandboxDb, t: TestRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: t.id,
    tags: t.tags,
    test_type_name: db.testTypes.get(t.test_type)?.name ?? null,
    finding_groups: [],
    engagement: t.engagement,
    lead: t.lead,
    test_type: t.test_type,
    scan_type: t.scan_type,
    title: t.title,
    description: t.description,
    target_start: t.target_start,
    target_end: t.target_end,
    percent_complete: 100,
    notes: [],
    files: [],
    environment: t.environment,
    updated: t.updated,
    created: t.created,
    version: t.version,
    build_id: t.build_id,
    commit_hash: t.commit_hash,
    branch_tag: t.branch_tag,
    api_scan_configuration: null,
  };
  if (db.version === '3') {
    out.deduplication_algorithm = 'hash_code';
    out.hash_code_fields = null;
  }
  return out;
}

export function renderUser(db: SandboxDb, u: UserRow): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: u.id,
    username: u.username,
    first_name: u.first_name,
    last_name: u.last_name,
    email: u.email,
    date_joined: u.date_joined,
    last_login: u.last_login,
    is_active: u.is_active,
    is_superuser: u.is_superuser,
  };
  if (db.version === '3') out.is_staff = u.is_staff;
  out.token_last_reset = null;
  out.password_last_reset = null;
  out.configuration_permissions = [];
  return out;
}

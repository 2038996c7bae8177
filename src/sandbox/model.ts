/**
 * The sandbox's in-memory tables. Field names and types follow DefectDojo's models (API.md §2,
 * §5); computed fields (age, display_status, ...) are added by the serializers, not stored.
 */

/** `2.58` serves the RBAC surface (groups, roles); `3` is OSS 3.x where those routes are 404. */
export type DojoVersion = '2.58' | '3';

export type Severity = 'Critical' | 'High' | 'Medium' | 'Low' | 'Info';
export const SEVERITIES: readonly Severity[] = ['Info', 'Low', 'Medium', 'High', 'Critical'];
/** numerical_severity is derived from severity on every save (API.md §4 rule 7). */
export const NUMERICAL_SEVERITY: Record<Severity, string> = {
  Critical: 'S0',
  High: 'S1',
  Medium: 'S2',
  Low: 'S3',
  Info: 'S4',
};

export interface UserRow {
  id: number;
  username: string;
  first_name: string;
  last_name: string;
  email: string;
  date_joined: string;
  last_login: string | null;
  is_active: boolean;
  is_superuser: boolean;
  /** 3.x only on the wire; 2.58 mode keeps it for the legacy-authorization mapping. */
  is_staff: boolean;
  token: string;
}

export interface ProductTypeRow {
  id: number;
  name: string;
  description: string | null;
  critical_product: boolean;
  key_product: boolean;
  created: string;
  updated: string;
}

export interface ProductRow {
  id: number;
  name: string;
  description: string;
  prod_type: number;
  business_criticality: string | null;
  platform: string | null;
  lifecycle: string | null;
  origin: string | null;
  tags: string[];
  created: string;
  external_audience: boolean;
  internet_accessible: boolean;
  enable_simple_risk_acceptance: boolean;
  product_manager: number | null;
  technical_contact: number | null;
  team_manager: number | null;
}

export interface EngagementRow {
  id: number;
  name: string | null;
  description: string | null;
  product: number;
  tags: string[];
  target_start: string;
  target_end: string;
  status: string;
  engagement_type: string;
  lead: number | null;
  version: string | null;
  branch_tag: string | null;
  build_id: string | null;
  commit_hash: string | null;
  created: string;
  updated: string;
  active: boolean;
}

export interface TestRow {
  id: number;
  engagement: number;
  test_type: number;
  scan_type: string | null;
  title: string | null;
  description: string | null;
  tags: string[];
  target_start: string;
  target_end: string;
  lead: number | null;
  environment: number | null;
  version: string | null;
  branch_tag: string | null;
  build_id: string | null;
  commit_hash: string | null;
  created: string;
  updated: string;
}

export interface TestTypeRow {
  id: number;
  name: string;
  static_tool: boolean;
  dynamic_tool: boolean;
  active: boolean;
}

export interface NoteRow {
  id: number;
  finding: number;
  author: number;
  editor: number | null;
  entry: string;
  note_type: number | null;
  private: boolean;
  edited: boolean;
  date: string;
  edit_time: string;
}

/** Every stored finding field (API.md §2.1), in DefectDojo's JSON order after the declared ones. */
export interface FindingRow {
  id: number;
  tags: string[];
  vulnerability_ids: string[];
  reporter: number;
  endpoints: number[];
  created: string;
  updated: string;
  title: string;
  date: string;
  sla_start_date: string | null;
  sla_expiration_date: string | null;
  cwe: number | null;
  epss_score: number | null;
  epss_percentile: number | null;
  known_exploited: boolean;
  ransomware_used: boolean;
  kev_date: string | null;
  cvssv3: string | null;
  cvssv3_score: number | null;
  cvssv4: string | null;
  cvssv4_score: number | null;
  url: string | null;
  severity: Severity;
  description: string;
  mitigation: string | null;
  fix_available: boolean | null;
  fix_version: string | null;
  impact: string | null;
  steps_to_reproduce: string | null;
  severity_justification: string | null;
  references: string | null;
  active: boolean;
  verified: boolean;
  false_p: boolean;
  duplicate: boolean;
  out_of_scope: boolean;
  risk_accepted: boolean;
  under_review: boolean;
  last_status_update: string | null;
  under_defect_review: boolean;
  is_mitigated: boolean;
  thread_id: number;
  mitigated: string | null;
  numerical_severity: string;
  last_reviewed: string | null;
  param: string | null;
  payload: string | null;
  hash_code: string | null;
  line: number | null;
  file_path: string | null;
  component_name: string | null;
  component_version: string | null;
  static_finding: boolean;
  dynamic_finding: boolean;
  scanner_confidence: number | null;
  unique_id_from_tool: string | null;
  vuln_id_from_tool: string | null;
  sast_source_object: string | null;
  sast_sink_object: string | null;
  sast_source_line: number | null;
  sast_source_file_path: string | null;
  nb_occurences: number | null;
  publish_date: string | null;
  service: string | null;
  planned_remediation_date: string | null;
  planned_remediation_version: string | null;
  effort_for_fixing: string | null;
  test: number;
  duplicate_finding: number | null;
  review_requested_by: number | null;
  defect_review_requested_by: number | null;
  mitigated_by: number | null;
  last_reviewed_by: number | null;
  sonarqube_issue: number | null;
  reviewers: number[];
  notes: number[];
  files: number[];
  found_by: number[];
}

export interface GroupRow {
  id: number;
  name: string;
  description: string | null;
  social_provider: string | null;
}

/** A role held through a membership; `scope` says on what (API.md §7.1). */
export interface MemberRow {
  id: number;
  user: number | null;
  group: number | null;
  role: number;
  scope: 'global' | 'product' | 'product_type' | 'group';
  /** product or product type id; null for global and group rows. */
  target: number | null;
}

/** Fixed content of dojo/fixtures/role.json (API.md §5.10). */
export const ROLES = [
  { id: 1, name: 'API_Importer', is_owner: false },
  { id: 2, name: 'Writer', is_owner: false },
  { id: 3, name: 'Maintainer', is_owner: false },
  { id: 4, name: 'Owner', is_owner: true },
  { id: 5, name: 'Reader', is_owner: false },
] as const;

export const ROLE = { API_Importer: 1, Writer: 2, Maintainer: 3, Owner: 4, Reader: 5 } as const;

/**
 * Faithful encoding of tool arguments into DefectDojo REST query parameters (API.md §1.4, §3):
 * booleans as `true`/`false`, severities in DefectDojo's exact case, the Pro date choices as the
 * numeric DateRangeFilter values, and the Pro status words as the boolean filters they stand for.
 */
import { DojoRequestError } from './errors.js';

/** DefectDojo's severities, in its exact (case-sensitive) spelling. */
export const SEVERITIES = ['Critical', 'High', 'Medium', 'Low', 'Info'] as const;

/** DefectDojo's engagement statuses (model choices, exact case). */
export const ENGAGEMENT_STATUSES = [
  'Not Started',
  'Blocked',
  'Cancelled',
  'Completed',
  'In Progress',
  'On Hold',
  'Scheduled',
  'Waiting for Resource',
] as const;
export type Severity = (typeof SEVERITIES)[number];

/** numerical_severity that DefectDojo requires on POST /findings/ (recomputed on save). */
export const NUMERICAL_SEVERITY: Record<Severity, string> = {
  Critical: 'S0',
  High: 'S1',
  Medium: 'S2',
  Low: 'S3',
  Info: 'S4',
};

/** The Pro tool's status words (seed page), as accepted by `get_findings`. */
export const PRO_STATUSES = [
  'Any',
  'Active',
  'Open',
  'Verified',
  'Out of Scope',
  'False Positive',
  'Inactive',
  'Risk Accepted',
  'Closed',
  'Under Review',
] as const;
export type ProStatus = (typeof PRO_STATUSES)[number];

/** The Pro tool's date choices; index = DefectDojo DateRangeFilter value. */
export const PRO_DATES = [
  '0 - Any date',
  '1 - Today',
  '2 - Past 7 days',
  '3 - Past 30 days',
  '4 - Past 90 days',
  '5 - Current month',
  '6 - Current year',
  '7 - Past year',
] as const;
export type ProDate = (typeof PRO_DATES)[number];

type BoolFilters = Record<string, boolean>;

/** API.md §3 "UI / Pro-MCP status words as API filters". */
const STATUS_FILTERS: Record<ProStatus, BoolFilters> = {
  Any: {},
  Active: { active: true },
  Open: { active: true },
  Verified: { active: true, verified: true },
  'Out of Scope': { active: false, out_of_scope: true },
  'False Positive': { active: false, duplicate: false, false_p: true },
  Inactive: {
    active: false,
    duplicate: false,
    is_mitigated: false,
    false_p: false,
    out_of_scope: false,
  },
  'Risk Accepted': { risk_accepted: true },
  Closed: { is_mitigated: true },
  'Under Review': { under_review: true },
};

/**
 * Canonical DefectDojo spelling of a severity, whatever the input case; undefined if unknown.
 * DefectDojo matches `severity=` case-sensitively, so `high` would silently match nothing.
 * @example canonicalSeverity('hIgH') // 'High'
 */
export function canonicalSeverity(value: string): Severity | undefined {
  const v = value.trim().toLowerCase();
  return SEVERITIES.find((s) => s.toLowerCase() === v);
}

/** `true`/`false`: the only spellings every DefectDojo boolean filter accepts (§1.4). */
export function encodeBool(value: boolean): 'true' | 'false' {
  return value ? 'true' : 'false';
}

/**
 * Combines status words with AND (as DefectDojo's UI filter does). Contradicting words
 * (e.g. Active + Inactive) cannot be expressed as one query, so they are refused, not guessed.
 * @example statusFilters(['Active', 'Verified']) // { active: true, verified: true }
 */
export function statusFilters(statuses: readonly ProStatus[]): BoolFilters {
  const out: BoolFilters = {};
  const from: Record<string, ProStatus> = {};
  for (const status of statuses) {
    for (const [key, val] of Object.entries(STATUS_FILTERS[status])) {
      if (key in out && out[key] !== val) {
        throw new DojoRequestError(
          `status values "${from[key]}" and "${status}" contradict each other (status values are combined with AND)`,
        );
      }
      out[key] = val;
      from[key] = status;
    }
  }
  return out;
}

/**
 * The DateRangeFilter value of a Pro date choice; undefined for "0 - Any date", because
 * DefectDojo answers `date=0` with 400 and "any" means leaving the parameter out.
 * @example dateFilter('3 - Past 30 days') // '3'
 */
export function dateFilter(choice: ProDate): string | undefined {
  const idx = PRO_DATES.indexOf(choice);
  return idx <= 0 ? undefined : String(idx);
}

/** Query parameter values; arrays become comma lists (DefectDojo's OR lists). */
export type QueryValue = string | number | boolean | readonly (string | number)[] | undefined;

/**
 * Builds a query string with DefectDojo's encodings; undefined values are left out.
 * @example encodeQuery({ active: true, severity: ['Critical', 'High'], limit: 5 })
 */
export function encodeQuery(params: Record<string, QueryValue>): URLSearchParams {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    if (typeof value === 'boolean') q.set(key, encodeBool(value));
    else if (Array.isArray(value)) {
      if (value.length) q.set(key, value.join(','));
    } else q.set(key, String(value));
  }
  return q;
}

/** Input of the Pro `get_findings` tool (after schema validation). */
export interface FindingsFilter {
  severity?: readonly string[];
  status?: readonly ProStatus[];
  date?: readonly ProDate[];
  limit: number;
  offset: number;
}

/**
 * The query of `GET /findings/` for the Pro `get_findings` arguments. Ordered by id for
 * stable paging.
 */
export function findingsQuery(f: FindingsFilter): URLSearchParams {
  const severities = (f.severity ?? []).map((s) => {
    const c = canonicalSeverity(s);
    if (!c) throw new DojoRequestError('severity must be one of Critical, High, Medium, Low, Info');
    return c;
  });
  if ((f.date?.length ?? 0) > 1) throw new DojoRequestError('date takes a single value');
  const date = f.date?.[0] ? dateFilter(f.date[0]) : undefined;
  return encodeQuery({
    ...statusFilters(f.status ?? []),
    severity: [...new Set(severities)],
    date,
    o: 'id',
    limit: f.limit,
    offset: f.offset,
  });
}

/** Multipart form booleans (API.md §6.1: `true` or `false`). */
export function formBool(value: boolean): string {
  return encodeBool(value);
}

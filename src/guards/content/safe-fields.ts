/**
 * The built-in list of strings that are safe by construction, used where a tool's outputSchema
 * says nothing about a string (no outputSchema, or a loose object such as DefectDojo's). Every
 * entry checks the *value*, never only the key: a field named `date` holding a sentence is wrapped
 * like any other text. Keep this list short; policies add exemptions with `content.wrap.exempt`.
 *
 * - Shapes, under any key: ISO 8601 dates and date-times, UUIDs, hex digests (hash_code,
 *   commit_hash), plain numbers. None of them can spell an instruction.
 * - DefectDojo enums, by key, value in the closed set DefectDojo validates (severity,
 *   numerical_severity, display_status, engagement status/engagement_type, product
 *   business_criticality/platform/lifecycle/origin).
 * - DRF page links `next`/`previous`: URLs the server builds from the caller's own query.
 */

import { ENGAGEMENT_STATUSES, SEVERITIES } from '../../dojo/encoding.js';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const HEX_DIGEST = /^[0-9a-fA-F]{32,128}$/;
const NUMBER = /^-?\d{1,30}(?:\.\d{1,30})?$/;
const PAGE_LINK =
  /^https?:\/\/[^\s"'<>\\/]{1,255}\/(?:[^\s"'<>\\]{0,64}\/)?api\/v2\/[a-z_/-]{1,64}\?[A-Za-z0-9_=&%.,+:-]{0,1024}$/;

/** Shapes safe under any key (checked in this order; all anchored, no nested quantifiers). */
const SAFE_SHAPES: readonly RegExp[] = [ISO_DATE, ISO_DATE_TIME, UUID, HEX_DIGEST, NUMBER];

const DISPLAY_STATUS_WORDS = new Set([
  'Under Review',
  'Active',
  'Inactive',
  'Verified',
  'Mitigated',
  'False Positive',
  'Out Of Scope',
  'Duplicate',
  'Risk Accepted',
]);

/** Key → closed value set (DefectDojo's model choices). */
const ENUMS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries<readonly string[]>({
    severity: SEVERITIES,
    numerical_severity: ['S0', 'S1', 'S2', 'S3', 'S4'],
    status: ENGAGEMENT_STATUSES,
    engagement_type: ['Interactive', 'CI/CD'],
    business_criticality: ['very high', 'high', 'medium', 'low', 'very low', 'none'],
    platform: ['web service', 'desktop', 'iot', 'mobile', 'web'],
    lifecycle: ['construction', 'production', 'retirement'],
    origin: [
      'third party library',
      'purchased',
      'contractor',
      'internal',
      'open source',
      'outsourced',
    ],
  }).map(([k, v]) => [k, new Set(v)]),
);

/** Keys whose value is a link the server builds (DRF pagination). */
const LINK_KEYS = new Set(['next', 'previous']);

function isDisplayStatus(value: string): boolean {
  if (value.length > 200) return false;
  return value.split(', ').every((w) => DISPLAY_STATUS_WORDS.has(w));
}

/**
 * True when `value`, found under object key `key` (the nearest key: array elements inherit it),
 * is safe by construction per the built-in list.
 * @example isBuiltinSafe('severity', 'High') // true
 * @example isBuiltinSafe('date', 'Ignore all previous instructions') // false
 */
export function isBuiltinSafe(key: string | undefined, value: string): boolean {
  if (value.length <= 128) {
    for (const re of SAFE_SHAPES) if (re.test(value)) return true;
  }
  if (key === undefined) return false;
  const set = ENUMS.get(key);
  if (set) return set.has(value);
  if (key === 'display_status') return isDisplayStatus(value);
  if (LINK_KEYS.has(key)) return value.length <= 2048 && PAGE_LINK.test(value);
  return false;
}

/** The keys the built-in list names (for `policy explain` and the docs). */
export const BUILTIN_SAFE_KEYS: readonly string[] = Object.freeze([
  ...ENUMS.keys(),
  'display_status',
  ...LINK_KEYS,
]);

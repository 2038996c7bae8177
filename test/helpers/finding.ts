/**
 * A finding as a test upstream's get_finding_by_id answers it: every state flag the finding-facts
 * guard reads (src/guards/finding-facts/facts.ts), and the members that make it finding-shaped
 * for read tracking (src/guards/read-tracking/ids.ts). Overrides replace or add members.
 * @example findingRecord(7, { severity: 'High' })
 */
export function findingRecord(
  id: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id,
    title: `finding ${id}`,
    severity: 'Medium',
    active: true,
    verified: false,
    risk_accepted: false,
    is_mitigated: false,
    false_p: false,
    out_of_scope: false,
    duplicate: false,
    under_review: false,
    tags: [],
    test: 1,
    ...overrides,
  };
}

/**
 * The shipped roles of policies/dojo-server.yaml written out independently (the oracle for e2e and
 * adversarial tests: if the policy changes, these lists must be changed on purpose).
 */
const READER = [
  'health_check',
  'get_findings',
  'get_finding_by_id',
  'get_finding_notes',
  'get_products',
  'get_product_types',
  'get_engagements',
  'get_tests',
  'get_test_types',
];
const SCANNER = [...READER, 'import_scan', 'reimport_scan'];
const WRITER = [
  ...SCANNER,
  'create_finding',
  'update_finding',
  'close_finding',
  'reopen_finding',
  'add_finding_note',
  'add_finding_tags',
  'remove_finding_tags',
  'create_engagement',
  'create_test',
];
const ADMIN = [
  ...WRITER,
  'create_product',
  'get_users',
  'get_user_by_id',
  'get_groups',
  'get_group_by_id',
  'get_dojo_group_members',
  'get_roles',
];

export const ROLES = ['reader', 'scanner', 'writer', 'admin'] as const;
export const ROLE_TOOLS: Record<string, ReadonlySet<string>> = {
  reader: new Set(READER),
  scanner: new Set(SCANNER),
  writer: new Set(WRITER),
  admin: new Set(ADMIN),
};

/** Tokens bound through the peer-compatible env bindings. */
export const roleToken = (role: string): string => `e2e-${role}-token-0123456789abcdef`;
export function roleEnv(): Record<string, string> {
  return Object.fromEntries(
    ROLES.map((r) => [`MCP_ROLE_${r.toUpperCase()}`, `${roleToken(r)}:${r}`]),
  );
}

const SCAN = Buffer.from(
  '<?xml version="1.0"?><OWASPZAPReport version="2.11.1"><site name="x"><alerts></alerts></site></OWASPZAPReport>',
).toString('base64');

/** Plausible arguments for every tool of dojo-guard server (sandbox ids). */
export const TOOL_ARGS: Record<string, Record<string, unknown>> = {
  health_check: {},
  get_findings: { limit: 1 },
  get_finding_by_id: { finding_id: 17 },
  get_finding_notes: { finding_id: 17 },
  get_products: { limit: 1 },
  get_product_types: { limit: 1 },
  get_engagements: { limit: 1 },
  get_tests: { limit: 1 },
  get_test_types: { limit: 1 },
  get_users: { limit: 1 },
  get_user_by_id: { user_id: 1 },
  get_groups: { limit: 1 },
  get_group_by_id: { group_id: 1 },
  get_dojo_group_members: { group_id: 1 },
  get_roles: { limit: 1 },
  import_scan: { scan_type: 'ZAP Scan', file: SCAN, file_name: 'zap.xml', engagement_id: 1 },
  reimport_scan: { scan_type: 'ZAP Scan', file: SCAN, file_name: 'zap.xml', test_id: 1 },
  create_finding: { test_id: 1, title: 'matrix', severity: 'Low', description: 'matrix test' },
  update_finding: { finding_id: 17, title: 'matrix update' },
  close_finding: { finding_id: 18, reason: 'mitigated' },
  reopen_finding: { finding_id: 18 },
  add_finding_note: { finding_id: 17, entry: 'matrix note' },
  add_finding_tags: { finding_id: 17, tags: ['matrix'] },
  remove_finding_tags: { finding_id: 17, tags: ['matrix'] },
  create_engagement: {
    product_id: 1,
    name: 'matrix',
    target_start: '2026-01-01',
    target_end: '2026-01-02',
  },
  create_test: {
    engagement_id: 1,
    test_type_id: 1,
    target_start: '2026-01-01',
    target_end: '2026-01-02',
  },
  create_product: { name: 'matrix product', description: 'matrix', prod_type_id: 1 },
};

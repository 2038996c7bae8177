/**
 * Shared pieces of the approval e2e tests: a policy with requesters and approvers, SDK clients,
 * the CLI as an approver runs it, and audit-file reading.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { runCli } from '../helpers/process.js';
import { sha256 } from '../helpers/static-token-policy.js';

export { connect } from '../helpers/mcp-client.js';

export const TOKENS = {
  writer: 'approval-e2e-writer-token-00000000000001',
  lead: 'approval-e2e-lead-token-0000000000000002',
  lead2: 'approval-e2e-lead2-token-000000000000003',
  reader: 'approval-e2e-reader-token-00000000000004',
} as const;

export const HMAC_KEY = 'approval-e2e-hmac-key-0123456789abcdef01234567';

/** Policy: writer may import and close; leads may too, and hold `approve_imports`. */
export function writeApprovalPolicy(extra = ''): { file: string; auditFile: string; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-approval-'));
  const auditFile = path.join(dir, 'audit.jsonl');
  const yaml = `version: 1
server: { host: 127.0.0.1, port: 0 }
auth:
  tokens:
    - { id: wendy, role: writer, sha256: ${sha256(TOKENS.writer)} }
    - { id: lena, role: lead, sha256: ${sha256(TOKENS.lead)} }
    - { id: leo, role: lead, sha256: ${sha256(TOKENS.lead2)} }
    - { id: rita, role: reader, sha256: ${sha256(TOKENS.reader)} }
tools:
  classes:
    mutating: [close_*, import_*]
rbac:
  roles:
    reader: { tools: [echo] }
    writer: { inherits: [reader], tools: [close_finding, import_scan] }
    lead: { inherits: [writer], permissions: [approve_imports, approve_suppression] }
approvals:
  rules:
    - id: import-closes-old-findings
      description: Closes every finding missing from the report.
      tools: [import_scan]
      when: [{ arg: close_old_findings, default: false, equals: true }]
      approvers: { permission: approve_imports }
      expires_seconds: 600
    - id: suppress-finding
      tools: [close_finding]
      when: [{ arg: reason, in: [risk_accepted, false_positive] }]
      approvers: { permission: approve_suppression }
      expires_seconds: 3
audit:
  hmac_key: ${HMAC_KEY}
  file: { path: ${auditFile}, fsync: never }
${extra}`;
  const file = path.join(dir, 'policy.yaml');
  writeFileSync(file, yaml);
  return { file, auditFile, dir };
}

/**
 * The input schemas the fake upstream advertises for the gated tools: argument validation is on
 * by default and checks calls against them (src/guards/arguments/argument-validation.ts).
 */
export const APPROVAL_SCHEMAS: Record<string, Record<string, unknown>> = {
  import_scan: {
    type: 'object',
    properties: {
      scan_type: { type: 'string' },
      engagement: { type: 'integer' },
      close_old_findings: { type: 'boolean' },
    },
  },
  close_finding: {
    type: 'object',
    properties: { finding_id: { type: 'integer' }, reason: { type: 'string' } },
  },
};

/** The denial code and approval id of a call that must be refused. */
export async function denied(p: Promise<unknown>): Promise<{ code: string; approvalId?: string }> {
  try {
    await p;
  } catch (err) {
    if (!(err instanceof McpError)) throw err;
    const data = err.data as { code?: string; approvalId?: string } | undefined;
    return { code: String(data?.code), approvalId: data?.approvalId };
  }
  throw new Error('expected a JSON-RPC error');
}

/** Approves through the admin endpoint directly (milliseconds, where the CLI takes seconds). */
export async function approveNow(guardUrl: string, token: string, id: string): Promise<number> {
  const res = await fetch(new URL(`/admin/approvals/${id}/approve`, guardUrl), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
  await res.body?.cancel();
  return res.status;
}

/** Runs `dojo-guard approvals <args>` as the holder of `token`. */
export function approvalsCli(
  guardUrl: string,
  token: string,
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCli(['approvals', ...args, '--url', guardUrl], { env: { DOJO_GUARD_TOKEN: token } });
}

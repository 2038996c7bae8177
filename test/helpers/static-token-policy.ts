/**
 * A policy with three static tokens (reader, writer, auditor) and an audit file in a temp dir,
 * for the e2e tests of tool pinning, the tripwire and the Sigma rules; and the pinning hash
 * restated independently of src/.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import canonicalizeImport from 'canonicalize';

const canonicalize = canonicalizeImport as unknown as (v: unknown) => string;

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Independent re-statement of the pinning hash: SHA-256 of RFC 8785 JSON of the tool object. */
export const defHash = (def: unknown): string => sha256(canonicalize(def));

export const TOKENS = {
  reader: 'ops-e2e-reader-token-0000000000000000000001',
  writer: 'ops-e2e-writer-token-0000000000000000000002',
  auditor: 'ops-e2e-auditor-token-000000000000000000003',
} as const;

/** Auth + RBAC shared by these test policies; `extra` is appended verbatim (YAML). */
export function writePolicy(extra: string): { file: string; auditFile: string; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-ops-'));
  const auditFile = path.join(dir, 'audit.jsonl');
  const yaml = `version: 1
server: { host: 127.0.0.1, port: 0 }
auth:
  tokens:
    - { id: alice, role: reader, sha256: ${sha256(TOKENS.reader)} }
    - { id: wendy, role: writer, sha256: ${sha256(TOKENS.writer)} }
    - { id: audra, role: auditor, sha256: ${sha256(TOKENS.auditor)} }
tools:
  classes:
    mutating: [close_*, import_*]
rbac:
  roles:
    reader: { tools: [get_*, benign_*, poisoned_*, new_*] }
    auditor: { inherits: [reader], permissions: [approve_reads] }
    writer: { inherits: [reader], tools: [close_finding, import_scan] }
audit:
  hmac_key: ops-e2e-hmac-key-0123456789abcdef0123456789abcdef
  file: { path: ${auditFile}, fsync: never }
${extra}`;
  const file = path.join(dir, 'policy.yaml');
  writeFileSync(file, yaml);
  return { file, auditFile, dir };
}

/**
 * Shared pieces of the ops e2e tests: policy files in a temp dir, static tokens, SDK clients,
 * and waiting for audit records in the proxy's audit file.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import canonicalizeImport from 'canonicalize';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const canonicalize = canonicalizeImport as unknown as (v: unknown) => string;

export const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

/** Independent re-statement of the pinning hash: SHA-256 of RFC 8785 JSON of the tool object. */
export const defHash = (def: unknown): string => sha256(canonicalize(def));

export const TOKENS = {
  reader: 'ops-e2e-reader-token-0000000000000000000001',
  writer: 'ops-e2e-writer-token-0000000000000000000002',
  auditor: 'ops-e2e-auditor-token-000000000000000000003',
} as const;

/** Auth + RBAC shared by the ops test policies; `extra` is appended verbatim (YAML). */
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

/** A connected SDK client for one role token (one fresh MCP session). */
export async function connect(url: string, token: string): Promise<Client> {
  const client = new Client({ name: 'ops-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { Authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

export type AuditLine = Record<string, unknown> & { kind: string; type?: string };

/**
 * The complete records of the audit file. The proxy appends while tests read, so a trailing line
 * without its final newline is a record still being written: it is left for the next read.
 */
export function readAudit(file: string): AuditLine[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop(); // '' after the last newline, or a partial record
  return lines.filter((l) => l.trim().length > 0).map((l) => JSON.parse(l) as AuditLine);
}

/** Polls the audit file until `pred` matches a record (audit writes are asynchronous). */
export async function waitForAudit(
  file: string,
  pred: (r: AuditLine) => boolean,
  timeoutMs = 10_000,
): Promise<AuditLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = readAudit(file).find(pred);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error('audit record not found in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The JSON-RPC error code of a rejected SDK call, or undefined if it resolved. */
export async function rpcCode(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

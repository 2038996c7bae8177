/**
 * The Sigma rules in examples/sigma/ evaluated against the audit trail a real `dojo-guard proxy`
 * writes while the test stages each attack: a mass close, a blocked blast radius, an import that
 * closes old findings, a denial storm, a tripwire hit, an unapproved tool definition and a run of
 * rubber-stamped approvals, and an in-band confirmation answered faster than a human reads.
 */
import { readdirSync } from 'node:fs';
import { ElicitRequestSchema, type McpError } from '@modelcontextprotocol/sdk/types.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startCli, type Running } from '../helpers/process.js';
import {
  defaultDefs,
  startOpsUpstream,
  type OpsUpstream,
  type ToolDef,
} from '../helpers/tool-defs-upstream.js';
import { connect, rpcCode } from '../helpers/mcp-client.js';
import { defHash, TOKENS, writePolicy } from '../helpers/static-token-policy.js';
import { readAudit, waitForAudit, type AuditLine } from '../helpers/audit-file.js';
import { correlationFires, loadSigma, matches, type SigmaDoc } from './sigma.js';

const SIGMA_DIR = path.join(REPO_ROOT, 'examples/sigma');
const EMPTY = { type: 'object', properties: {} };
// Declares the arguments the staged import sends: argument validation is on by default
// (src/guards/arguments/argument-validation.ts).
const IMPORT: ToolDef = {
  name: 'import_scan',
  description: 'Import a scan.',
  inputSchema: {
    type: 'object',
    properties: { scan_type: { type: 'string' }, close_old_findings: { type: 'boolean' } },
  },
};
const NEW_TOOL: ToolDef = { name: 'new_tool', description: 'Unreviewed.', inputSchema: EMPTY };
const APPROVED = Array.from({ length: 11 }, (_, i) => 9000 + i);
/** Read gated by an in-band rule; the client that asks for it accepts every form at once. */
const CONFIRMED_IN_BAND = 8999;

let up: OpsUpstream;
let proxy: Running;
let records: AuditLine[];
const docs: SigmaDoc[] = readdirSync(SIGMA_DIR)
  .filter((f) => f.endsWith('.yml'))
  .flatMap((f) => loadSigma(path.join(SIGMA_DIR, f)));
const byId = (id: string): SigmaDoc => docs.find((d) => d.id === id)!;

beforeAll(async () => {
  const pinned = [...defaultDefs(), IMPORT];
  up = await startOpsUpstream([...pinned, NEW_TOOL]);
  const pins = pinned.map((d) => `    ${d.name}: '${defHash(d)}'`).join('\n');
  const pol = writePolicy(`pinning:
  on_unknown: block
  tools:
${pins}
tripwires:
  finding_ids: [4242]
approvals:
  rules:
    - id: confirm-vault-read-in-band
      tools: [get_finding_by_id]
      when: [{ arg: finding_id, equals: ${CONFIRMED_IN_BAND} }]
      approvers: { permission: approve_reads, channel: either }
    - id: approve-vault-reads
      tools: [get_finding_by_id]
      when: [{ arg: finding_id, in: [${APPROVED.join(', ')}] }]
      approvers: { permission: approve_reads }
rate_limits:
  denial_storm: { threshold: 25, window_seconds: 300, lockout_seconds: 60 }
  blast_radius:
    - { id: writer-blast, max_findings: 21, duration_seconds: 600 }
`);
  proxy = await startCli(['proxy', '--policy', pol.file, '--upstream', up.url, '--port', '0']);

  const writer = await connect(proxy.url, TOKENS.writer);
  const imp = { scan_type: 'ZAP Scan', close_old_findings: true };
  expect((await writer.callTool({ name: 'import_scan', arguments: imp })).isError).toBeFalsy();
  const closes: (number | undefined)[] = [];
  for (let id = 1; id <= 22; id++) {
    const args = { finding_id: id, note: 'bulk' };
    closes.push(await rpcCode(writer.callTool({ name: 'close_finding', arguments: args })));
  }
  expect(closes.filter((c) => c === undefined).length).toBe(21);
  expect(closes.at(-1)).toBe(-32003); // blast_radius_exceeded
  await writer.close();

  // Eleven reads gated by approval, each approved by audra within moments of the request.
  const asker = await connect(proxy.url, TOKENS.reader);
  for (const id of APPROVED) {
    const read = () => asker.callTool({ name: 'get_finding_by_id', arguments: { finding_id: id } });
    const approvalId = await read().catch(
      (e: McpError) => (e.data as { approvalId: string }).approvalId,
    );
    const ok = await fetch(new URL(`/admin/approvals/${approvalId}/approve`, proxy.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.auditor}` },
    });
    expect(ok.status).toBe(200);
    expect((await read()).isError).toBeFalsy();
  }
  await asker.close();

  // A client whose elicitation handler accepts every form itself: the in-band confirmation an
  // agent loop would give.
  const auto = new Client({ name: 'auto', version: '1' }, { capabilities: { elicitation: {} } });
  auto.setRequestHandler(ElicitRequestSchema, async () => ({
    action: 'accept',
    content: { confirm: true },
  }));
  await auto.connect(
    new StreamableHTTPClientTransport(new URL(proxy.url), {
      requestInit: { headers: { Authorization: `Bearer ${TOKENS.reader}` } },
    }),
  );
  const vault = { finding_id: CONFIRMED_IN_BAND };
  expect(
    (await auto.callTool({ name: 'get_finding_by_id', arguments: vault })).isError,
  ).toBeFalsy();
  await auto.close();

  const reader = await connect(proxy.url, TOKENS.reader);
  expect(await rpcCode(reader.callTool({ name: 'new_tool', arguments: {} }))).toBe(-32006);
  await reader.listTools();
  for (let i = 0; i < 32; i++) {
    await rpcCode(reader.callTool({ name: 'close_finding', arguments: { finding_id: 1 } }));
  }
  await reader.close().catch(() => undefined);

  const auditor = await connect(proxy.url, TOKENS.auditor);
  const decoy = auditor.callTool({ name: 'get_finding_by_id', arguments: { finding_id: 4242 } });
  expect(await rpcCode(decoy)).toBe(-32007);
  await auditor.close().catch(() => undefined);

  await waitForAudit(pol.auditFile, (r) => r.type === 'tripwire');
  await waitForAudit(pol.auditFile, (r) => r.type === 'denial_storm');
  records = readAudit(pol.auditFile);
}, 150_000);

afterAll(async () => {
  await proxy?.stop();
  await up?.close();
});

describe('Sigma rules against the real audit trail', () => {
  it('loads every rule with a dojo-guard log source and a unique id', () => {
    expect(docs.length).toBeGreaterThanOrEqual(10);
    expect(new Set(docs.map((d) => d.id)).size).toBe(docs.length);
    for (const d of docs.filter((x) => x.detection)) {
      expect(d.logsource, d.title).toEqual({ product: 'dojo-guard', service: 'audit' });
    }
  });

  it('every detection rule matches at least one record the proxy wrote', () => {
    for (const d of docs.filter((x) => x.detection)) {
      expect(records.filter((r) => matches(d, r)).length, d.title).toBeGreaterThan(0);
    }
  });

  it('the mass-close correlation fires for the writer only', () => {
    const fired = correlationFires(byId('0650afb8-1e09-4b67-8e89-7910c9a4bfde'), docs, records);
    expect(fired).toEqual([JSON.stringify('wendy')]);
  });

  it('the denial-storm correlation fires for the probing reader only', () => {
    const fired = correlationFires(byId('77aea19d-c8e1-4f63-a6ea-ed78bb46903f'), docs, records);
    expect(fired).toEqual([JSON.stringify('alice')]);
  });

  it('the tripwire rule matches the critical event naming the decoy', () => {
    const hits = records.filter((r) => matches(byId('981f2a65-1711-46c6-a6c4-6d85d6b841e4'), r));
    expect(hits.length).toBe(1);
    expect(hits[0]!.detail).toMatchObject({ findingIds: [4242], principalId: 'audra' });
  });

  it('the tool-definition rule ignores learn-mode (info) events', () => {
    const rule = byId('5f0b7a52-3c1e-4d7e-9a51-2b8c6f1d9e40');
    const hit = records.find((r) => matches(rule, r))!;
    expect(hit.detail).toMatchObject({ tool: 'new_tool', observedSha256: defHash(NEW_TOOL) });
    expect(matches(rule, { ...hit, severity: 'info' })).toBe(false);
  });

  it('every mutation record carries the fields the close rule reports (record v2)', () => {
    const rule = byId('eb39d99c-f4e3-44af-87ac-7c36d0761b75');
    expect(rule.fields).toContain('findings_read_before_mutation');
    const mutations = records.filter((r) => r.kind === 'decision' && r.mutation === true);
    expect(mutations.length).toBeGreaterThanOrEqual(22);
    for (const r of mutations) {
      expect(r.v).toBe(2);
      expect(Array.isArray(r.findings_read_before_mutation), String(r.seq)).toBe(true);
      expect(r.mutationTargets).toHaveProperty('targetsRead');
    }
  });

  it('the approval rules flag the fast approvals, and the one approver who granted them all', () => {
    const fast = records.filter((r) => matches(byId('7c2e9b14-0a5d-4e61-8f3b-2d9a6c4e1b70'), r));
    expect(fast).toHaveLength(APPROVED.length);
    expect(
      matches(byId('7c2e9b14-0a5d-4e61-8f3b-2d9a6c4e1b70'), {
        ...fast[0]!,
        detail: { ...(fast[0]!.detail as object), elapsedMs: 3_600_000 },
      }),
    ).toBe(false);
    const fired = correlationFires(byId('b81f4c3a-96e2-4d57-a0c8-5e7d2f9b3a64'), docs, records);
    expect(fired).toEqual([JSON.stringify('audra')]);
  });

  it('the in-band rule flags a confirmation given faster than a human reads', () => {
    const rule = byId('e4a1c9d2-7b3f-4e8a-9c61-0f2d8b5a7e33');
    const hits = records.filter((r) => matches(rule, r));
    expect(hits).toHaveLength(1);
    expect((hits[0]!.detail as { requester: string }).requester).toBe('alice');
    const slow = { ...hits[0]!, detail: { ...(hits[0]!.detail as object), elapsedMs: 45_000 } };
    expect(matches(rule, slow)).toBe(false);
  });

  it('the close_old_findings import rule does not match a plain close', () => {
    const rule = byId('420bf1e7-0b18-48cb-880f-f256e5661438');
    const hits = records.filter((r) => matches(rule, r));
    expect(hits.map((r) => r.tool)).toEqual(['import_scan']);
  });
});

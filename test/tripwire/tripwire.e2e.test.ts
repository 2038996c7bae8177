/**
 * Tripwire (decoy) findings end to end: real SDK Client → `dojo-guard proxy` → a real SDK MCP
 * upstream. A decoy named in arguments (in every spelling an attacker may choose), returned in a
 * result, or mutated raises a critical audit event, is denied, and ends the session (404).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startCli, type Running } from '../helpers/process.js';
import { startOpsUpstream, type OpsUpstream } from '../helpers/tool-defs-upstream.js';
import { connect, rpcCode } from '../helpers/mcp-client.js';
import { readAudit, waitForAudit } from '../helpers/audit-file.js';
import { TOKENS, writePolicy } from '../helpers/static-token-policy.js';

const TRIPWIRE = -32007;
const DECOY = 4242;
let up: OpsUpstream;
let proxy: Running;
let auditFile: string;

beforeAll(async () => {
  up = await startOpsUpstream();
  // get_finding_by_id is exempt from argument validation (on by default): the spellings below
  // exercise the tripwire's own parsing of odd arguments, which validation against the
  // advertised `finding_id: integer` would refuse first (invalid_arguments, tested in
  // test/arguments/arguments.e2e.test.ts). The other tools stay validated.
  const pol = writePolicy(
    `tripwires:\n  finding_ids: [${DECOY}, 9001]\n  readers_allowed: [audra]\n  end_session: true\n` +
      'arguments:\n  exempt_tools: [get_finding_by_id]\n',
  );
  auditFile = pol.auditFile;
  proxy = await startCli(['proxy', '--policy', pol.file, '--upstream', up.url, '--port', '0']);
});

afterAll(async () => {
  await proxy?.stop();
  await up?.close();
});

/** POSTs tools/list on the client's session with raw fetch: the HTTP status tells if it lives. */
async function sessionStatus(c: Client, token: string): Promise<number> {
  const sid = (c.transport as StreamableHTTPClientTransport).sessionId!;
  const res = await fetch(proxy.url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${token}`,
      'Content-Type': 'application/json',
      Accept: 'application/json, text/event-stream',
      'Mcp-Session-Id': sid,
      'Mcp-Protocol-Version': '2025-06-18',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 99, method: 'tools/list' }),
  });
  await res.arrayBuffer();
  return res.status;
}

const tripEvents = () => readAudit(auditFile).filter((r) => r.type === 'tripwire');

describe('tripwire findings', () => {
  const spellings: [string, Record<string, unknown>][] = [
    ['number', { finding_id: DECOY }],
    ['string', { finding_id: String(DECOY) }],
    ['padded string', { finding_id: ` ${DECOY} ` }],
    ['full-width digits', { finding_id: '４２４２' }],
    ['renamed key', { 'Finding-ID': DECOY }],
    ['comma list', { ids: `1,${DECOY}` }],
    ['nested array', { filter: { finding_ids: [1, 2, DECOY] } }],
  ];

  for (const [label, args] of spellings) {
    it(`denies a read naming a decoy (${label}) and ends the session`, async () => {
      const before = tripEvents().length;
      const c = await connect(proxy.url, TOKENS.reader);
      expect(await rpcCode(c.callTool({ name: 'get_finding_by_id', arguments: args }))).toBe(
        TRIPWIRE,
      );
      expect(await sessionStatus(c, TOKENS.reader)).toBe(404);
      await c.close().catch(() => undefined);
      const ev = await waitForAudit(auditFile, () => tripEvents().length > before).then(() =>
        tripEvents().at(-1)!,
      );
      expect(ev).toMatchObject({
        kind: 'lifecycle',
        severity: 'critical',
        detail: { principalId: 'alice', action: 'read', sessionEnded: true, findingIds: [DECOY] },
      });
    });
  }

  it('never lets the decoy read reach the upstream', () => {
    expect(up.calls.filter((n) => n === 'get_finding_by_id')).toEqual([]);
  });

  it('denies a result that returns a decoy to a principal outside readers_allowed', async () => {
    up.findingIds = [1, DECOY, 3];
    const c = await connect(proxy.url, TOKENS.reader);
    expect(await rpcCode(c.callTool({ name: 'get_findings', arguments: {} }))).toBe(TRIPWIRE);
    expect(await sessionStatus(c, TOKENS.reader)).toBe(404);
    await c.close().catch(() => undefined);
    await waitForAudit(
      auditFile,
      (r) => r.type === 'tripwire' && (r.detail as { phase?: string }).phase === 'response',
    );
  });

  it('lets a listed reader read decoys without tripping', async () => {
    const before = tripEvents().length;
    const c = await connect(proxy.url, TOKENS.auditor);
    const r = await c.callTool({ name: 'get_findings', arguments: {} });
    expect((r.content as { text: string }[])[0]!.text).toContain(`"id":${DECOY}`);
    const one = await c.callTool({ name: 'get_finding_by_id', arguments: { finding_id: DECOY } });
    expect(one.isError).toBeFalsy();
    expect(await sessionStatus(c, TOKENS.auditor)).toBe(200);
    await c.close();
    expect(tripEvents().length).toBe(before);
    up.findingIds = [1, 2, 3];
  });

  it('denies a mutation of a decoy even by a principal allowed to read it', async () => {
    const c = await connect(proxy.url, TOKENS.writer);
    // wendy is a writer (not in readers_allowed) — and mutation trips for everyone.
    const args = { finding_id: DECOY, note: 'closing' };
    expect(await rpcCode(c.callTool({ name: 'close_finding', arguments: args }))).toBe(TRIPWIRE);
    await c.close().catch(() => undefined);
    const ev = await waitForAudit(
      auditFile,
      (r) => r.type === 'tripwire' && (r.detail as { action?: string }).action === 'mutation',
    );
    expect(ev.detail).toMatchObject({ principalId: 'wendy', tool: 'close_finding' });
    expect(up.calls).not.toContain('close_finding');
  });

  it('trips on a decoy mutation that RBAC already refused (the attempt is the signal)', async () => {
    const c = await connect(proxy.url, TOKENS.reader);
    const args = { finding_id: 9001, note: 'x' };
    // A reader cannot see close_finding: RBAC answers unknown tool, the tripwire still reports.
    expect(await rpcCode(c.callTool({ name: 'close_finding', arguments: args }))).toBe(-32602);
    await waitForAudit(
      auditFile,
      (r) =>
        r.type === 'tripwire' &&
        (r.detail as { phase?: string }).phase === 'denied_request' &&
        (r.detail as { principalId?: string }).principalId === 'alice',
    );
    expect(await sessionStatus(c, TOKENS.reader)).toBe(404);
    await c.close().catch(() => undefined);
  });

  it('leaves ordinary reads alone', async () => {
    const c = await connect(proxy.url, TOKENS.reader);
    const r = await c.callTool({ name: 'get_finding_by_id', arguments: { finding_id: 42 } });
    expect(r.isError).toBeFalsy();
    expect(await sessionStatus(c, TOKENS.reader)).toBe(200);
    await c.close();
  });
});

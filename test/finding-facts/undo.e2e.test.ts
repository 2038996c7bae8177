/**
 * Pre-image journal and undo, end to end: a writer's session closes 20 findings through the proxy;
 * `dojo-guard undo --session` (a separate process, through the same proxy, as the `undo` role)
 * restores all 20, the sandbox state before and after compared field by field, and the audit
 * chain still verifies. A finding changed since its close is refused unless --force.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { waitFor } from '../helpers/wait.js';
import { runCli } from '../helpers/process.js';
import { CLOSURE_FIELDS } from '../../src/guards/finding-facts/journal.js';
import { dojoFinding, dojoFindings, factToken, HMAC_KEY, startStack, type Stack } from './stack.js';

// Each file starts whole stacks (sandbox, server, proxy) and drives many calls: slow under load.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

let stack: Stack;
let writer: Client;
let lead: Client;

const FIELDS = [...CLOSURE_FIELDS, 'severity', 'mitigated', 'tags'] as const;
const state = async (id: number): Promise<Record<string, unknown>> => {
  const f = await dojoFinding(stack.origin, id);
  return Object.fromEntries(FIELDS.map((k) => [k, f[k]]));
};
const records = (): Record<string, unknown>[] =>
  readFileSync(stack.auditFile, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

const undo = (args: string[]) =>
  runCli(['undo', '--audit', stack.auditFile, '--url', stack.proxyUrl, ...args], {
    env: { DOJO_GUARD_UNDO_TOKEN: factToken('undo') },
  });

beforeAll(async () => {
  stack = await startStack();
  writer = await stack.connect('writer');
  lead = await stack.connect('lead');
});
afterAll(async () => stack?.stop());

describe('undo', () => {
  it('restores all 20 findings a session closed; the chain still verifies', async () => {
    const ids = (await dojoFindings(stack.origin, 'active=true&severity=Low&limit=20&o=id')).map(
      (f) => f.id as number,
    );
    expect(ids).toHaveLength(20);
    const before = await Promise.all(ids.map(state));
    for (const id of ids) {
      const r = await writer.callTool({
        name: 'close_finding',
        arguments: { finding_id: id, reason: 'mitigated' },
      });
      expect(r.isError, JSON.stringify(r.content)).toBeFalsy();
    }
    for (const id of ids) expect((await dojoFinding(stack.origin, id)).active).toBe(false);
    const session = (writer.transport as StreamableHTTPClientTransport).sessionId!;
    // A record is written after its answer: wait for the trail before reading it (and undoing).
    const journaled = await waitFor(() => {
      const j = records().filter(
        (r) => r.kind === 'decision' && r.sessionId === session && r.journal,
      );
      return j.length >= 20 ? j : undefined;
    });
    expect(journaled).toHaveLength(20);
    expect((journaled[0]!.journal as { before: { active: boolean } }[])[0]!.before.active).toBe(
      true,
    );

    const dry = await undo(['--session', session]);
    expect(dry.code, dry.stdout + dry.stderr).toBe(0);
    expect(dry.stdout.match(/would reopen/g)).toHaveLength(20);
    for (const id of ids) expect((await dojoFinding(stack.origin, id)).active).toBe(false);

    const run = await undo(['--session', session, '--yes']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout.match(/undone: reopen/g)).toHaveLength(20);
    expect(await Promise.all(ids.map(state))).toEqual(before);

    // The undo calls went through the guard as the undo principal, audited like any call.
    const undoCalls = await waitFor(() => {
      const u = records().filter(
        (r) =>
          r.kind === 'decision' &&
          r.tool === 'reopen_finding' &&
          (r.principal as { id: string }).id === 'undo',
      );
      return u.length >= 20 ? u : undefined;
    });
    expect(undoCalls).toHaveLength(20);
    const verify = await runCli(['audit', 'verify', stack.auditFile], {
      env: { AUDIT_HMAC_KEY: HMAC_KEY },
    });
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.stdout).toMatch(/^OK /);
  });

  it('refuses a finding changed since the mutation unless --force; restores tags and fields by decision id', async () => {
    const [a, b] = (
      await dojoFindings(stack.origin, 'active=true&severity=Medium&limit=2&o=id')
    ).map((f) => f.id as number);
    const beforeB = await state(b!);
    const close = await writer.callTool({
      name: 'close_finding',
      arguments: { finding_id: a, reason: 'mitigated' },
    });
    expect(close.isError).toBeFalsy();
    const reopen = await lead.callTool({ name: 'reopen_finding', arguments: { finding_id: a } });
    expect(reopen.isError).toBeFalsy();
    await writer.callTool({
      name: 'add_finding_tags',
      arguments: { finding_id: b, tags: ['triaged'] },
    });
    await writer.callTool({
      name: 'update_finding',
      arguments: { finding_id: b, severity: 'High', verified: true },
    });
    const mine = await waitFor(() => {
      const m = records().filter(
        (r) =>
          r.kind === 'decision' && r.journal && (r.principal as { id: string }).id === 'writer',
      );
      // close, reopen (a), tags and update (b): all four journaled records on file
      return m.some((r) => r.tool === 'update_finding') ? m : undefined;
    });
    const closeId = mine.find(
      (r) => r.tool === 'close_finding' && (r.journal as { finding: number }[])[0]!.finding === a,
    )!.decisionId as string;
    const refused = await undo([closeId, '--yes']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain('REFUSED, changed since');
    expect((await dojoFinding(stack.origin, a!)).active).toBe(true);
    const forced = await undo([closeId, '--yes', '--force']);
    expect(forced.code, forced.stdout).toBe(0);
    expect(forced.stdout).toContain('undone: reopen');

    const forBIds = mine
      .filter((r) => (r.journal as { finding: number }[])[0]!.finding === b)
      .map((r) => r.decisionId as string);
    expect(forBIds).toHaveLength(2);
    const run = await undo([...forBIds, '--yes']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await state(b!)).toEqual(beforeB);
  });
});

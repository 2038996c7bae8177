/**
 * Fact lookup failures, end to end: a lookup that times out (slow DefectDojo) or an upstream that
 * is gone denies mutations with `finding_facts_unavailable` and nothing changes; reads by an
 * unscoped principal are never touched by the guard. And the fact cache never answers one
 * principal's decision with another principal's lookup.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readAudit, waitForAudit, type AuditLine } from '../helpers/audit-file.js';
import { api, TOKENS } from '../sandbox/sandbox-client.js';
import { dojoFinding, dojoFindings, payload, startStack, refusal, type Stack } from './stack.js';

// Each file starts whole stacks (sandbox, server, proxy) and drives many calls: slow under load.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

const stacks: Stack[] = [];
afterAll(async () => {
  for (const s of stacks) await s.stop();
});

describe('lookup failures', () => {
  it('a lookup slower than findings.lookup.timeout_ms denies the mutation; reads still answer', async () => {
    const s = await startStack({
      sandboxArgs: ['--latency-ms', '700'],
      policyEdit: (y) => y.replace('timeout_ms: 3000', 'timeout_ms: 300'),
    });
    stacks.push(s);
    const writer = await s.connect('writer');
    const [f] = await dojoFindings(s.origin, 'active=true&severity=Low&limit=1');
    const id = f!.id as number;
    expect(
      (await refusal(writer, 'close_finding', { finding_id: id, reason: 'mitigated' })).data.code,
    ).toBe('finding_facts_unavailable');
    expect((await dojoFinding(s.origin, id)).active).toBe(true);
    const read = await writer.callTool({
      name: 'get_finding_by_id',
      arguments: { finding_id: id },
    });
    expect(read.isError).toBeFalsy();
    expect((payload(read).result as { id: number }).id).toBe(id);
    // audit writes are asynchronous: wait for the failed lookup's record, then read them all
    const failed = (r: AuditLine): boolean =>
      r.type === 'finding_lookup' && (r.detail as { outcome: string }).outcome === 'unavailable';
    await waitForAudit(s.auditFile, failed);
    const lookups = readAudit(s.auditFile).filter((r) => r.type === 'finding_lookup');
    expect(lookups.at(-1)!.detail).toMatchObject({
      outcome: 'unavailable',
      reason: 'lookup timed out',
    });
  });

  it('an upstream that is gone denies mutations with finding_facts_unavailable, not a guess', async () => {
    const s = await startStack();
    stacks.push(s);
    const writer = await s.connect('writer');
    const [f] = await dojoFindings(s.origin, 'active=true&severity=Low&limit=1');
    // Argument validation (on by default, src/guards/arguments/) checks calls against the tool
    // definitions; learned now, while the upstream answers, it passes the mutation on to the
    // facts guard instead of refusing first with tool_schema_unavailable.
    await writer.listTools();
    await s.procs[1]!.stop(); // the bundled server
    expect(
      (await refusal(writer, 'update_finding', { finding_id: f!.id, severity: 'Info' })).data.code,
    ).toBe('finding_facts_unavailable');
    // A read is forwarded as without the guard: the upstream's own failure, no lookup involved.
    const read = await writer.callTool({ name: 'get_findings', arguments: { limit: 1 } }).then(
      () => 'answered',
      (e: unknown) => String(e),
    );
    expect(read).toContain('upstream_unavailable');
    expect(read).not.toContain('finding_facts');
  });
});

describe('the fact cache', () => {
  it("never answers one principal's decision with another principal's lookup", async () => {
    const s = await startStack();
    stacks.push(s);
    const team = await s.connect('team-web');
    const writer = await s.connect('writer');
    const [f] = await dojoFindings(
      s.origin,
      'test__engagement__product=1&active=true&severity=Medium&limit=1',
    );
    const id = f!.id as number;
    // A scoped read looks the finding up for team-web: "Medium" is now cached for that principal.
    const read = await team.callTool({ name: 'get_finding_by_id', arguments: { finding_id: id } });
    expect(read.isError).toBeFalsy();
    // DefectDojo changes behind the guard's back: the finding is Critical now.
    const patch = await api(s.origin, `/api/v2/findings/${id}/`, {
      token: TOKENS.admin,
      method: 'PATCH',
      body: { severity: 'Critical', numerical_severity: 'S0' },
    });
    expect(patch.status).toBe(200);
    // The writer's decision looks up for itself and sees Critical: the downgrade is denied.
    expect(
      (await refusal(writer, 'update_finding', { finding_id: id, severity: 'Low' })).data.code,
    ).toBe('rbac_denied');
    expect((await dojoFinding(s.origin, id)).severity).toBe('Critical');
    // audit writes are asynchronous: wait for the writer's lookup record, then read them all
    type Lookup = { principal: string; findingId: number };
    const lookupOf = (r: AuditLine): Lookup | undefined =>
      r.type === 'finding_lookup' && (r.detail as Lookup).findingId === id
        ? (r.detail as Lookup)
        : undefined;
    await waitForAudit(s.auditFile, (r) => lookupOf(r)?.principal === 'writer');
    const lookups = readAudit(s.auditFile).flatMap((r) => lookupOf(r) ?? []);
    expect(lookups.map((d) => d.principal)).toEqual(['team_web', 'writer']);
  });
});

/**
 * Rules on a finding's current state, end to end: SDK client → proxy (finding-facts guard) →
 * bundled server → sandbox. The guard looks the target up through the same upstream and decides
 * on its state before the change; the sandbox state proves what ran.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { dojoFinding, dojoFindings, startStack, refusal, type Stack } from './stack.js';

// Each file starts whole stacks (sandbox, server, proxy) and drives many calls: slow under load.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

let stack: Stack;
let writer: Client;
let lead: Client;

/** Active findings of a severity, straight from the sandbox. */
const active = async (severity: string): Promise<number[]> =>
  (await dojoFindings(stack.origin, `active=true&severity=${severity}&limit=50&o=id`)).map(
    (f) => f.id as number,
  );

beforeAll(async () => {
  stack = await startStack();
  writer = await stack.connect('writer');
  lead = await stack.connect('lead');
});
afterAll(async () => stack?.stop());

describe('severity downgrade of an active Critical/High', () => {
  it('denies Critical→Info for a writer (finding unchanged), allows it for a role with downgrade_findings', async () => {
    const [a, b] = await active('Critical');
    const e = await refusal(writer, 'update_finding', { finding_id: a, severity: 'Info' });
    expect(e.message).toContain('Not permitted by policy');
    expect((await dojoFinding(stack.origin, a!)).severity).toBe('Critical');
    const ok = await lead.callTool({
      name: 'update_finding',
      arguments: { finding_id: b, severity: 'Info' },
    });
    expect(ok.isError, JSON.stringify(ok.content)).toBeFalsy();
    expect((await dojoFinding(stack.origin, b!)).severity).toBe('Info');
  });

  it('denies a downgrade spelled in another case or width, allows a raise and other fields', async () => {
    const [, , , c] = await active('High');
    for (const severity of ['info', 'ＬＯＷ', 'Medium ', 'bogus'])
      await refusal(writer, 'update_finding', { finding_id: c, severity });
    expect((await dojoFinding(stack.origin, c!)).severity).toBe('High');
    const raise = await writer.callTool({
      name: 'update_finding',
      arguments: { finding_id: c, severity: 'Critical' },
    });
    expect(raise.isError, JSON.stringify(raise.content)).toBeFalsy();
    const [low] = await active('Low');
    const down = await writer.callTool({
      name: 'update_finding',
      arguments: { finding_id: low, severity: 'Info' },
    });
    expect(down.isError, JSON.stringify(down.content)).toBeFalsy();
  });

  it('decides on the state now, not on a stale cache: a finding raised to Critical cannot then be lowered', async () => {
    const [m] = await active('Medium');
    const up = await lead.callTool({
      name: 'update_finding',
      arguments: { finding_id: m, severity: 'Critical' },
    });
    expect(up.isError).toBeFalsy();
    await refusal(writer, 'update_finding', { finding_id: m, severity: 'Low' });
  });
});

describe('findings tagged pentest are read-only for agents', () => {
  it('denies changes to a pentest-tagged finding, any tag spelling; reads go on', async () => {
    const [id] = await active('Medium');
    const tag = await lead.callTool({
      name: 'add_finding_tags',
      arguments: { finding_id: id, tags: ['PenTest'] },
    });
    expect(tag.isError, JSON.stringify(tag.content)).toBeFalsy();
    await refusal(writer, 'close_finding', { finding_id: id, reason: 'mitigated' });
    await refusal(writer, 'remove_finding_tags', { finding_id: id, tags: ['pentest'] });
    await refusal(writer, 'update_finding', { finding_id: id, title: 'x' });
    expect((await dojoFinding(stack.origin, id!)).active).toBe(true);
    const read = await writer.callTool({
      name: 'get_finding_by_id',
      arguments: { finding_id: id },
    });
    expect(read.isError).toBeFalsy();
  });
});

describe('lookups are audited', () => {
  it('writes a finding_lookup record per lookup', async () => {
    const lines = readFileSync(stack.auditFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const lookups = lines.filter((l) => l.kind === 'lifecycle' && l.type === 'finding_lookup');
    expect(lookups.length).toBeGreaterThan(3);
    expect((lookups[0]!.detail as { outcome: string }).outcome).toBe('found');
  });
});

/**
 * Product scoping, end to end: the `team-web` role is bound to product 1. Its get_findings shows
 * only product 1 (the scope is injected as the upstream's product filter, so count and paging are
 * DefectDojo's own), a finding of another product and its notes answer exactly like a missing one,
 * and changes there are denied. A second proxy without the upstream filter checks row filtering.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { api, TOKENS } from '../sandbox/sandbox-client.js';
import { dojoFinding, dojoFindings, payload, startStack, refusal, type Stack } from './stack.js';

// Each file starts whole stacks (sandbox, server, proxy) and drives many calls: slow under load.
vi.setConfig({ testTimeout: 240_000, hookTimeout: 120_000 });

let stack: Stack;
let unfiltered: Stack;
let team: Client;
let writer: Client;

const MISSING = 2_000_000;

const productOf = async (id: number): Promise<number> => {
  const r = await api(stack.origin, `/api/v2/findings/${id}/?related_fields=true`, {
    token: TOKENS.admin,
  });
  const rf = (r.body as { related_fields: { test: { engagement: { product: { id: number } } } } })
    .related_fields;
  return rf.test.engagement.product.id;
};

const countOf = async (query: string): Promise<number> =>
  (
    (await api(stack.origin, `/api/v2/findings/?${query}`, { token: TOKENS.admin })).body as {
      count: number;
    }
  ).count;

beforeAll(async () => {
  stack = await startStack();
  team = await stack.connect('team-web');
  writer = await stack.connect('writer');
});
afterAll(async () => {
  await stack?.stop();
  await unfiltered?.stop();
});

describe('a principal scoped to product 1', () => {
  it('sees only product 1 in get_findings, with DefectDojo count and paging', async () => {
    const r = await team.callTool({ name: 'get_findings', arguments: { limit: 100 } });
    const page = payload(r) as { count: number; results: { id: number }[] };
    expect(page.count).toBe(await countOf('test__engagement__product=1&limit=1'));
    expect(page.count).toBeLessThan(await countOf('limit=1'));
    const sample = page.results.filter((_, i) => i % 10 === 0);
    for (const f of sample) expect(await productOf(f.id)).toBe(1);
    // Asking for another product gives an empty page; asking for both is narrowed to the scope.
    const other = payload(
      await team.callTool({ name: 'get_findings', arguments: { limit: 5, product_id: [2] } }),
    ) as { count: number; results: unknown[] };
    expect(other.results).toEqual([]);
    expect(other.count).toBe(0);
    const both = payload(
      await team.callTool({ name: 'get_findings', arguments: { limit: 1, product_id: [1, 2] } }),
    ) as { count: number };
    expect(both.count).toBe(page.count);
    // An unscoped writer sees every product.
    const all = payload(await writer.callTool({ name: 'get_findings', arguments: { limit: 1 } }));
    expect(all.count).toBe(await countOf('limit=1'));
  });

  it("answers a get of another product's finding, and of its notes, exactly like a missing one", async () => {
    const [other] = await dojoFindings(stack.origin, 'test__engagement__product=2&limit=1');
    const id = other!.id as number;
    for (const tool of ['get_finding_by_id', 'get_finding_notes']) {
      const hidden = await team.callTool({ name: tool, arguments: { finding_id: id } });
      const missing = await team.callTool({ name: tool, arguments: { finding_id: MISSING } });
      expect(hidden.isError).toBe(true);
      expect(hidden).toEqual(missing);
      expect(JSON.stringify(hidden)).not.toContain(String(other!.title).slice(0, 12));
    }
    const [own] = await dojoFindings(stack.origin, 'test__engagement__product=1&limit=1');
    const ok = await team.callTool({
      name: 'get_finding_by_id',
      arguments: { finding_id: own!.id },
    });
    expect(ok.isError).toBeFalsy();
    expect((payload(ok).result as { id: number }).id).toBe(own!.id);
  });

  it("denies changes to another product's findings (like a missing one), allows its own", async () => {
    const [other] = await dojoFindings(
      stack.origin,
      'test__engagement__product=2&active=true&limit=1',
    );
    const id = other!.id as number;
    const e1 = await refusal(team, 'close_finding', { finding_id: id, reason: 'mitigated' });
    const e2 = await refusal(team, 'close_finding', { finding_id: MISSING, reason: 'mitigated' });
    expect((e1.data as { code: string }).code).toBe('finding_out_of_scope');
    expect(e1.message).toBe(e2.message);
    for (const spelled of [
      { 'Finding-ID': id },
      { finding_id: String(id) },
      { finding_id: `${id}` },
    ])
      await refusal(team, 'update_finding', { ...spelled, title: 'x' });
    expect((await dojoFinding(stack.origin, id)).active).toBe(true);
    const [own] = await dojoFindings(
      stack.origin,
      'test__engagement__product=1&active=true&severity=Low&limit=1',
    );
    const ok = await team.callTool({
      name: 'close_finding',
      arguments: { finding_id: own!.id, reason: 'mitigated' },
    });
    expect(ok.isError, JSON.stringify(ok.content)).toBeFalsy();
  });

  it('denies creates into another product, allows them into its own tests once known', async () => {
    const other = (
      await dojoFinding(
        stack.origin,
        (await dojoFindings(stack.origin, 'test__engagement__product=2&limit=1'))[0]!.id as number,
      )
    ).test as number;
    const create = { title: 'scoped create', severity: 'Low', description: 'd', found_by: [1] };
    const e = await refusal(team, 'create_finding', { ...create, test_id: other });
    expect((e.data as { code: string }).code).toBe('finding_out_of_scope');
    const [own] = await dojoFindings(stack.origin, 'test__engagement__product=1&limit=1');
    await team.callTool({ name: 'get_finding_by_id', arguments: { finding_id: own!.id } });
    const ok = await team.callTool({
      name: 'create_finding',
      arguments: { ...create, test_id: own!.test },
    });
    expect(ok.isError, JSON.stringify(ok.content)).toBeFalsy();
  });
});

describe('without an upstream product filter (e.g. in front of Pro)', () => {
  it('filters rows on the way back and lowers count by the rows removed', async () => {
    unfiltered = await startStack({
      policyEdit: (y) => y.replace('  scopes:', '  list_filters: {}\n  scopes:'),
    });
    const c = await unfiltered.connect('team-web');
    const page = payload(await c.callTool({ name: 'get_findings', arguments: { limit: 50 } })) as {
      count: number;
      results: { id: number }[];
    };
    const all = (
      await api(unfiltered.origin, '/api/v2/findings/?limit=50&o=id&related_fields=true', {
        token: TOKENS.admin,
      })
    ).body as {
      count: number;
      results: {
        id: number;
        related_fields: { test: { engagement: { product: { id: number } } } };
      }[];
    };
    const mine = all.results
      .filter((f) => f.related_fields.test.engagement.product.id === 1)
      .map((f) => f.id);
    expect(page.results.map((f) => f.id)).toEqual(mine);
    expect(page.count).toBe(all.count - (50 - mine.length));
  });
});

/**
 * The 12 tools of DefectDojo Pro's /mcp, with the same names and parameters as the Pro page
 * (shared seed 000), so one policy file serves Pro and this server. Pro's `token`/`url`
 * arguments are added only in --pro-compat mode.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { PRO_DATES, PRO_STATUSES, SEVERITIES, encodeQuery, findingsQuery } from '../encoding.js';
import {
  ListOutputShape,
  ObjectOutputShape,
  READ_ONLY,
  guarded,
  id,
  limit,
  offset,
  ok,
  proCredentialShape,
  toList,
  type DrfPage,
  type ToolContext,
} from './common.js';

interface Paging {
  limit: number;
  offset: number;
}

/** Plain list tools: same parameters as get_products on the Pro page. */
const LISTS: ReadonlyArray<[name: string, path: string, description: string]> = [
  [
    'get_products',
    'products/',
    'Retrieve products (applications, services or systems being tested).',
  ],
  ['get_product_types', 'product_types/', 'Retrieve product type categories that group products.'],
  ['get_engagements', 'engagements/', 'Retrieve security testing engagements of products.'],
  ['get_tests', 'tests/', 'Retrieve security tests (scan results of one tool or manual testing).'],
  ['get_users', 'users/', 'Retrieve DefectDojo users (needs a token with user view permission).'],
  [
    'get_groups',
    'dojo_groups/',
    'Retrieve user groups (DefectDojo 2.x and Pro; absent on OSS 3.x).',
  ],
  ['get_roles', 'roles/', 'Retrieve role definitions (DefectDojo 2.x and Pro; absent on OSS 3.x).'],
];

/** Get-by-id tools: name, id argument, path prefix. */
const GETS: ReadonlyArray<[name: string, arg: string, path: string, what: string]> = [
  ['get_finding_by_id', 'finding_id', 'findings/', 'finding'],
  ['get_user_by_id', 'user_id', 'users/', 'user'],
  ['get_group_by_id', 'group_id', 'dojo_groups/', 'group'],
];

/** Not a Pro parameter: lets dojo-guard's product scoping filter upstream so paging stays right. */
const productIds = z
  .array(id('product'))
  .min(1)
  .max(100)
  .optional()
  .describe('Only findings of these products (OR)');

/** Registers the 12 Pro tools on `server`. */
export function registerProTools(server: McpServer, ctx: ToolContext): void {
  const creds = ctx.proCompat ? proCredentialShape : {};
  const paging = { limit, offset };

  server.registerTool(
    'get_findings',
    {
      title: 'Get findings',
      description:
        'Retrieve findings with severity, status and date filters. Status values are combined with AND; for current risk use status ["Active"]. For a count only, set limit to 1 and read `count`.',
      inputSchema: {
        ...creds,
        severity: z.array(z.enum(SEVERITIES)).max(5).optional().describe('Severities (OR)'),
        status: z.array(z.enum(PRO_STATUSES)).max(10).optional().describe('Statuses (AND)'),
        date: z
          .array(z.enum(PRO_DATES))
          .max(1)
          .optional()
          .describe('Discovery date range; a single value'),
        ...(ctx.proCompat ? {} : { product_id: productIds }),
        ...paging,
      },
      outputSchema: ListOutputShape,
      annotations: READ_ONLY,
    },
    (args) =>
      guarded('get_findings', async () => {
        const q = findingsQuery(args);
        const products = (args as { product_id?: number[] }).product_id;
        if (products?.length) q.set('test__engagement__product', products.join(','));
        const page = await ctx.client(args).get<DrfPage>('findings/', q);
        return ok(toList(page, args.limit, args.offset));
      }),
  );

  for (const [name, path, description] of LISTS) {
    server.registerTool(
      name,
      {
        title: name.replace(/^get_/, 'Get ').replace(/_/g, ' '),
        description,
        inputSchema: { ...creds, ...paging },
        outputSchema: ListOutputShape,
        annotations: READ_ONLY,
      },
      (args: Paging & { token?: string; url?: string }) =>
        guarded(name, async () => {
          const q = encodeQuery({ limit: args.limit, offset: args.offset });
          const page = await ctx.client(args).get<DrfPage>(path, q);
          return ok(toList(page, args.limit, args.offset));
        }),
    );
  }

  for (const [name, arg, path, what] of GETS) {
    server.registerTool(
      name,
      {
        title: `Get ${what} by id`,
        description: `Retrieve detailed information about one ${what}.`,
        inputSchema: { ...creds, [arg]: id(what) },
        outputSchema: ObjectOutputShape,
        annotations: READ_ONLY,
      },
      (args: Record<string, unknown>) =>
        guarded(name, async () => {
          // A finding comes with its test → engagement → product summary (`related_fields`), so
          // a caller (and the guard's fact lookup) learns which product it belongs to.
          const q = path === 'findings/' ? encodeQuery({ related_fields: true }) : undefined;
          const obj = await ctx
            .client(args)
            .get<Record<string, unknown>>(`${path}${args[arg] as number}/`, q);
          return ok({ result: obj });
        }),
    );
  }

  server.registerTool(
    'get_dojo_group_members',
    {
      title: 'Get group members',
      description: 'Retrieve the members (user, role) of one group.',
      inputSchema: { ...creds, group_id: id('group'), ...paging },
      outputSchema: ListOutputShape,
      annotations: READ_ONLY,
    },
    (args) =>
      guarded('get_dojo_group_members', async () => {
        // DefectDojo names this filter group_id, not group (API.md §5.9).
        const q = encodeQuery({ group_id: args.group_id, limit: args.limit, offset: args.offset });
        const page = await ctx.client(args).get<DrfPage>('dojo_group_members/', q);
        return ok(toList(page, args.limit, args.offset));
      }),
  );
}

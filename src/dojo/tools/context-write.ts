/**
 * Products, engagements, tests, test types and the health check: the context that findings and
 * scan imports hang off.
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { encodeQuery, ENGAGEMENT_STATUSES } from '../encoding.js';
import { DojoRequestError } from '../errors.js';
import {
  ListOutputShape,
  ObjectOutputShape,
  READ_ONLY,
  guarded,
  id,
  isoDate,
  limit,
  offset,
  ok,
  toList,
  type DrfPage,
  type ToolContext,
} from './common.js';

const CREATE = { readOnlyHint: false, destructiveHint: false, idempotentHint: false } as const;

function checkRange(start: string, end: string): void {
  if (start.slice(0, 10) > end.slice(0, 10)) {
    throw new DojoRequestError('target_start must not be after target_end');
  }
}

/** Registers create_product, create_engagement, create_test, get_test_types and health_check. */
export function registerContextTools(server: McpServer, ctx: ToolContext): void {
  const c = (args: object) => ctx.client(args);

  server.registerTool(
    'create_product',
    {
      title: 'Create product',
      description: 'Create a product in a product type. Product names are unique in DefectDojo.',
      inputSchema: {
        name: z.string().min(1).max(255),
        description: z.string().min(1).max(10_000),
        prod_type_id: id('product type'),
      },
      outputSchema: ObjectOutputShape,
      annotations: CREATE,
    },
    (args) =>
      guarded('create_product', async () => {
        const body = {
          name: args.name,
          description: args.description,
          prod_type: args.prod_type_id,
        };
        return ok({
          result: await c(args).post<Record<string, unknown>>('products/', { json: body }),
        });
      }),
  );

  server.registerTool(
    'create_engagement',
    {
      title: 'Create engagement',
      description: 'Create an engagement (a testing activity or period) for a product.',
      inputSchema: {
        product_id: id('product'),
        name: z.string().min(1).max(300),
        target_start: isoDate,
        target_end: isoDate,
        description: z.string().max(10_000).optional(),
        engagement_type: z.enum(['Interactive', 'CI/CD']).default('Interactive'),
        status: z.enum(ENGAGEMENT_STATUSES).optional(),
      },
      outputSchema: ObjectOutputShape,
      annotations: CREATE,
    },
    (args) =>
      guarded('create_engagement', async () => {
        checkRange(args.target_start, args.target_end);
        const { product_id, ...rest } = args;
        const body = { ...rest, product: product_id };
        return ok({
          result: await c(args).post<Record<string, unknown>>('engagements/', { json: body }),
        });
      }),
  );

  server.registerTool(
    'create_test',
    {
      title: 'Create test',
      description: 'Create a test of a given test type in an engagement (see get_test_types).',
      inputSchema: {
        engagement_id: id('engagement'),
        test_type_id: id('test type'),
        target_start: isoDate,
        target_end: isoDate,
        title: z.string().min(1).max(255).optional(),
      },
      outputSchema: ObjectOutputShape,
      annotations: CREATE,
    },
    (args) =>
      guarded('create_test', async () => {
        checkRange(args.target_start, args.target_end);
        const body: Record<string, unknown> = {
          engagement: args.engagement_id,
          test_type: args.test_type_id,
          // Test dates are datetimes in DefectDojo; a date means the start/end of that day (UTC).
          target_start: `${args.target_start}T00:00:00Z`,
          target_end: `${args.target_end}T23:59:59Z`,
        };
        if (args.title) body.title = args.title;
        return ok({
          result: await c(args).post<Record<string, unknown>>('tests/', { json: body }),
        });
      }),
  );

  server.registerTool(
    'get_test_types',
    {
      title: 'Get test types',
      description: 'List test types (scanner names) usable with create_test; optional exact name.',
      inputSchema: { name: z.string().min(1).max(200).optional(), limit, offset },
      outputSchema: ListOutputShape,
      annotations: READ_ONLY,
    },
    (args) =>
      guarded('get_test_types', async () => {
        const q = encodeQuery({ name: args.name, limit: args.limit, offset: args.offset });
        const page = await c(args).get<DrfPage>('test_types/', q);
        return ok(toList(page, args.limit, args.offset));
      }),
  );

  server.registerTool(
    'health_check',
    {
      title: 'Health check',
      description: 'Check that DefectDojo is reachable and accepts the configured read token.',
      inputSchema: {},
      outputSchema: {
        status: z.literal('ok'),
        user: z.string().nullable(),
        latency_ms: z.number(),
      },
      annotations: READ_ONLY,
    },
    (args) =>
      guarded('health_check', async () => {
        const started = Date.now();
        // user_profile needs no special permission: the cheapest "who am I" probe (API.md §5.7).
        const r = await c(args).get<{ user?: { username?: unknown } }>('user_profile/');
        const user = typeof r?.user?.username === 'string' ? r.user.username : null;
        return ok({ status: 'ok', user, latency_ms: Date.now() - started });
      }),
  );
}

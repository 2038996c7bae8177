/**
 * Engagements and tests (API.md §5.3, §5.4): list with their exact filters and `o`, retrieve,
 * and create with the parent-id permission checks.
 */
import { can } from '../auth.js';
import { bodyObject, engagementFor, parentId, testFor, visibleProducts } from '../access.js';
import { forbidden, validationError } from '../errors.js';
import { FilterSet, ordering, tagFilters } from '../filter-kit.js';
import { validateFields } from '../fields.js';
import type { EngagementRow, TestRow } from '../model.js';
import { paginate } from '../pagination.js';
import type { Ctx, Reply, Resource } from '../router.js';
import { renderEngagement, renderTest } from '../serialize.js';
import { dojoDateTime } from '../time.js';
import { exact } from './products.js';
import { ENGAGEMENT_STATUSES } from '../../dojo/encoding.js';

function listEngagements(ctx: Ctx): Reply {
  const visible = new Set(visibleProducts(ctx).map((p) => p.id));
  const fs = new FilterSet<EngagementRow>(ctx.query);
  for (const k of ['id', 'product'] as const) {
    const v = fs.numbers(k);
    if (v) fs.add((e) => v.includes(e[k]));
  }
  const pt = fs.numbers('product__prod_type');
  if (pt) fs.add((e) => pt.includes(ctx.db.products.get(e.product)!.prod_type));
  exact(fs, {
    name: (e) => e.name,
    status: (e) => e.status,
    version: (e) => e.version,
    target_start: (e) => e.target_start,
    target_end: (e) => e.target_end,
  });
  const active = fs.dojoBool('active');
  if (active !== undefined) fs.add((e) => e.active === active);
  tagFilters(fs, '', (e) => e.tags);
  const order = ordering(fs, {
    name: (e) => e.name,
    version: (e) => e.version,
    target_start: (e) => e.target_start,
    target_end: (e) => e.target_end,
    status: (e) => e.status,
    lead: (e) => e.lead,
    created: (e) => e.created,
    updated: (e) => e.updated,
  });
  const rows = fs.apply(ctx.db.engagements.all().filter((e) => visible.has(e.product)));
  rows.sort(order ?? ((a, b) => a.id - b.id));
  return {
    status: 200,
    body: paginate(rows, ctx.query, ctx.selfUrl, (e) => renderEngagement(ctx.db, e), false),
  };
}

function createEngagement(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  const pid = parentId(body, 'product', 'Product', (id) => ctx.db.products.get(id) !== undefined);
  if (!can(ctx.db, ctx.user, 'engagement_add', ctx.db.products.get(pid)!)) throw forbidden();
  const { values, errors } = validateFields(
    {
      product: { type: 'pk', required: true },
      name: { type: 'string', nullable: true, max: 300 },
      description: { type: 'string', nullable: true, blank: true },
      target_start: { type: 'date', required: true },
      target_end: { type: 'date', required: true },
      status: {
        type: 'choice',
        choices: ENGAGEMENT_STATUSES,
      },
      engagement_type: { type: 'choice', choices: ['Interactive', 'CI/CD'] },
      version: { type: 'string', nullable: true, blank: true },
      branch_tag: { type: 'string', nullable: true, blank: true },
      build_id: { type: 'string', nullable: true, blank: true },
      commit_hash: { type: 'string', nullable: true, blank: true },
      tags: { type: 'tags' },
      lead: { type: 'pk', nullable: true, exists: (id) => ctx.db.users.get(id) !== undefined },
    },
    body,
    false,
  );
  if (Object.keys(errors).length) throw validationError(errors);
  if ((values.target_start as string) > (values.target_end as string))
    throw validationError({
      non_field_errors: [
        { message: 'Your target start date exceeds your target end date', code: 'invalid' },
      ],
    });
  const stamp = dojoDateTime(ctx.now);
  const row = ctx.db.engagements.insert((id) => ({
    id,
    name: null,
    description: null,
    product: pid,
    tags: [],
    target_start: '',
    target_end: '',
    status: 'Not Started',
    engagement_type: 'Interactive',
    lead: null,
    version: null,
    branch_tag: null,
    build_id: null,
    commit_hash: null,
    created: stamp,
    updated: stamp,
    active: true,
    ...(values as Partial<EngagementRow>),
  }));
  return { status: 201, body: renderEngagement(ctx.db, row) };
}

function listTests(ctx: Ctx): Reply {
  const visible = new Set(visibleProducts(ctx).map((p) => p.id));
  const fs = new FilterSet<TestRow>(ctx.query);
  for (const k of ['id', 'engagement', 'test_type'] as const) {
    const v = fs.numbers(k);
    if (v) fs.add((t) => v.includes(t[k]));
  }
  exact(fs, {
    title: (t) => t.title,
    scan_type: (t) => t.scan_type,
    version: (t) => t.version,
    branch_tag: (t) => t.branch_tag,
    build_id: (t) => t.build_id,
    commit_hash: (t) => t.commit_hash,
  });
  tagFilters(fs, '', (t) => t.tags);
  const order = ordering(fs, {
    title: (t) => t.title,
    version: (t) => t.version,
    target_start: (t) => t.target_start,
    target_end: (t) => t.target_end,
    test_type: (t) => t.test_type,
    lead: (t) => t.lead,
    engagement: (t) => t.engagement,
    created: (t) => t.created,
    updated: (t) => t.updated,
  });
  const rows = fs.apply(
    ctx.db.tests.all().filter((t) => visible.has(ctx.db.productOfTest(t)?.id ?? -1)),
  );
  rows.sort(order ?? ((a, b) => a.id - b.id));
  return {
    status: 200,
    body: paginate(rows, ctx.query, ctx.selfUrl, (t) => renderTest(ctx.db, t), true),
  };
}

function createTest(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  const eid = parentId(
    body,
    'engagement',
    'Engagement',
    (id) => ctx.db.engagements.get(id) !== undefined,
  );
  if (
    !can(ctx.db, ctx.user, 'test_add', ctx.db.products.get(ctx.db.engagements.get(eid)!.product)!)
  )
    throw forbidden();
  const { values, errors } = validateFields(
    {
      engagement: { type: 'pk', required: true },
      test_type: {
        type: 'pk',
        required: true,
        exists: (id) => ctx.db.testTypes.get(id) !== undefined,
      },
      target_start: { type: 'string', required: true },
      target_end: { type: 'string', required: true },
      title: { type: 'string', nullable: true, blank: true, max: 255 },
      description: { type: 'string', nullable: true, blank: true },
      scan_type: { type: 'string', nullable: true, blank: true },
      tags: { type: 'tags' },
      lead: { type: 'pk', nullable: true, exists: (id) => ctx.db.users.get(id) !== undefined },
      version: { type: 'string', nullable: true, blank: true },
      branch_tag: { type: 'string', nullable: true, blank: true },
      build_id: { type: 'string', nullable: true, blank: true },
      commit_hash: { type: 'string', nullable: true, blank: true },
    },
    body,
    false,
  );
  for (const k of ['target_start', 'target_end'])
    if (typeof values[k] === 'string' && Number.isNaN(Date.parse(values[k] as string)))
      errors[k] = [
        {
          message:
            'Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z].',
          code: 'invalid',
        },
      ];
  if (Object.keys(errors).length) throw validationError(errors);
  const stamp = dojoDateTime(ctx.now);
  const norm = (s: unknown): string => dojoDateTime(new Date(Date.parse(s as string)));
  const row = ctx.db.tests.insert((id) => ({
    id,
    engagement: eid,
    test_type: 0,
    scan_type: null,
    title: null,
    description: null,
    tags: [],
    lead: null,
    environment: 1,
    version: null,
    branch_tag: null,
    build_id: null,
    commit_hash: null,
    created: stamp,
    updated: stamp,
    ...(values as Partial<TestRow>),
    target_start: norm(values.target_start),
    target_end: norm(values.target_end),
  }));
  if (row.scan_type === null) row.scan_type = ctx.db.testTypes.get(row.test_type)?.name ?? null;
  return { status: 201, body: renderTest(ctx.db, row) };
}

export const engagementResources: Resource[] = [
  {
    path: 'engagements',
    root: { GET: listEngagements, POST: createEngagement },
    detail: {
      GET: (ctx, id) => ({ status: 200, body: renderEngagement(ctx.db, engagementFor(ctx, id)) }),
    },
  },
  {
    path: 'tests',
    root: { GET: listTests, POST: createTest },
    detail: { GET: (ctx, id) => ({ status: 200, body: renderTest(ctx.db, testFor(ctx, id)) }) },
  },
];

/**
 * Products and product types (API.md §5.1, §5.2): list with their filters, retrieve, and create
 * with DefectDojo's permission-class checks on the parent id.
 */
import { can, canAddProductType } from '../auth.js';
import { bodyObject, parentId, productFor, visibleProducts } from '../access.js';
import { forbidden, notFound, validationError } from '../errors.js';
import { FilterSet, ordering, tagFilters } from '../filter-kit.js';
import { validateFields } from '../fields.js';
import type { ProductRow, ProductTypeRow } from '../model.js';
import { paginate } from '../pagination.js';
import type { Ctx, Reply, Resource } from '../router.js';
import { renderProduct, renderProductType } from '../serialize.js';
import { dojoDateTime } from '../time.js';

const byName = <T extends { name: string | null; id: number }>(a: T, b: T): number =>
  (a.name ?? '').localeCompare(b.name ?? '') || a.id - b.id;

/** Exact-match filters on simple fields (booleans compared case-insensitively). */
export function exact<T>(fs: FilterSet<T>, fields: Record<string, (r: T) => unknown>): void {
  for (const [name, get] of Object.entries(fields)) {
    const v = fs.raw(name);
    if (v === undefined) continue;
    fs.add((r) => {
      const x = get(r);
      return typeof x === 'boolean' ? String(x) === v.toLowerCase() : String(x) === v;
    });
  }
}

function listProducts(ctx: Ctx): Reply {
  const fs = new FilterSet<ProductRow>(ctx.query);
  const name = fs.raw('name')?.toLowerCase();
  if (name !== undefined) fs.add((p) => p.name.toLowerCase().includes(name));
  const nameExact = fs.raw('name_exact')?.toLowerCase();
  if (nameExact !== undefined) fs.add((p) => p.name.toLowerCase() === nameExact);
  const desc = fs.raw('description')?.toLowerCase();
  if (desc !== undefined) fs.add((p) => p.description.toLowerCase().includes(desc));
  for (const k of [
    'id',
    'prod_type',
    'product_manager',
    'technical_contact',
    'team_manager',
  ] as const) {
    const v = fs.numbers(k);
    if (v) fs.add((p) => p[k] !== null && v.includes(p[k]));
  }
  for (const k of ['business_criticality', 'platform', 'lifecycle', 'origin'] as const) {
    const v = ctx.query.getAll(k).filter((x) => x !== '');
    if (v.length) fs.add((p) => v.includes(p[k] ?? ''));
  }
  for (const k of ['external_audience', 'internet_accessible'] as const) {
    const v = fs.dojoBool(k);
    if (v !== undefined) fs.add((p) => p[k] === v);
  }
  tagFilters(fs, '', (p) => p.tags);
  const order = ordering(fs, {
    id: (p) => p.id,
    name: (p) => p.name,
    created: (p) => p.created,
    prod_type: (p) => p.prod_type,
    business_criticality: (p) => p.business_criticality,
    platform: (p) => p.platform,
    lifecycle: (p) => p.lifecycle,
    origin: (p) => p.origin,
    prod_type__name: (p) => ctx.db.productTypes.get(p.prod_type)?.name ?? null,
  });
  const rows = fs.apply(visibleProducts(ctx)).sort(order ?? byName);
  return {
    status: 200,
    body: paginate(rows, ctx.query, ctx.selfUrl, (p) => renderProduct(ctx.db, p), true),
  };
}

function createProduct(ctx: Ctx): Reply {
  const body = bodyObject(ctx);
  const ptId = parentId(
    body,
    'prod_type',
    'Product_Type',
    (id) => ctx.db.productTypes.get(id) !== undefined,
  );
  const probe = { id: -1, prod_type: ptId } as ProductRow;
  // Product_Type_Add_Product: Maintainer or Owner on the product type (or global).
  if (!can(ctx.db, ctx.user, 'product_edit', probe)) throw forbidden();
  const { values, errors } = validateFields(
    {
      name: { type: 'string', required: true, max: 255 },
      description: { type: 'string', required: true },
      prod_type: { type: 'pk', required: true },
      business_criticality: {
        type: 'choice',
        nullable: true,
        choices: ['very high', 'high', 'medium', 'low', 'very low', 'none'],
      },
      platform: {
        type: 'choice',
        nullable: true,
        choices: ['web service', 'desktop', 'iot', 'mobile', 'web'],
      },
      lifecycle: {
        type: 'choice',
        nullable: true,
        choices: ['construction', 'production', 'retirement'],
      },
      origin: {
        type: 'choice',
        nullable: true,
        choices: [
          'third party library',
          'purchased',
          'contractor',
          'internal',
          'open source',
          'outsourced',
        ],
      },
      tags: { type: 'tags' },
      external_audience: { type: 'bool' },
      internet_accessible: { type: 'bool' },
      enable_simple_risk_acceptance: { type: 'bool' },
    },
    body,
    false,
  );
  if (typeof values.name === 'string' && ctx.db.products.all().some((p) => p.name === values.name))
    errors.name = [{ message: 'product with this name already exists.', code: 'unique' }];
  if (Object.keys(errors).length) throw validationError(errors);
  const row = ctx.db.products.insert((id) => ({
    id,
    name: '',
    description: '',
    prod_type: ptId,
    business_criticality: null,
    platform: null,
    lifecycle: null,
    origin: null,
    tags: [],
    created: dojoDateTime(ctx.now),
    external_audience: false,
    internet_accessible: false,
    enable_simple_risk_acceptance: false,
    product_manager: null,
    technical_contact: null,
    team_manager: null,
    ...(values as Partial<ProductRow>),
  }));
  return { status: 201, body: renderProduct(ctx.db, row) };
}

function visibleProductTypes(ctx: Ctx): ProductTypeRow[] {
  const ids = new Set(visibleProducts(ctx).map((p) => p.prod_type));
  return ctx.db.productTypes
    .all()
    .filter(
      (pt) =>
        ctx.user.is_superuser ||
        ids.has(pt.id) ||
        ctx.db.members
          .all()
          .some(
            (m) =>
              m.user === ctx.user.id &&
              (m.scope === 'global' || (m.scope === 'product_type' && m.target === pt.id)),
          ),
    );
}

function listProductTypes(ctx: Ctx): Reply {
  const fs = new FilterSet<ProductTypeRow>(ctx.query);
  const id = fs.numbers('id');
  if (id) fs.add((r) => id.includes(r.id));
  // All exact here; `name` is case-sensitive (API.md §5.2).
  exact(fs, { name: (r) => r.name });
  for (const k of ['critical_product', 'key_product'] as const) {
    const v = fs.plainBool(k);
    if (v !== undefined) fs.add((r) => r[k] === v);
  }
  const rows = fs.apply(visibleProductTypes(ctx)).sort(byName);
  return {
    status: 200,
    body: paginate(rows, ctx.query, ctx.selfUrl, (r) => renderProductType(ctx.db, r), true),
  };
}

function createProductType(ctx: Ctx): Reply {
  if (!canAddProductType(ctx.db, ctx.user)) throw forbidden();
  const body = bodyObject(ctx);
  const { values, errors } = validateFields(
    {
      name: { type: 'string', required: true, max: 255 },
      description: { type: 'string', nullable: true, blank: true },
      critical_product: { type: 'bool' },
      key_product: { type: 'bool' },
    },
    body,
    false,
  );
  if (
    typeof values.name === 'string' &&
    ctx.db.productTypes.all().some((p) => p.name === values.name)
  )
    errors.name = [{ message: 'product_ type with this name already exists.', code: 'unique' }];
  if (Object.keys(errors).length) throw validationError(errors);
  const stamp = dojoDateTime(ctx.now);
  const row = ctx.db.productTypes.insert((id) => ({
    id,
    name: '',
    description: null,
    critical_product: false,
    key_product: false,
    created: stamp,
    updated: stamp,
    ...(values as Partial<ProductTypeRow>),
  }));
  return { status: 201, body: renderProductType(ctx.db, row) };
}

export const productResources: Resource[] = [
  {
    path: 'products',
    root: { GET: listProducts, POST: createProduct },
    detail: {
      GET: (ctx, id) => ({ status: 200, body: renderProduct(ctx.db, productFor(ctx, id)) }),
    },
  },
  {
    path: 'product_types',
    root: { GET: listProductTypes, POST: createProductType },
    detail: {
      GET: (ctx, id) => {
        const pt = visibleProductTypes(ctx).find((r) => r.id === id);
        if (!pt) throw notFound('Product_Type');
        return { status: 200, body: renderProductType(ctx.db, pt) };
      },
    },
  },
];

/**
 * Target resolution for import-scan / reimport-scan (API.md §6.1 "Targeting rules"), done the
 * way DefectDojo's permission classes do it: failures are 400 bare JSON arrays, checked before
 * any serializer validation; auto_create_context creates the missing product type, product and
 * engagement.
 */
import { can } from './auth.js';
import { DojoHttpError, forbidden } from './errors.js';
import type { EngagementRow, ProductRow, TestRow } from './model.js';
import type { Ctx } from './router.js';
import { addDays, dojoDate, dojoDateTime } from './time.js';

const bare = (msg: string): DojoHttpError => new DojoHttpError(400, [msg]);

export interface ImportTarget {
  engagement: EngagementRow;
  product: ProductRow;
  /** Reimport: the test to update; undefined means a new test is created. */
  test?: TestRow;
}

function isTrue(v: unknown): boolean {
  return v === 'true' || v === 'True' || v === '1' || v === true;
}

/** Resolves (and, with auto_create_context, creates) the engagement and, for reimport, the test. */
export function resolveTarget(
  ctx: Ctx,
  f: Record<string, unknown>,
  reimport: boolean,
): ImportTarget {
  const db = ctx.db;
  const s = (k: string): string | undefined =>
    typeof f[k] === 'string' && f[k] !== '' ? (f[k] as string) : undefined;
  if (reimport && s('test')) {
    const t = db.tests.get(Number(s('test')));
    if (!t || !/^\d+$/.test(s('test')!)) throw bare(`Test "${s('test')}" does not exist`);
    const engagement = db.engagements.get(t.engagement)!;
    return checked(ctx, { engagement, product: db.products.get(engagement.product)!, test: t });
  }
  if (!reimport && s('engagement')) {
    const e = /^\d+$/.test(s('engagement')!)
      ? db.engagements.get(Number(s('engagement')))
      : undefined;
    if (!e) throw bare(`Engagement "${s('engagement')}" does not exist`);
    return checked(ctx, { engagement: e, product: db.products.get(e.product)! });
  }
  const auto = isTrue(f.auto_create_context);
  const productName = s('product_name');
  const engagementName = s('engagement_name');
  const ptName = s('product_type_name');
  if (!productName) throw bare('product_name parameter missing');
  if (!engagementName) throw bare('engagement_name parameter missing');
  let pt = ptName ? db.productTypes.all().find((p) => p.name === ptName) : undefined;
  if (ptName && !pt && !auto) throw bare(`Product Type "${ptName}" does not exist`);
  let product = db.products
    .all()
    .find((p) => p.name === productName && (!pt || p.prod_type === pt.id));
  if (!product && !auto)
    throw bare(
      ptName
        ? `Product "${productName}" does not exist in Product_Type "${ptName}"`
        : `Product "${productName}" does not exist`,
    );
  // Several engagements with the name: the latest wins.
  let engagement = product
    ? db.engagements
        .all()
        .filter((e) => e.product === product!.id && e.name === engagementName)
        .pop()
    : undefined;
  if (!engagement && !auto)
    throw bare(`Engagement "${engagementName}" does not exist in Product "${productName}"`);
  const stamp = dojoDateTime(ctx.now);
  if (!product || !engagement) {
    // Auto-create needs the right to add products (superuser or global Maintainer/Owner here).
    if (
      !ctx.user.is_superuser &&
      !can(db, ctx.user, 'product_edit', { id: -1, prod_type: pt?.id ?? -1 } as ProductRow)
    )
      throw forbidden();
    if (!pt && !product) {
      const name = ptName ?? 'Auto-created';
      pt =
        db.productTypes.all().find((p) => p.name === name) ??
        db.productTypes.insert((id) => ({
          id,
          name,
          description: null,
          critical_product: false,
          key_product: false,
          created: stamp,
          updated: stamp,
        }));
    }
    product ??= db.products.insert((id) => ({
      id,
      name: productName,
      description: 'Auto-created by import',
      prod_type: pt!.id,
      business_criticality: null,
      platform: null,
      lifecycle: null,
      origin: null,
      tags: [],
      created: stamp,
      external_audience: false,
      internet_accessible: false,
      enable_simple_risk_acceptance: false,
      product_manager: null,
      technical_contact: null,
      team_manager: null,
    }));
    const end = s('engagement_end_date') ?? dojoDate(addDays(ctx.now, 365));
    engagement = db.engagements.insert((id) => ({
      id,
      name: engagementName,
      description: null,
      product: product!.id,
      tags: [],
      target_start: dojoDate(ctx.now),
      target_end: end,
      status: 'In Progress',
      engagement_type: 'CI/CD',
      lead: ctx.user.id,
      version: null,
      branch_tag: null,
      build_id: null,
      commit_hash: null,
      created: stamp,
      updated: stamp,
      active: true,
    }));
  }
  if (!reimport) return checked(ctx, { engagement, product });
  const scanType = s('scan_type') ?? '';
  const title = s('test_title');
  const test = db.tests
    .all()
    .filter(
      (t) =>
        t.engagement === engagement!.id &&
        t.scan_type === scanType &&
        (!title || t.title === title),
    )
    .pop();
  if (!test && !auto)
    throw bare(
      `${title ? `Test "${title}" with` : 'Test with'} scan_type "${scanType}" does not exist in Engagement "${engagementName}"`,
    );
  return checked(ctx, { engagement, product, test });
}

function checked(ctx: Ctx, t: ImportTarget): ImportTarget {
  // The permission class looks the target up unfiltered, then checks Import_Scan_Result: 403.
  if (!can(ctx.db, ctx.user, 'import', t.product)) throw forbidden();
  return t;
}

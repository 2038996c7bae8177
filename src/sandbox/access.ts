/**
 * Object lookup with DefectDojo's visibility rule: an object the caller may not view is a 404
 * (`No <Model> matches the given query.`), a visible object with a forbidden action is a 403.
 */
import { can, type Action } from './auth.js';
import { DojoHttpError, forbidden, notFound, validationError } from './errors.js';
import type { EngagementRow, FindingRow, ProductRow, TestRow } from './model.js';
import type { Ctx } from './router.js';
import { asObject } from './fields.js';

/** The finding, if it exists and the caller may view its product; else 404. */
export function findingFor(ctx: Ctx, id: number, action?: Action): FindingRow {
  const f = ctx.db.findings.get(id);
  const p = f ? ctx.db.productOfFinding(f) : undefined;
  if (!f || !p || !can(ctx.db, ctx.user, 'view', p)) throw notFound('Finding');
  if (action && !can(ctx.db, ctx.user, action, p)) throw forbidden();
  return f;
}

export function productFor(ctx: Ctx, id: number, action?: Action): ProductRow {
  const p = ctx.db.products.get(id);
  if (!p || !can(ctx.db, ctx.user, 'view', p)) throw notFound('Product');
  if (action && !can(ctx.db, ctx.user, action, p)) throw forbidden();
  return p;
}

export function engagementFor(ctx: Ctx, id: number, action?: Action): EngagementRow {
  const e = ctx.db.engagements.get(id);
  const p = e ? ctx.db.products.get(e.product) : undefined;
  if (!e || !p || !can(ctx.db, ctx.user, 'view', p)) throw notFound('Engagement');
  if (action && !can(ctx.db, ctx.user, action, p)) throw forbidden();
  return e;
}

export function testFor(ctx: Ctx, id: number, action?: Action): TestRow {
  const t = ctx.db.tests.get(id);
  const p = t ? ctx.db.productOfTest(t) : undefined;
  if (!t || !p || !can(ctx.db, ctx.user, 'view', p)) throw notFound('Test');
  if (action && !can(ctx.db, ctx.user, action, p)) throw forbidden();
  return t;
}

/** Products the caller may view. */
export function visibleProducts(ctx: Ctx): ProductRow[] {
  return ctx.db.products.all().filter((p) => can(ctx.db, ctx.user, 'view', p));
}

/** The request body as an object; a JSON array or scalar is DRF's non_field_errors 400. */
export function bodyObject(ctx: Ctx): Record<string, unknown> {
  const b = ctx.body();
  const o = asObject(b ?? {});
  if (!o) {
    const t = Array.isArray(b)
      ? 'list'
      : typeof b === 'string'
        ? 'str'
        : typeof b === 'number'
          ? 'int'
          : 'bool';
    throw validationError({
      non_field_errors: [
        { message: `Invalid data. Expected a dictionary, but got ${t}.`, code: 'invalid' },
      ],
    });
  }
  return o;
}

/**
 * The parent object named in a create body, checked the way DefectDojo's permission classes do:
 * absent -> 400 "Unable to check for permissions", unknown -> 404, not allowed -> 403.
 */
export function parentId(
  body: Record<string, unknown>,
  attr: string,
  model: string,
  exists: (id: number) => boolean,
): number {
  const v = body[attr];
  if (v === undefined || v === null || v === '')
    throw new DojoHttpError(400, {
      detail: `Unable to check for permissions: Attribute '${attr}' is required`,
    });
  const id = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(id) || !exists(id)) throw notFound(model);
  return id;
}

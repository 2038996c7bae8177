/**
 * `?prefetch=` and `?related_fields=true` on findings (API.md §1.3): referenced objects under a
 * top-level `prefetch` key (ids as string keys; objects the caller may not see left out; unknown
 * names ignored), and the nested `related_fields` test/engagement/product summary.
 */
import { can } from './auth.js';
import type { FindingRow } from './model.js';
import type { Ctx } from './router.js';
import { renderFinding, renderNote, renderTest, renderUser } from './serialize.js';

type Lookup = (ctx: Ctx, id: number) => unknown;

const user: Lookup = (ctx, id) => {
  const u = ctx.db.users.get(id);
  // Users need configuration permission: only superusers see them.
  return u && ctx.user.is_superuser ? renderUser(ctx.db, u) : undefined;
};

const FIELDS: Record<string, { ids: (f: FindingRow) => number[]; get: Lookup }> = {
  test: {
    ids: (f) => [f.test],
    get: (ctx, id) => {
      const t = ctx.db.tests.get(id);
      return t ? renderTest(ctx.db, t) : undefined;
    },
  },
  found_by: { ids: (f) => f.found_by, get: (ctx, id) => ctx.db.testTypes.get(id) },
  reporter: { ids: (f) => [f.reporter], get: user },
  reviewers: { ids: (f) => f.reviewers, get: user },
  mitigated_by: { ids: (f) => (f.mitigated_by === null ? [] : [f.mitigated_by]), get: user },
  last_reviewed_by: {
    ids: (f) => (f.last_reviewed_by === null ? [] : [f.last_reviewed_by]),
    get: user,
  },
  notes: {
    ids: (f) => f.notes,
    get: (ctx, id) => {
      const n = ctx.db.notes.get(id);
      return n ? renderNote(ctx.db, n) : undefined;
    },
  },
  duplicate_finding: {
    ids: (f) => (f.duplicate_finding === null ? [] : [f.duplicate_finding]),
    get: (ctx, id) => {
      const d = ctx.db.findings.get(id);
      const p = d ? ctx.db.productOfFinding(d) : undefined;
      return d && p && can(ctx.db, ctx.user, 'view', p)
        ? renderFinding(ctx.db, d, ctx.now)
        : undefined;
    },
  },
};

/** The requested prefetch field names (comma list, parameter may repeat). */
export function prefetchFields(query: URLSearchParams): string[] {
  return query
    .getAll('prefetch')
    .flatMap((v) => v.split(','))
    .map((s) => s.trim())
    .filter((s) => s in FIELDS);
}

/** `{field: {"<id>": object}}` for the findings on the page. */
export function buildPrefetch(
  ctx: Ctx,
  rows: readonly FindingRow[],
  fields: readonly string[],
): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of fields) {
    const spec = FIELDS[name]!;
    const bucket: Record<string, unknown> = {};
    for (const f of rows)
      for (const id of spec.ids(f)) {
        if (String(id) in bucket) continue;
        const obj = spec.get(ctx, id);
        if (obj !== undefined) bucket[String(id)] = obj;
      }
    out[name] = bucket;
  }
  return out;
}

/** The `related_fields` object of a finding. */
export function relatedFields(ctx: Ctx, f: FindingRow): Record<string, unknown> | null {
  const t = ctx.db.tests.get(f.test);
  const e = t ? ctx.db.engagements.get(t.engagement) : undefined;
  const p = e ? ctx.db.products.get(e.product) : undefined;
  if (!t || !e || !p) return null;
  const tt = ctx.db.testTypes.get(t.test_type);
  const pt = ctx.db.productTypes.get(p.prod_type);
  return {
    test: {
      id: t.id,
      title: t.title,
      test_type: { id: t.test_type, name: tt?.name ?? null },
      engagement: {
        id: e.id,
        name: e.name,
        description: e.description,
        product: { id: p.id, name: p.name, prod_type: { id: p.prod_type, name: pt?.name ?? null } },
        target_start: e.target_start,
        target_end: e.target_end,
        branch_tag: e.branch_tag,
        engagement_type: e.engagement_type,
        build_id: e.build_id,
        commit_hash: e.commit_hash,
        version: e.version,
        created: e.created,
        updated: e.updated,
      },
      environment: { id: 1, name: 'Development' },
      branch_tag: t.branch_tag,
      build_id: t.build_id,
      commit_hash: t.commit_hash,
      version: t.version,
    },
    jira: null,
  };
}

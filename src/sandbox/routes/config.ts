/**
 * Configuration-style endpoints: users, user_profile (the health check), test_types, and the RBAC
 * endpoints dojo_groups / dojo_group_members / roles, which exist only in 2.58 mode (API.md §10).
 */
import { canViewGroup } from '../auth.js';
import { bodyObject } from '../access.js';
import { DojoHttpError, forbidden, notFound, validationError } from '../errors.js';
import { FilterSet } from '../filter-kit.js';
import { validateFields } from '../fields.js';
import type { GroupRow, MemberRow, TestTypeRow, UserRow } from '../model.js';
import { ROLES } from '../model.js';
import { paginate } from '../pagination.js';
import type { Ctx, Reply, Resource } from '../router.js';
import { renderUser } from '../serialize.js';

/** `auth.view_user` etc.: in the sandbox only superusers hold configuration permissions. */
function requireConfig(ctx: Ctx): void {
  if (!ctx.user.is_superuser) throw forbidden();
}

function listUsers(ctx: Ctx): Reply {
  requireConfig(ctx);
  const fs = new FilterSet<UserRow>(ctx.query);
  const id = fs.numbers('id');
  if (id) fs.add((u) => id.includes(u.id));
  for (const k of ['username', 'first_name', 'last_name', 'email'] as const) {
    const v = fs.raw(k);
    if (v !== undefined) fs.add((u) => u[k] === v);
  }
  for (const k of ['is_active', 'is_superuser'] as const) {
    const v = fs.dojoBool(k);
    if (v !== undefined) fs.add((u) => u[k] === v);
  }
  const rows = fs.apply(ctx.db.users.all());
  return {
    status: 200,
    body: paginate(rows, ctx.query, ctx.selfUrl, (u) => renderUser(ctx.db, u), false),
  };
}

function userProfile(ctx: Ctx): Reply {
  const u = ctx.user;
  const body: Record<string, unknown> = { user: renderUser(ctx.db, u), user_contact_info: null };
  if (ctx.db.version === '2.58') {
    const mine = ctx.db.members.all().filter((m) => m.user === u.id);
    const g = mine.find((m) => m.scope === 'global');
    body.global_role = g ? { id: g.id, user: u.id, group: null, role: g.role } : null;
    body.dojo_group_member = mine.filter((m) => m.scope === 'group').map(renderMember);
    body.product_type_member = mine
      .filter((m) => m.scope === 'product_type')
      .map((m) => ({ id: m.id, product_type: m.target, user: u.id, role: m.role }));
    body.product_member = mine
      .filter((m) => m.scope === 'product')
      .map((m) => ({ id: m.id, product: m.target, user: u.id, role: m.role }));
  }
  return { status: 200, body };
}

function listTestTypes(ctx: Ctx): Reply {
  const fs = new FilterSet<TestTypeRow>(ctx.query);
  const name = fs.raw('name');
  if (name !== undefined) fs.add((t) => t.name === name);
  const id = fs.numbers('id');
  if (id) fs.add((t) => id.includes(t.id));
  const rows = fs.apply(ctx.db.testTypes.all());
  return { status: 200, body: paginate(rows, ctx.query, ctx.selfUrl, (t) => t, false) };
}

function createTestType(ctx: Ctx): Reply {
  requireConfig(ctx);
  const body = bodyObject(ctx);
  const { values, errors } = validateFields(
    {
      name: { type: 'string', required: true, max: 200 },
      static_tool: { type: 'bool' },
      dynamic_tool: { type: 'bool' },
      active: { type: 'bool' },
    },
    body,
    false,
  );
  if (typeof values.name === 'string' && ctx.db.testTypes.all().some((t) => t.name === values.name))
    errors.name = [{ message: 'test_ type with this name already exists.', code: 'unique' }];
  if (Object.keys(errors).length) throw validationError(errors);
  const row = ctx.db.testTypes.insert((id) => ({
    id,
    name: '',
    static_tool: false,
    dynamic_tool: false,
    active: true,
    ...(values as Partial<TestTypeRow>),
  }));
  return { status: 201, body: row };
}

function renderMember(m: MemberRow): Record<string, unknown> {
  return { id: m.id, group: m.group, user: m.user, role: m.role };
}

function renderGroup(ctx: Ctx, g: GroupRow): Record<string, unknown> {
  const users = ctx.db.members
    .all()
    .filter((m) => m.scope === 'group' && m.group === g.id)
    .map((m) => m.user);
  return {
    id: g.id,
    configuration_permissions: [],
    name: g.name,
    description: g.description,
    social_provider: g.social_provider,
    users,
  };
}

function listGroups(ctx: Ctx): Reply {
  const fs = new FilterSet<GroupRow>(ctx.query);
  const id = fs.numbers('id');
  if (id) fs.add((g) => id.includes(g.id));
  for (const k of ['name', 'social_provider'] as const) {
    const v = fs.raw(k);
    if (v !== undefined) fs.add((g) => g[k] === v);
  }
  const rows = fs
    .apply(ctx.db.groups.all().filter((g) => canViewGroup(ctx.db, ctx.user, g.id)))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    status: 200,
    body: paginate(rows, ctx.query, ctx.selfUrl, (g) => renderGroup(ctx, g), true),
  };
}

function groupMembers(ctx: Ctx): MemberRow[] {
  return ctx.db.members
    .all()
    .filter(
      (m) => m.scope === 'group' && m.group !== null && canViewGroup(ctx.db, ctx.user, m.group),
    );
}

function listGroupMembers(ctx: Ctx): Reply {
  const fs = new FilterSet<MemberRow>(ctx.query);
  // The filter names are group_id and user_id, not group/user (API.md §5.9).
  for (const [name, get] of [
    ['id', (m: MemberRow) => m.id],
    ['group_id', (m: MemberRow) => m.group],
    ['user_id', (m: MemberRow) => m.user],
  ] as const) {
    const v = fs.numbers(name);
    if (v) fs.add((m) => v.includes(get(m) ?? -1));
  }
  const rows = fs.apply(groupMembers(ctx));
  return { status: 200, body: paginate(rows, ctx.query, ctx.selfUrl, renderMember, true) };
}

function listRoles(ctx: Ctx): Reply {
  type RoleRow = (typeof ROLES)[number];
  const fs = new FilterSet<RoleRow>(ctx.query);
  const id = fs.numbers('id');
  if (id) fs.add((r) => id.includes(r.id));
  const name = fs.raw('name');
  if (name !== undefined) fs.add((r) => r.name === name);
  return {
    status: 200,
    body: paginate(fs.apply(ROLES), ctx.query, ctx.selfUrl, (r) => ({ ...r }), false),
  };
}

export const configResources: Resource[] = [
  {
    path: 'users',
    root: { GET: listUsers },
    detail: {
      GET: (ctx, id) => {
        requireConfig(ctx);
        const u = ctx.db.users.get(id);
        if (!u) throw notFound('User');
        return { status: 200, body: renderUser(ctx.db, u) };
      },
    },
  },
  { path: 'user_profile', root: { GET: userProfile } },
  {
    path: 'test_types',
    root: { GET: listTestTypes, POST: createTestType },
    detail: {
      GET: (ctx, id) => {
        const t = ctx.db.testTypes.get(id);
        if (!t) throw notFound('Test_Type');
        return { status: 200, body: t };
      },
    },
  },
  {
    path: 'dojo_groups',
    onlyIn: '2.58',
    root: { GET: listGroups },
    detail: {
      GET: (ctx, id) => {
        const g = ctx.db.groups.get(id);
        if (!g || !canViewGroup(ctx.db, ctx.user, id)) throw notFound('Dojo_Group');
        return { status: 200, body: renderGroup(ctx, g) };
      },
    },
  },
  {
    path: 'dojo_group_members',
    onlyIn: '2.58',
    root: { GET: listGroupMembers },
    detail: {
      GET: (ctx, id) => {
        const m = groupMembers(ctx).find((r) => r.id === id);
        if (!m) throw notFound('Dojo_Group_Member');
        return { status: 200, body: renderMember(m) };
      },
      PATCH: () => {
        throw new DojoHttpError(405, { message: 'Patch function is not offered in this path.' });
      },
    },
  },
  {
    path: 'roles',
    onlyIn: '2.58',
    root: { GET: listRoles },
    detail: {
      GET: (ctx, id) => {
        const r = ROLES.find((x) => x.id === id);
        if (!r) throw notFound('Role');
        return { status: 200, body: { ...r } };
      },
    },
  },
];

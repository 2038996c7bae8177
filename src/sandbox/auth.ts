/**
 * Authentication (DRF TokenAuthentication as DefectDojo configures it, API.md §1.1) and
 * authorization (2.x RBAC §7.1, or 3.x legacy §7.2). Every failure is a 403, never a 401.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { SandboxDb } from './db.js';
import { DojoHttpError } from './errors.js';
import type { ProductRow, UserRow } from './model.js';
import { ROLE } from './model.js';

const denied = (detail: string): DojoHttpError => new DojoHttpError(403, { detail });

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

/**
 * Resolves the `Authorization` header to an active user, or throws DefectDojo's 403.
 * Token keys are compared in constant time (digest + timingSafeEqual, against every user).
 */
export function authenticate(header: string | undefined, db: SandboxDb): UserRow {
  const parts = (header ?? '')
    .trim()
    .split(/\s+/)
    .filter((p) => p !== '');
  const scheme = parts[0]?.toLowerCase();
  if (scheme === 'basic') {
    if (parts.length === 1) throw denied('Invalid basic header. No credentials provided.');
    // The sandbox users have no passwords: Basic auth never succeeds.
    throw denied('Invalid username/password.');
  }
  // Bearer and every other scheme count as "no credentials" (the Token keyword only).
  if (scheme !== 'token') throw denied('Authentication credentials were not provided.');
  if (parts.length === 1) throw denied('Invalid token header. No credentials provided.');
  if (parts.length > 2)
    throw denied('Invalid token header. Token string should not contain spaces.');
  const key = parts[1]!;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(key))
    throw denied('Invalid token header. Token string should not contain invalid characters.');
  const want = digest(key);
  let found: UserRow | undefined;
  for (const u of db.users.all()) if (timingSafeEqual(digest(u.token), want)) found = u;
  if (!found) throw denied('Invalid token.');
  if (!found.is_active) throw denied('User inactive or deleted.');
  return found;
}

/** Product-scoped actions of the permission matrix (API.md §7.1). */
export type Action =
  | 'view'
  | 'note_add'
  | 'import'
  | 'engagement_add'
  | 'engagement_edit'
  | 'test_add'
  | 'test_edit'
  | 'finding_add'
  | 'finding_edit'
  | 'finding_delete'
  | 'product_edit'
  | 'product_delete';

const READER: Action[] = ['view', 'note_add'];
const IMPORTER: Action[] = ['view', 'import', 'engagement_add', 'engagement_edit', 'test_edit'];
const WRITER: Action[] = [...READER, ...IMPORTER, 'test_add', 'finding_add', 'finding_edit'];
const MAINTAINER: Action[] = [...WRITER, 'finding_delete', 'product_edit'];
const OWNER: Action[] = [...MAINTAINER, 'product_delete'];

const ROLE_ACTIONS: Record<number, ReadonlySet<Action>> = {
  [ROLE.Reader]: new Set(READER),
  [ROLE.API_Importer]: new Set(IMPORTER),
  [ROLE.Writer]: new Set(WRITER),
  [ROLE.Maintainer]: new Set(MAINTAINER),
  [ROLE.Owner]: new Set(OWNER),
};

/** Role ids the user holds on a product: product, product type and global memberships. */
export function rolesOn(db: SandboxDb, user: UserRow, product: ProductRow): number[] {
  const roles: number[] = [];
  for (const m of db.members.rows.values()) {
    if (m.user !== user.id) continue;
    if (m.scope === 'global') roles.push(m.role);
    else if (m.scope === 'product' && m.target === product.id) roles.push(m.role);
    else if (m.scope === 'product_type' && m.target === product.prod_type) roles.push(m.role);
  }
  return roles;
}

/** True when the user may perform `action` on `product`. */
export function can(db: SandboxDb, user: UserRow, action: Action, product: ProductRow): boolean {
  if (user.is_superuser) return true;
  if (db.version === '3') {
    // Legacy model: staff may do everything; authorized users everything but delete.
    if (user.is_staff) return true;
    const authorized = db.members
      .all()
      .some(
        (m) =>
          m.user === user.id &&
          ((m.scope === 'product' && m.target === product.id) ||
            (m.scope === 'product_type' && m.target === product.prod_type)),
      );
    return authorized && action !== 'finding_delete' && action !== 'product_delete';
  }
  return rolesOn(db, user, product).some((r) => ROLE_ACTIONS[r]?.has(action) ?? false);
}

/** Global permission to add a product type: superuser, global Maintainer/Owner (3.x: staff). */
export function canAddProductType(db: SandboxDb, user: UserRow): boolean {
  if (user.is_superuser) return true;
  if (db.version === '3') return user.is_staff;
  return db.members
    .all()
    .some(
      (m) =>
        m.user === user.id &&
        m.scope === 'global' &&
        (m.role === ROLE.Maintainer || m.role === ROLE.Owner),
    );
}

/** Group visibility (2.x): superuser, a global role, or membership of the group. */
export function canViewGroup(db: SandboxDb, user: UserRow, groupId: number): boolean {
  if (user.is_superuser) return true;
  return db.members
    .all()
    .some(
      (m) =>
        m.user === user.id &&
        (m.scope === 'global' || (m.scope === 'group' && m.group === groupId)),
    );
}

/**
 * The sandbox's users, their DefectDojo roles and their API tokens. Tokens are deterministic
 * (SHA-1 of a fixed label, 40 hex chars like a DRF token key) so that tests, demos and docs can
 * name them; the admin token can be replaced with `SANDBOX_ADMIN_TOKEN`.
 */
import { createHash } from 'node:crypto';

/** Which memberships a seeded user gets (2.58 RBAC; 3.x maps them as its migration does). */
export interface SeedUser {
  username: string;
  first_name: string;
  last_name: string;
  superuser: boolean;
  active: boolean;
  /** Global role name, if any. */
  globalRole?: 'Reader' | 'API_Importer' | 'Writer' | 'Maintainer' | 'Owner';
  /** Product-type memberships: [product type index (0-based), role]. */
  productTypeRoles?: ReadonlyArray<readonly [number, 'Reader' | 'Writer' | 'Owner']>;
  /** Product memberships: [product index (0-based), role]. */
  productRoles?: ReadonlyArray<readonly [number, 'Reader' | 'Writer' | 'Owner']>;
  summary: string;
}

export const SEED_USERS: readonly SeedUser[] = [
  {
    username: 'admin',
    first_name: 'Ada',
    last_name: 'Admin',
    superuser: true,
    active: true,
    summary: 'superuser: everything',
  },
  {
    username: 'maintainer',
    first_name: 'Mia',
    last_name: 'Maintainer',
    superuser: false,
    active: true,
    globalRole: 'Maintainer',
    summary: 'global Maintainer: read/write all products (3.x: staff)',
  },
  {
    username: 'writer',
    first_name: 'Wes',
    last_name: 'Writer',
    superuser: false,
    active: true,
    productTypeRoles: [[0, 'Writer']],
    productRoles: [[1, 'Writer']],
    summary: 'Writer on product type "Web Applications" and product "Payments API" only',
  },
  {
    username: 'reader',
    first_name: 'Rita',
    last_name: 'Reader',
    superuser: false,
    active: true,
    productTypeRoles: [
      [0, 'Reader'],
      [1, 'Reader'],
      [2, 'Reader'],
    ],
    summary:
      'Reader on every product type: read-only, may add notes (3.x: authorized user, may write)',
  },
  {
    username: 'importer',
    first_name: 'Ci',
    last_name: 'Importer',
    superuser: false,
    active: true,
    globalRole: 'API_Importer',
    summary: 'global API_Importer: view, import/reimport, engagements (3.x: staff)',
  },
  {
    username: 'owner',
    first_name: 'Olga',
    last_name: 'Owner',
    superuser: false,
    active: true,
    productRoles: [[0, 'Owner']],
    summary: 'Owner of product "Juice Shop" only',
  },
  {
    username: 'inactive',
    first_name: 'Ivan',
    last_name: 'Inactive',
    superuser: false,
    active: false,
    globalRole: 'Reader',
    summary: 'deactivated: every call answers 403 "User inactive or deleted."',
  },
];

/**
 * The deterministic token of a seeded user.
 * @example sandboxToken('reader') // 40 lower-case hex characters, the same on every run
 */
export function sandboxToken(username: string): string {
  return createHash('sha1').update(`dojo-guard-sandbox:${username}`).digest('hex');
}

/** Help text listing every user, role and token (shared by `--help` and the README). */
export function describeTokens(): string {
  return SEED_USERS.map(
    (u) =>
      `  ${u.username.padEnd(11)} ${sandboxToken(u.username)}${u.username === 'admin' ? ' (or $SANDBOX_ADMIN_TOKEN)' : ''}\n              ${u.summary}`,
  ).join('\n');
}

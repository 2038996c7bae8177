/**
 * Builds the sandbox data set: users, product types, products, engagements, tests, findings and
 * notes, from a fixed seed. Ids and content are identical on every run; dates are relative to
 * `now`, so the date filters ("Today", "Past 7 days", ...) select different, non-empty subsets.
 */
import { SandboxDb } from './db.js';
import type { DojoVersion, ProductRow, TestRow } from './model.js';
import { ROLE } from './model.js';
import { Prng } from './prng.js';
import { addDays, dojoDate, dojoDateTime } from './time.js';
import { SEED_USERS, sandboxToken } from './users.js';
import { PRODUCTS, PRODUCT_TYPES, SCANNERS } from './vocab.js';
import { seedFindings } from './seed-findings.js';

/** The seed of the PRNG. Changing it changes every generated row. */
export const SANDBOX_SEED = 0x5eed_d0d0;

export interface SeedOptions {
  version: DojoVersion;
  now: () => Date;
  /** Replaces the admin's deterministic token (env SANDBOX_ADMIN_TOKEN). */
  adminToken?: string;
  /** How many findings to generate; at least 500 by default. */
  findings?: number;
}

/** Creates a fully seeded database. */
export function seedDatabase(opts: SeedOptions): SandboxDb {
  const db = new SandboxDb(opts.version, opts.now);
  const rng = new Prng(SANDBOX_SEED);
  const now = opts.now();
  const joined = dojoDateTime(addDays(now, -720));

  for (const u of SEED_USERS) {
    const isAdmin = u.username === 'admin';
    db.users.insert((id) => ({
      id,
      username: u.username,
      first_name: u.first_name,
      last_name: u.last_name,
      email: `${u.username}@sandbox.example.com`,
      date_joined: joined,
      last_login: null,
      is_active: u.active,
      is_superuser: u.superuser,
      // 3.x migration: Writer/Maintainer/API_Importer global role -> staff (API.md §7.2).
      is_staff:
        u.superuser || ['Writer', 'Maintainer', 'API_Importer'].includes(u.globalRole ?? ''),
      token: isAdmin && opts.adminToken ? opts.adminToken : sandboxToken(u.username),
    }));
  }

  for (const pt of PRODUCT_TYPES) {
    const created = dojoDateTime(addDays(now, -700));
    db.productTypes.insert((id) => ({
      id,
      name: pt.name,
      description: pt.description,
      critical_product: id === 2,
      key_product: id === 1,
      created,
      updated: created,
    }));
  }

  for (const [i, p] of PRODUCTS.entries()) {
    db.products.insert((id): ProductRow => ({
      id,
      name: p.name,
      description: `${p.name}: ${p.platform} product owned by the ${PRODUCT_TYPES[p.type]!.name} group.`,
      prod_type: p.type + 1,
      business_criticality: p.criticality,
      platform: p.platform,
      lifecycle: p.lifecycle,
      origin: 'internal',
      tags: i % 2 === 0 ? ['external'] : ['internal'],
      created: dojoDateTime(addDays(now, -690 + i)),
      external_audience: p.platform !== 'web service',
      internet_accessible: p.platform !== 'web service',
      // Two products allow simple risk acceptance so risk_accepted can be set over the API.
      enable_simple_risk_acceptance: i < 2,
      product_manager: 2,
      technical_contact: 3,
      team_manager: null,
    }));
  }

  for (const s of SCANNERS) db.testTypeByName(s.name, s.static);
  seedMemberships(db);

  for (const product of db.products.all()) {
    const engagements = rng.int(2, 3);
    for (let e = 0; e < engagements; e++) {
      const start = addDays(now, -rng.int(0, 420));
      const ci = e === 0;
      const eng = db.engagements.insert((id) => ({
        id,
        name: ci ? 'CI/CD pipeline' : `Pentest ${dojoDate(start).slice(0, 7)}`,
        description: ci ? 'Scans from the build pipeline' : 'Manual assessment',
        product: product.id,
        tags: ci ? ['ci'] : [],
        target_start: dojoDate(start),
        target_end: dojoDate(addDays(start, ci ? 365 : 14)),
        status: ci ? 'In Progress' : rng.pick(['Completed', 'In Progress', 'Not Started']),
        engagement_type: ci ? 'CI/CD' : 'Interactive',
        lead: 1,
        version: null,
        branch_tag: ci ? 'main' : null,
        build_id: null,
        commit_hash: ci ? rng.hex(40) : null,
        created: dojoDateTime(start),
        updated: dojoDateTime(start),
        active: true,
      }));
      for (let t = 0; t < 2; t++) {
        const scanner = rng.pick(SCANNERS);
        const tt = db.testTypeByName(scanner.name, scanner.static);
        db.tests.insert((id): TestRow => ({
          id,
          engagement: eng.id,
          test_type: tt.id,
          scan_type: scanner.name,
          title: null,
          description: null,
          tags: [],
          target_start: dojoDateTime(start),
          target_end: dojoDateTime(addDays(start, 1)),
          lead: 1,
          environment: 1,
          version: null,
          branch_tag: eng.branch_tag,
          build_id: null,
          commit_hash: eng.commit_hash,
          created: dojoDateTime(start),
          updated: dojoDateTime(start),
        }));
      }
    }
  }

  seedFindings(db, rng, opts.findings ?? 620);
  return db;
}

const ROLE_ID = ROLE;

function seedMemberships(db: SandboxDb): void {
  for (const [i, u] of SEED_USERS.entries()) {
    const user = i + 1;
    if (u.globalRole)
      db.members.insert((id) => ({
        id,
        user,
        group: null,
        role: ROLE_ID[u.globalRole!],
        scope: 'global',
        target: null,
      }));
    for (const [pt, role] of u.productTypeRoles ?? [])
      db.members.insert((id) => ({
        id,
        user,
        group: null,
        role: ROLE_ID[role],
        scope: 'product_type',
        target: pt + 1,
      }));
    for (const [p, role] of u.productRoles ?? [])
      db.members.insert((id) => ({
        id,
        user,
        group: null,
        role: ROLE_ID[role],
        scope: 'product',
        target: p + 1,
      }));
  }
  const appsec = db.groups.insert((id) => ({
    id,
    name: 'AppSec',
    description: 'Security team',
    social_provider: null,
  }));
  const devs = db.groups.insert((id) => ({
    id,
    name: 'Developers',
    description: 'Product engineers',
    social_provider: null,
  }));
  const groupRows: Array<[number, number, number]> = [
    [appsec.id, 1, ROLE.Owner],
    [appsec.id, 2, ROLE.Maintainer],
    [devs.id, 3, ROLE.Owner],
    [devs.id, 4, ROLE.Reader],
    [devs.id, 6, ROLE.Writer],
  ];
  for (const [group, user, role] of groupRows)
    db.members.insert((id) => ({ id, user, group, role, scope: 'group', target: null }));
}

/**
 * The sandbox's read surface, against the real CLI process: authentication answers, the list
 * envelope and pagination, the findings filters with DefectDojo's quirks, and error shapes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type Running } from '../helpers/process.js';
import { allPages, api, TOKENS } from './sandbox-client.js';

let sb: Running;
let U: string;
/** The sandbox clock is frozen here, so the date filters cannot race midnight UTC. */
const NOW = '2026-06-15T12:00:00.000Z';

beforeAll(async () => {
  sb = await startCli(['sandbox', '--port', '0', '--now', NOW]);
  U = sb.url;
});
afterAll(async () => {
  await sb?.stop();
});

describe('sandbox CLI', () => {
  it('announces a base URL without a path', () => {
    expect(sb.stdout()).toMatch(/^dojo-guard sandbox listening on http:\/\/127\.0\.0\.1:\d+\n$/);
  });
});

describe('authentication (403, never 401)', () => {
  const cases: Array<[string, Record<string, string>, string]> = [
    ['no header', {}, 'Authentication credentials were not provided.'],
    [
      'Bearer scheme',
      { authorization: `Bearer ${TOKENS.admin}` },
      'Authentication credentials were not provided.',
    ],
    [
      'unknown key',
      { authorization: 'Token 0000000000000000000000000000000000000000' },
      'Invalid token.',
    ],
    ['keyword only', { authorization: 'Token' }, 'Invalid token header. No credentials provided.'],
    [
      'spaces in key',
      { authorization: 'Token a b' },
      'Invalid token header. Token string should not contain spaces.',
    ],
    ['inactive user', { authorization: `Token ${TOKENS.inactive}` }, 'User inactive or deleted.'],
    ['Basic auth', { authorization: 'Basic YWRtaW46YWRtaW4=' }, 'Invalid username/password.'],
    [
      'key with different case',
      { authorization: `Token ${TOKENS.admin.toUpperCase()}` },
      'Invalid token.',
    ],
    ['key with a trailing char', { authorization: `Token ${TOKENS.admin}x` }, 'Invalid token.'],
    [
      'non-ASCII key',
      { authorization: `Token ${TOKENS.admin.slice(0, 39)}é` },
      'Invalid token header. Token string should not contain invalid characters.',
    ],
  ];
  for (const [name, headers, detail] of cases) {
    it(`answers 403 "${detail}" for ${name}`, async () => {
      const r = await api(U, '/api/v2/findings/', { token: null, headers });
      expect(r.status).toBe(403);
      expect(r.body).toEqual({ detail });
      expect(r.headers.get('www-authenticate')).toBeNull();
    });
  }

  it('accepts the Token keyword case-insensitively', async () => {
    const r = await api(U, '/api/v2/user_profile/', {
      token: null,
      headers: { authorization: `tOKEN ${TOKENS.reader}` },
    });
    expect(r.status).toBe(200);
    expect(r.body.user.username).toBe('reader');
  });

  it('authenticates before answering 404 for a missing object', async () => {
    const r = await api(U, '/api/v2/findings/999999/', { token: null });
    expect(r.status).toBe(403);
  });
});

describe('list envelope and pagination', () => {
  it('pages through >= 500 findings across >= 5 products, each id once', async () => {
    const first = await api(U, '/api/v2/findings/?limit=100');
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual(['count', 'next', 'previous', 'results', 'prefetch']);
    expect(first.body.count).toBeGreaterThanOrEqual(500);
    const all = await allPages(U, '/api/v2/findings/?limit=100');
    expect(all.length).toBe(first.body.count);
    expect(new Set(all.map((f) => f.id)).size).toBe(all.length);
    const products = await api(U, '/api/v2/products/');
    expect(products.body.count).toBeGreaterThanOrEqual(5);
  });

  it('defaults to 25, has no max limit, and falls back to 25 for a bad limit', async () => {
    expect((await api(U, '/api/v2/findings/')).body.results).toHaveLength(25);
    expect((await api(U, '/api/v2/findings/?limit=5000')).body.results.length).toBeGreaterThan(500);
    for (const bad of ['0', '-3', 'abc', '']) {
      expect((await api(U, `/api/v2/findings/?limit=${bad}`)).body.results).toHaveLength(25);
    }
  });

  it('builds absolute next/previous with sorted parameters and drops offset 0', async () => {
    const r = await api(U, '/api/v2/findings/?severity=High&offset=10&limit=5&active=true');
    expect(r.body.next).toBe(`${U}/api/v2/findings/?active=true&limit=5&offset=15&severity=High`);
    expect(r.body.previous).toBe(
      `${U}/api/v2/findings/?active=true&limit=5&offset=5&severity=High`,
    );
    const r2 = await api(U, '/api/v2/findings/?limit=5&offset=3');
    expect(r2.body.previous).toBe(`${U}/api/v2/findings/?limit=5`);
    const r3 = await api(U, '/api/v2/findings/?limit=5');
    expect(r3.body.previous).toBeNull();
  });

  it('returns an empty page with the true count past the end', async () => {
    const r = await api(U, '/api/v2/findings/?offset=100000');
    expect(r.body.results).toEqual([]);
    expect(r.body.count).toBeGreaterThan(500);
    expect(r.body.next).toBeNull();
  });

  it('orders products by name and engagements by id, without prefetch on engagements', async () => {
    const p = await api(U, '/api/v2/products/?limit=100');
    const names = p.body.results.map((x: any) => x.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
    const e = await api(U, '/api/v2/engagements/?limit=100');
    const ids = e.body.results.map((x: any) => x.id);
    expect(ids).toEqual([...ids].sort((a: number, b: number) => a - b));
    expect('prefetch' in e.body).toBe(false);
  });

  it('serves full-sized findings (a page of 100 is well over 100 KB)', async () => {
    const r = await api(U, '/api/v2/findings/?limit=100');
    expect(r.text.length).toBeGreaterThan(150_000);
    const f = r.body.results[0];
    for (const k of [
      'display_status',
      'age',
      'sla_days_remaining',
      'numerical_severity',
      'found_by',
      'notes',
      'hash_code',
    ])
      expect(f).toHaveProperty(k);
  });
});

describe('findings filters', () => {
  const count = async (q: string): Promise<number> => {
    const r = await api(U, `/api/v2/findings/?limit=1&${q}`);
    expect(r.status, `${q}: ${r.text}`).toBe(200);
    return r.body.count;
  };

  it('filters severity exactly and case-sensitively, comma = OR', async () => {
    const crit = await count('severity=Critical');
    const high = await count('severity=High');
    expect(crit).toBeGreaterThan(0);
    expect(high).toBeGreaterThan(0);
    expect(await count('severity=Critical,High')).toBe(crit + high);
    expect(await count('severity=high')).toBe(0);
    const page = await api(U, '/api/v2/findings/?severity=Critical&limit=1000');
    expect(page.body.results.every((f: any) => f.severity === 'Critical')).toBe(true);
  });

  it('accepts only true/True/2 and false/False/3 as booleans; 1, TRUE, yes are ignored', async () => {
    const total = await count('');
    const active = await count('active=true');
    const inactive = await count('active=false');
    expect(active + inactive).toBe(total);
    expect(active).toBeGreaterThan(0);
    expect(inactive).toBeGreaterThan(0);
    expect(await count('active=True')).toBe(active);
    expect(await count('active=2')).toBe(active);
    expect(await count('active=3')).toBe(inactive);
    for (const ignored of ['1', '0', 'TRUE', 'yes', 'on'])
      expect(await count(`active=${ignored}`)).toBe(total);
  });

  it('combines status flags as DefectDojo does (Verified = active & verified, Closed = is_mitigated)', async () => {
    const verified = await api(U, '/api/v2/findings/?active=true&verified=true&limit=1000');
    expect(verified.body.count).toBeGreaterThan(0);
    expect(verified.body.results.every((f: any) => f.active && f.verified)).toBe(true);
    const closed = await api(U, '/api/v2/findings/?is_mitigated=true&limit=1000');
    expect(closed.body.results.every((f: any) => f.is_mitigated && f.mitigated && !f.active)).toBe(
      true,
    );
    const fp = await api(U, '/api/v2/findings/?false_p=true&limit=1000');
    expect(fp.body.count).toBeGreaterThan(0);
    expect(fp.body.results.every((f: any) => f.display_status.includes('False Positive'))).toBe(
      true,
    );
  });

  it('matches title with icontains, whatever the case', async () => {
    const a = await count('title=sql%20injection');
    expect(a).toBeGreaterThan(0);
    expect(await count('title=SQL%20INJECTION')).toBe(a);
    expect(await count('title=no-such-title-anywhere')).toBe(0);
  });

  it('date choices 1..7 select different nested subsets relative to today', async () => {
    const c: number[] = [];
    for (const d of [1, 2, 3, 4, 7]) c.push(await count(`date=${d}`));
    expect(c[0]).toBeGreaterThan(0);
    for (let i = 1; i < c.length; i++) expect(c[i]).toBeGreaterThan(c[i - 1]!);
    expect(c[c.length - 1]).toBeLessThan(await count(''));
    expect(await count('date=5')).toBeGreaterThan(0);
    expect(await count('date=None')).toBe(await count(''));
    const today = NOW.slice(0, 10);
    const r = await api(U, '/api/v2/findings/?date=1&limit=1000');
    expect(r.body.results.length).toBeGreaterThan(0);
    expect(r.body.results.every((f: any) => f.date === today)).toBe(true);
  });

  it('rejects date=0 and date literals with the filter 400 shape', async () => {
    for (const v of ['0', '9', '2024-01-01']) {
      const r = await api(U, `/api/v2/findings/?date=${v}`);
      expect(r.status).toBe(400);
      expect(r.body.date).toEqual([
        `Select a valid choice. ${v} is not one of the available choices.`,
      ]);
      expect(r.body.message).toBe(
        `{'date': [ErrorDetail(string='Select a valid choice. ${v} is not one of the available choices.', code='invalid_choice')]}`,
      );
      expect(r.body.pro).toHaveLength(1);
    }
  });

  it('filters by product, engagement and test ids, and 400s on a missing test id', async () => {
    const products = (await api(U, '/api/v2/products/?limit=100')).body.results;
    let sum = 0;
    for (const p of products) {
      const n = await count(`test__engagement__product=${p.id}`);
      expect(n).toBeGreaterThan(0);
      sum += n;
    }
    expect(sum).toBe(await count(''));
    const one = (await api(U, '/api/v2/findings/?limit=1')).body.results[0];
    const byTest = await api(U, `/api/v2/findings/?test=${one.test}&limit=1000`);
    expect(byTest.body.results.every((f: any) => f.test === one.test)).toBe(true);
    const bad = await api(U, '/api/v2/findings/?test=999999');
    expect(bad.status).toBe(400);
    expect(bad.body.test).toEqual([
      'Select a valid choice. That choice is not one of the available choices.',
    ]);
    const nan = await api(U, '/api/v2/findings/?cwe=abc');
    expect(nan.status).toBe(400);
    expect(nan.body.cwe).toEqual(['Enter a number.']);
  });

  it('filters tags (OR), tags__and, not_tags and tag substring', async () => {
    const pci = await count('tags=pci');
    const gdpr = await count('tags=gdpr');
    expect(pci).toBeGreaterThan(0);
    expect(await count('tags=pci,gdpr')).toBe(pci + gdpr);
    expect(await count('tags__and=pci,gdpr')).toBe(0);
    expect(await count('not_tags=pci')).toBe((await count('')) - pci);
    expect(await count('tag=pc')).toBe(pci);
  });

  it('orders by o (severity alphabetically, numerical_severity by rank, -id) and 400s on bad o', async () => {
    const bySev = await api(U, '/api/v2/findings/?o=severity&limit=1000');
    const sevs = bySev.body.results.map((f: any) => f.severity);
    expect(sevs).toEqual([...sevs].sort());
    const byNum = await api(U, '/api/v2/findings/?o=numerical_severity&limit=1');
    expect(byNum.body.results[0].severity).toBe('Critical');
    const desc = await api(U, '/api/v2/findings/?o=-id&limit=2');
    expect(desc.body.results[0].id).toBeGreaterThan(desc.body.results[1].id);
    const bad = await api(U, '/api/v2/findings/?o=password');
    expect(bad.status).toBe(400);
    expect(bad.body.o).toEqual([
      'Select a valid choice. password is not one of the available choices.',
    ]);
  });

  it('has findings for every Pro status word mapping (API.md §3)', async () => {
    const mappings: Record<string, string> = {
      Active: 'active=true',
      Verified: 'active=true&verified=true',
      'Out of Scope': 'active=false&out_of_scope=true',
      'False Positive': 'active=false&duplicate=false&false_p=true',
      Inactive: 'active=false&duplicate=false&is_mitigated=false&false_p=false&out_of_scope=false',
      'Risk Accepted': 'risk_accepted=true',
      Closed: 'is_mitigated=true',
      'Under Review': 'under_review=true',
      Duplicate: 'duplicate=true',
    };
    for (const [word, q] of Object.entries(mappings))
      expect(await count(q), word).toBeGreaterThan(0);
    expect(await count('risk_acceptance=1')).toBe(await count('risk_accepted=true'));
  });

  it('applies discovered_before/after strictly and epss ranges in percent', async () => {
    const one = (await api(U, '/api/v2/findings/?limit=1')).body.results[0];
    const on = await count(`discovered_on=${one.date}`);
    expect(on).toBeGreaterThan(0);
    const before = await count(`discovered_before=${one.date}`);
    const after = await count(`discovered_after=${one.date}`);
    expect(before + on + after).toBe(await count(''));
    const hi = await api(U, '/api/v2/findings/?epss_score_min=50&limit=1000');
    expect(hi.body.count).toBeGreaterThan(0);
    expect(hi.body.results.every((f: any) => f.epss_score >= 0.5)).toBe(true);
    const bad = await api(U, '/api/v2/findings/?discovered_on=yesterday');
    expect(bad.status).toBe(400);
  });

  it('ignores unknown parameters, status= included', async () => {
    expect(await count('status=Active&whatever=1')).toBe(await count(''));
  });
});

describe('prefetch and related_fields', () => {
  it('puts referenced objects under prefetch with string ids, ignoring unknown names', async () => {
    const r = await api(U, '/api/v2/findings/?limit=3&prefetch=test,found_by&prefetch=bogus');
    expect(Object.keys(r.body.prefetch).sort()).toEqual(['found_by', 'test']);
    for (const f of r.body.results) {
      expect(r.body.prefetch.test[String(f.test)].id).toBe(f.test);
      expect(r.body.prefetch.found_by[String(f.found_by[0])]).toHaveProperty('static_tool');
    }
  });

  it('leaves out prefetched users the caller may not see', async () => {
    const r = await api(U, '/api/v2/findings/?limit=3&prefetch=reporter', { token: TOKENS.reader });
    expect(r.body.prefetch).toEqual({ reporter: {} });
    const admin = await api(U, '/api/v2/findings/?limit=3&prefetch=reporter');
    expect(Object.keys(admin.body.prefetch.reporter)).toEqual(['1']);
  });

  it('fills related_fields only when asked, also on retrieve', async () => {
    const plain = await api(U, '/api/v2/findings/5/');
    expect(plain.body.related_fields).toBeNull();
    const r = await api(U, '/api/v2/findings/5/?related_fields=true&prefetch=test');
    expect(r.body.related_fields.test.id).toBe(plain.body.test);
    expect(r.body.related_fields.test.engagement.product.prod_type.name).toEqual(
      expect.any(String),
    );
    expect(r.body.prefetch.test[String(plain.body.test)].id).toBe(plain.body.test);
  });
});

describe('routes and error shapes', () => {
  it('answers 404 with the model name, "Not found." for a non-numeric id', async () => {
    expect((await api(U, '/api/v2/findings/999999/')).body).toEqual({
      detail: 'No Finding matches the given query.',
    });
    expect((await api(U, '/api/v2/products/999999/')).body).toEqual({
      detail: 'No Product matches the given query.',
    });
    expect((await api(U, '/api/v2/engagements/999999/')).body).toEqual({
      detail: 'No Engagement matches the given query.',
    });
    expect((await api(U, '/api/v2/tests/999999/')).body).toEqual({
      detail: 'No Test matches the given query.',
    });
    const nn = await api(U, '/api/v2/findings/abc/');
    expect(nn.status).toBe(404);
    expect(nn.body).toEqual({ detail: 'Not found.' });
  });

  it('answers an unknown route with an HTML 404 and redirects a GET without the slash', async () => {
    const r = await api(U, '/api/v2/nope/');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/text\/html/);
    const red = await api(U, '/api/v2/findings?limit=1');
    expect(red.status).toBe(301);
    expect(red.headers.get('location')).toBe('/api/v2/findings/?limit=1');
    expect((await api(U, '/api/v2/findings', { method: 'POST', body: {} })).status).toBe(404);
  });

  it('matches routes exactly: case, double slashes and encoded slashes are unknown routes', async () => {
    for (const p of [
      '/API/V2/findings/',
      '/api/v2/Findings/',
      '/api/v2//findings/',
      '/api/v2/findings%2F',
      '/api/v3/findings/',
    ]) {
      const r = await api(U, p);
      expect(r.status, p).toBe(404);
      expect(r.headers.get('content-type'), p).toMatch(/text\/html/);
    }
  });

  it('answers 405 for a method the route does not offer', async () => {
    const r = await api(U, '/api/v2/roles/1/', { method: 'DELETE' });
    expect(r.status).toBe(405);
    expect(r.body).toEqual({ detail: 'Method "DELETE" not allowed.' });
    const g = await api(U, '/api/v2/import-scan/');
    expect(g.body).toEqual({ detail: 'Method "GET" not allowed.' });
  });

  it("answers malformed JSON with DefectDojo's message body", async () => {
    const r = await api(U, '/api/v2/findings/1/', {
      method: 'PATCH',
      body: '{"title": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ message: 'JSON request content is malformed' });
  });

  it("hides objects outside the caller's products as 404 and lists only visible ones", async () => {
    const all = await api(U, '/api/v2/findings/?limit=1');
    const mine = await api(U, '/api/v2/findings/?limit=1000', { token: TOKENS.owner });
    expect(mine.body.count).toBeGreaterThan(0);
    expect(mine.body.count).toBeLessThan(all.body.count);
    const products = await api(U, '/api/v2/products/', { token: TOKENS.owner });
    expect(products.body.results.map((p: any) => p.name)).toEqual(['Juice Shop']);
    const visible = new Set(mine.body.results.map((f: any) => f.id));
    const hidden = (await allPages(U, '/api/v2/findings/?limit=500')).find(
      (f) => !visible.has(f.id),
    );
    const r = await api(U, `/api/v2/findings/${hidden.id}/`, { token: TOKENS.owner });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ detail: 'No Finding matches the given query.' });
  });

  it('limits users to configuration-permitted callers and serves user_profile to everyone', async () => {
    expect((await api(U, '/api/v2/users/')).body.count).toBe(7);
    expect((await api(U, '/api/v2/users/', { token: TOKENS.reader })).status).toBe(403);
    const prof = await api(U, '/api/v2/user_profile/', { token: TOKENS.importer });
    expect(prof.body.user.username).toBe('importer');
    expect(prof.body.global_role.role).toBe(1);
  });

  it('serves test types to any user and the five fixed roles', async () => {
    const tt = await api(U, '/api/v2/test_types/', { token: TOKENS.reader });
    expect(tt.body.results.map((t: any) => t.name)).toContain('ZAP Scan');
    const roles = await api(U, '/api/v2/roles/', { token: TOKENS.reader });
    expect(roles.body.results).toEqual([
      { id: 1, name: 'API_Importer', is_owner: false },
      { id: 2, name: 'Writer', is_owner: false },
      { id: 3, name: 'Maintainer', is_owner: false },
      { id: 4, name: 'Owner', is_owner: true },
      { id: 5, name: 'Reader', is_owner: false },
    ]);
  });

  it('filters dojo_group_members by group_id', async () => {
    const r = await api(U, '/api/v2/dojo_group_members/?group_id=1');
    expect(r.body.count).toBeGreaterThan(0);
    expect(r.body.results.every((m: any) => m.group === 1)).toBe(true);
    const groups = await api(U, '/api/v2/dojo_groups/');
    expect(groups.body.results.map((g: any) => g.name)).toEqual(['AppSec', 'Developers']);
  });
});

describe('sandbox --now', () => {
  it('refuses a clock that is not an ISO 8601 date-time', async () => {
    for (const bad of ['yesterday', '2026-06-15', '2026-13-45T00:00:00Z']) {
      const r = await runCli(['sandbox', '--port', '0', '--now', bad], { timeoutMs: 20_000 });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toContain('--now must be an ISO 8601 date-time');
    }
  });
});

/**
 * The sandbox's write surface against the real CLI: close semantics, reopen via PATCH, tags
 * append/remove, notes, title-casing, validation bodies, role-based authorization, and creation
 * of products, engagements, tests and findings.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../helpers/process.js';
import { api, TOKENS } from './sandbox-client.js';

let sb: Running;
let U: string;

beforeAll(async () => {
  sb = await startCli(['sandbox', '--port', '0']);
  U = sb.url;
});
afterAll(async () => {
  await sb?.stop();
});

/** An active finding id of a product (by name), found through the API. */
async function activeFinding(product = 'Juice Shop', skip = 0): Promise<any> {
  const r = await api(
    U,
    `/api/v2/findings/?active=true&duplicate=false&product_name=${encodeURIComponent(product)}&limit=1&offset=${skip}`,
  );
  expect(r.body.count).toBeGreaterThan(skip);
  return r.body.results[0];
}

describe('close and reopen', () => {
  it('closes with DefectDojo semantics and answers the six-field body', async () => {
    const f = await activeFinding('Juice Shop', 0);
    const r = await api(U, `/api/v2/findings/${f.id}/close/`, {
      method: 'POST',
      token: TOKENS.maintainer,
      body: { is_mitigated: true, false_p: false, note: 'fixed in 1.2.3' },
    });
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual([
      'duplicate',
      'false_p',
      'is_mitigated',
      'mitigated',
      'mitigated_by',
      'out_of_scope',
    ]);
    expect(r.body.mitigated_by).toBe(2);
    expect(r.body.mitigated).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const after = (await api(U, `/api/v2/findings/${f.id}/`)).body;
    expect(after.active).toBe(false);
    expect(after.is_mitigated).toBe(true);
    expect(after.under_review).toBe(false);
    expect(after.last_reviewed_by).toBe(2);
    expect(after.display_status).toMatch(/^Inactive(, Verified)?, Mitigated$/);
    expect(after.notes.at(-1).entry).toBe('fixed in 1.2.3');
  });

  it('reopens through PATCH active=true, clearing mitigation (status rule 3)', async () => {
    const f = await activeFinding('Juice Shop', 1);
    await api(U, `/api/v2/findings/${f.id}/close/`, {
      method: 'POST',
      body: { is_mitigated: true },
    });
    const r = await api(U, `/api/v2/findings/${f.id}/`, {
      method: 'PATCH',
      body: { active: true },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      active: true,
      is_mitigated: false,
      mitigated: null,
      mitigated_by: null,
      false_p: false,
    });
  });

  it('answers 500 without is_mitigated and 400 (plain dict) for mitigated_by', async () => {
    const f = await activeFinding('Juice Shop', 2);
    const missing = await api(U, `/api/v2/findings/${f.id}/close/`, { method: 'POST', body: {} });
    expect(missing.status).toBe(500);
    expect(missing.body.message).toBe('Internal server error, check logs for details');
    const by = await api(U, `/api/v2/findings/${f.id}/close/`, {
      method: 'POST',
      body: { is_mitigated: true, mitigated_by: 3 },
    });
    expect(by.status).toBe(400);
    expect(by.body).toEqual({ mitigated_by: ['Not allowed to set mitigated_by.'] });
    expect((await api(U, `/api/v2/findings/${f.id}/`)).body.active).toBe(true);
  });

  it('marks false positives inactive, unverified and mitigated (status rule 4)', async () => {
    const f = await activeFinding('Payments API', 0);
    await api(U, `/api/v2/findings/${f.id}/`, { method: 'PATCH', body: { verified: false } });
    const r = await api(U, `/api/v2/findings/${f.id}/`, {
      method: 'PATCH',
      body: { false_p: true },
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      false_p: true,
      active: false,
      verified: false,
      is_mitigated: true,
      mitigated_by: 1,
    });
    expect(r.body.display_status).toBe('Inactive, Mitigated, False Positive');
  });

  it('rejects verified false positives with the serializer-level 400 shape', async () => {
    const f = await activeFinding('Payments API', 1);
    const r = await api(U, `/api/v2/findings/${f.id}/`, {
      method: 'PATCH',
      body: { false_p: true, verified: true },
    });
    expect(r.status).toBe(400);
    expect(r.body.non_field_errors).toEqual(['False positive findings cannot be verified.']);
    expect(r.body.message).toBe(
      "{'non_field_errors': [ErrorDetail(string='False positive findings cannot be verified.', code='invalid')]}",
    );
  });
});

describe('tags', () => {
  it('appends lower-cased tags, skips duplicates, answers 200 with all tags', async () => {
    const f = await activeFinding('Juice Shop', 3);
    const before: string[] = f.tags;
    const r = await api(U, `/api/v2/findings/${f.id}/tags/`, {
      method: 'POST',
      body: { tags: ['Needs-Fix', 'needs-fix', 'sprint-9'] },
    });
    expect(r.status).toBe(200);
    expect(r.body.tags).toEqual([...before, 'needs-fix', 'sprint-9']);
    const again = await api(U, `/api/v2/findings/${f.id}/tags/`, {
      method: 'POST',
      body: { tags: ['extra'] },
    });
    expect(again.body.tags).toEqual([...before, 'needs-fix', 'sprint-9', 'extra']);
    expect((await api(U, `/api/v2/findings/?tags=sprint-9&limit=1`)).body.results[0].id).toBe(f.id);
  });

  it('requires tags (plain dict) and removes with 204 / 400 {"error"}', async () => {
    const f = await activeFinding('Juice Shop', 4);
    const missing = await api(U, `/api/v2/findings/${f.id}/tags/`, { method: 'POST', body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual({ tags: ['This field is required.'] });
    await api(U, `/api/v2/findings/${f.id}/tags/`, {
      method: 'POST',
      body: { tags: ['a1', 'b2'] },
    });
    const rm = await api(U, `/api/v2/findings/${f.id}/remove_tags/`, {
      method: 'PUT',
      body: { tags: ['a1'] },
    });
    expect(rm.status).toBe(204);
    expect((await api(U, `/api/v2/findings/${f.id}/tags/`)).body.tags).not.toContain('a1');
    const absent = await api(U, `/api/v2/findings/${f.id}/remove_tags/`, {
      method: 'PATCH',
      body: { tags: ['zz'] },
    });
    expect(absent.status).toBe(400);
    expect(absent.body.error).toMatch(/^'zz' is not a valid tag in list '\[.*'b2'.*\]'$/);
    const empty = await api(U, `/api/v2/findings/${f.id}/remove_tags/`, {
      method: 'PUT',
      body: { tags: [] },
    });
    expect(empty.body).toEqual({ error: 'Empty Tag List Not Allowed' });
  });
});

describe('notes', () => {
  it('lets a Reader add a note: 201 without id; GET is unpaginated', async () => {
    const f = await activeFinding('Juice Shop', 5);
    const r = await api(U, `/api/v2/findings/${f.id}/notes/`, {
      method: 'POST',
      token: TOKENS.reader,
      body: { entry: 'Seen on prod' },
    });
    expect(r.status).toBe(201);
    expect(r.body).toEqual({
      author: { id: 4, username: 'reader', first_name: 'Rita', last_name: 'Reader' },
      editor: null,
      entry: 'Seen on prod',
      private: false,
    });
    const list = await api(U, `/api/v2/findings/${f.id}/notes/`);
    expect(list.body.finding_id).toBe(f.id);
    expect(list.body.notes.at(-1)).toMatchObject({
      entry: 'Seen on prod',
      author: { username: 'reader' },
    });
    expect(list.body.notes.at(-1).id).toEqual(expect.any(Number));
    const after = (await api(U, `/api/v2/findings/${f.id}/`)).body;
    expect(after.last_reviewed_by).toBe(4);
  });

  it('requires entry with a plain error dict', async () => {
    const f = await activeFinding('Juice Shop', 5);
    const r = await api(U, `/api/v2/findings/${f.id}/notes/`, {
      method: 'POST',
      body: { private: true },
    });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ entry: ['This field is required.'] });
  });
});

describe('authorization by role', () => {
  it('gives a Reader 403 on writes but 200 on reads', async () => {
    const f = await activeFinding('Juice Shop', 6);
    expect((await api(U, `/api/v2/findings/${f.id}/`, { token: TOKENS.reader })).status).toBe(200);
    for (const [method, path, body] of [
      ['PATCH', `/api/v2/findings/${f.id}/`, { title: 'x' }],
      ['POST', `/api/v2/findings/${f.id}/close/`, { is_mitigated: true }],
      ['POST', `/api/v2/findings/${f.id}/tags/`, { tags: ['x'] }],
      ['DELETE', `/api/v2/findings/${f.id}/`, undefined],
    ] as const) {
      const r = await api(U, path, { method, token: TOKENS.reader, body });
      expect(r.status, `${method} ${path}`).toBe(403);
      expect(r.body).toEqual({ detail: 'You do not have permission to perform this action.' });
    }
  });

  it('lets a Writer edit inside its products, 404s outside, forbids delete', async () => {
    const inside = await activeFinding('Payments API', 2);
    const ok = await api(U, `/api/v2/findings/${inside.id}/`, {
      method: 'PATCH',
      token: TOKENS.writer,
      body: { under_review: true },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.display_status.startsWith('Under Review, Active')).toBe(true);
    const outside = await activeFinding('Identity Service', 0);
    const r = await api(U, `/api/v2/findings/${outside.id}/`, {
      method: 'PATCH',
      token: TOKENS.writer,
      body: { title: 'x' },
    });
    expect(r.status).toBe(404);
    const del = await api(U, `/api/v2/findings/${inside.id}/`, {
      method: 'DELETE',
      token: TOKENS.writer,
    });
    expect(del.status).toBe(403);
  });

  it('lets an API_Importer view but not edit findings', async () => {
    const f = await activeFinding('Juice Shop', 7);
    expect((await api(U, `/api/v2/findings/${f.id}/`, { token: TOKENS.importer })).status).toBe(
      200,
    );
    expect(
      (
        await api(U, `/api/v2/findings/${f.id}/`, {
          method: 'PATCH',
          token: TOKENS.importer,
          body: { title: 'x' },
        })
      ).status,
    ).toBe(403);
  });
});

describe('create and update', () => {
  let productId: number;
  let engagementId: number;
  let testId: number;

  it('creates a product, an engagement and a test', async () => {
    const p = await api(U, '/api/v2/products/', {
      method: 'POST',
      body: { name: 'New Shop', description: 'd', prod_type: 1 },
    });
    expect(p.status).toBe(201);
    productId = p.body.id;
    expect(p.body).toMatchObject({ name: 'New Shop', prod_type: 1, findings_count: 0 });
    const dup = await api(U, '/api/v2/products/', {
      method: 'POST',
      body: { name: 'New Shop', description: 'd', prod_type: 1 },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.name).toEqual(['product with this name already exists.']);
    const e = await api(U, '/api/v2/engagements/', {
      method: 'POST',
      body: {
        product: productId,
        name: 'Q3',
        target_start: '2026-01-01',
        target_end: '2026-02-01',
      },
    });
    expect(e.status).toBe(201);
    engagementId = e.body.id;
    const badDates = await api(U, '/api/v2/engagements/', {
      method: 'POST',
      body: { product: productId, target_start: '2026-03-01', target_end: '2026-02-01' },
    });
    expect(badDates.body.non_field_errors).toEqual([
      'Your target start date exceeds your target end date',
    ]);
    const t = await api(U, '/api/v2/tests/', {
      method: 'POST',
      body: {
        engagement: engagementId,
        test_type: 1,
        target_start: '2026-01-01T00:00:00Z',
        target_end: '2026-01-02T00:00:00Z',
      },
    });
    expect(t.status).toBe(201);
    testId = t.body.id;
  });

  it('creates a finding: title-cased, numerical_severity derived, 201 without display_status', async () => {
    const r = await api(U, '/api/v2/findings/', {
      method: 'POST',
      body: {
        test: testId,
        found_by: [1],
        title: 'sql injection in the login form of example.com',
        severity: 'High',
        description: 'd',
        active: true,
        verified: false,
        numerical_severity: 'S4',
        file_path: 'src/a.py',
      },
    });
    expect(r.status).toBe(201);
    expect(r.body.title).toBe('SQL Injection in the Login Form of example.com');
    expect(r.body.numerical_severity).toBe('S1');
    expect(r.body.static_finding).toBe(true);
    expect(r.body).not.toHaveProperty('display_status');
    const list = await api(U, `/api/v2/findings/?test__engagement__product=${productId}`);
    expect(list.body.count).toBe(1);
    expect((await api(U, `/api/v2/products/${productId}/`)).body.findings_count).toBe(1);
  });

  it("answers create errors in DefectDojo's shapes", async () => {
    const noTest = await api(U, '/api/v2/findings/', { method: 'POST', body: { title: 't' } });
    expect(noTest.status).toBe(400);
    expect(noTest.body).toEqual({
      detail: "Unable to check for permissions: Attribute 'test' is required",
    });
    const missingTest = await api(U, '/api/v2/findings/', {
      method: 'POST',
      body: { test: 999999 },
    });
    expect(missingTest.status).toBe(404);
    expect(missingTest.body).toEqual({ detail: 'No Test matches the given query.' });
    const fields = await api(U, '/api/v2/findings/', {
      method: 'POST',
      body: {
        test: testId,
        severity: 'high',
        description: 'd',
        active: true,
        verified: false,
        numerical_severity: 'S1',
        found_by: [],
      },
    });
    expect(fields.status).toBe(400);
    expect(fields.body.title).toEqual(['This field is required.']);
    expect(fields.body.severity).toEqual([
      "Severity must be one of the following: ['Info', 'Low', 'Medium', 'High', 'Critical']",
    ]);
    expect(fields.body.message).toContain(
      `'title': [ErrorDetail(string='This field is required.', code='required')]`,
    );
    expect(fields.body.message).toContain(
      `'severity': [ErrorDetail(string="Severity must be one of the following: ['Info', 'Low', 'Medium', 'High', 'Critical']", code='invalid')]`,
    );
    const readerCreate = await api(U, '/api/v2/findings/', {
      method: 'POST',
      token: TOKENS.reader,
      body: { test: 1 },
    });
    expect(readerCreate.status).toBe(403);
  });

  it('title-cases on PATCH and ignores read-only test', async () => {
    const f = await activeFinding('Juice Shop', 8);
    const r = await api(U, `/api/v2/findings/${f.id}/`, {
      method: 'PATCH',
      body: { title: 'xss via the search box', test: 1, severity: 'Low' },
    });
    expect(r.body.title).toBe('XSS via the Search Box');
    expect(r.body.test).toBe(f.test);
    expect(r.body.numerical_severity).toBe('S3');
  });
});

/**
 * Process-level options of `dojo-guard sandbox`: --dojo-version 2.58 vs 3, SANDBOX_ADMIN_TOKEN,
 * --latency-ms, determinism across runs, --help, and bad options.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startCli, type Running } from '../helpers/process.js';
import { api, TOKENS } from './sandbox-client.js';

const running: Running[] = [];
let v258: Running;
let v3: Running;

beforeAll(async () => {
  [v258, v3] = await Promise.all([
    startCli(['sandbox', '--port', '0', '--dojo-version', '2.58']),
    startCli(['sandbox', '--port', '0', '--dojo-version', '3']),
  ]);
  running.push(v258, v3);
});
afterAll(async () => {
  await Promise.all(running.map((r) => r.stop()));
});

describe('/healthz', () => {
  it('answers without a token (container HEALTHCHECK and probes)', async () => {
    const res = await fetch(`${v258.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
    // The API itself still requires a token.
    expect((await fetch(`${v258.url}/api/v2/findings/`)).status).toBe(403);
  });
});

describe('--dojo-version', () => {
  for (const p of [
    '/api/v2/dojo_groups/',
    '/api/v2/dojo_group_members/?group_id=1',
    '/api/v2/roles/',
    '/api/v2/roles/1/',
  ]) {
    it(`serves ${p} in 2.58 and answers 404 in 3`, async () => {
      expect((await api(v258.url, p)).status).toBe(200);
      const r = await api(v3.url, p);
      expect(r.status).toBe(404);
    });
  }

  it('shapes user_profile per version', async () => {
    const a = (await api(v258.url, '/api/v2/user_profile/', { token: TOKENS.writer })).body;
    expect(Object.keys(a)).toEqual([
      'user',
      'user_contact_info',
      'global_role',
      'dojo_group_member',
      'product_type_member',
      'product_member',
    ]);
    expect(a.user).not.toHaveProperty('is_staff');
    const b = (await api(v3.url, '/api/v2/user_profile/', { token: TOKENS.writer })).body;
    expect(Object.keys(b)).toEqual(['user', 'user_contact_info']);
    expect(b.user.is_staff).toBe(false);
  });

  it('adds 3.x-only fields (finding cwes, product authorized_users)', async () => {
    const f3 = (await api(v3.url, '/api/v2/findings/1/')).body;
    const f2 = (await api(v258.url, '/api/v2/findings/1/')).body;
    expect(f3.cwes).toEqual([]);
    expect(f2).not.toHaveProperty('cwes');
    const p3 = (await api(v3.url, '/api/v2/products/1/')).body;
    expect(p3).toHaveProperty('authorized_users');
    expect(p3).not.toHaveProperty('members');
  });

  it('uses legacy authorization in 3: an authorized (ex-Reader) user may write, not delete', async () => {
    const f = (await api(v3.url, '/api/v2/findings/?active=true&limit=1', { token: TOKENS.reader }))
      .body.results[0];
    const w = await api(v3.url, `/api/v2/findings/${f.id}/`, {
      method: 'PATCH',
      token: TOKENS.reader,
      body: { under_review: true },
    });
    expect(w.status).toBe(200);
    const d = await api(v3.url, `/api/v2/findings/${f.id}/`, {
      method: 'DELETE',
      token: TOKENS.reader,
    });
    expect(d.status).toBe(403);
    const w258 = await api(v258.url, `/api/v2/findings/${f.id}/`, {
      method: 'PATCH',
      token: TOKENS.reader,
      body: { under_review: true },
    });
    expect(w258.status).toBe(403);
  });
});

describe('determinism', () => {
  it('generates the same ids and content in two processes', async () => {
    const [a, b] = await Promise.all([
      api(v258.url, '/api/v2/findings/?limit=50&offset=100'),
      api(v3.url, '/api/v2/findings/?limit=50&offset=100'),
    ]);
    const pick = (r: any) =>
      r.body.results.map((f: any) => [f.id, f.title, f.severity, f.date, f.description, f.active]);
    expect(pick(a)).toEqual(pick(b));
  });

  it('plants fake credentials and an injection attempt at documented ids', async () => {
    const aws = (await api(v258.url, '/api/v2/findings/17/')).body.description;
    expect(aws).toMatch(/AKIA[0-9A-Z]{16}/);
    const gh = (await api(v258.url, '/api/v2/findings/242/')).body.description;
    expect(gh).toMatch(/ghp_[A-Za-z0-9]{36}/);
    const both = (await api(v258.url, '/api/v2/findings/488/')).body.description;
    expect(both).toMatch(/AKIA[0-9A-Z]{16}/);
    expect(both).toMatch(/ghp_[A-Za-z0-9]{36}/);
    expect((await api(v258.url, '/api/v2/findings/333/')).body.description).toMatch(
      /ignore all previous instructions/i,
    );
  });
});

describe('process options', () => {
  it('replaces the admin token with SANDBOX_ADMIN_TOKEN', async () => {
    const custom = 'my-admin-token-123';
    const sb = await startCli(['sandbox', '--port', '0'], { env: { SANDBOX_ADMIN_TOKEN: custom } });
    running.push(sb);
    expect((await api(sb.url, '/api/v2/user_profile/', { token: custom })).body.user.username).toBe(
      'admin',
    );
    expect((await api(sb.url, '/api/v2/user_profile/', { token: TOKENS.admin })).status).toBe(403);
    expect((await api(sb.url, '/api/v2/user_profile/', { token: TOKENS.reader })).status).toBe(200);
    expect(sb.stderr()).not.toContain(custom);
  });

  it('delays every response by --latency-ms', async () => {
    const sb = await startCli(['sandbox', '--port', '0', '--latency-ms', '300']);
    running.push(sb);
    for (const [path, token] of [
      ['/api/v2/user_profile/', TOKENS.admin],
      ['/api/v2/findings/', 'bad'],
    ] as const) {
      const t0 = performance.now();
      await api(sb.url, path, { token });
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    }
    // The undelayed sandbox: best of 3, so one scheduling stall on a loaded box is not a delay.
    let best = Infinity;
    for (let i = 0; i < 3 && best >= 290; i++) {
      const t0 = performance.now();
      await api(v258.url, '/api/v2/user_profile/');
      best = Math.min(best, performance.now() - t0);
    }
    expect(best).toBeLessThan(290);
  });

  it('documents tokens and env in --help', async () => {
    const r = await runCli(['sandbox', '--help']);
    expect(r.code).toBe(0);
    for (const t of Object.values(TOKENS)) expect(r.stdout).toContain(t);
    expect(r.stdout).toContain('SANDBOX_ADMIN_TOKEN');
    expect(r.stdout).toContain('--latency-ms');
  });

  it('exits non-zero on a bad --dojo-version or port', async () => {
    const a = await runCli(['sandbox', '--port', '0', '--dojo-version', '4']);
    expect(a.code).not.toBe(0);
    expect(a.stderr).toMatch(/dojo-version/);
    const b = await runCli(['sandbox', '--port', 'x']);
    expect(b.code).not.toBe(0);
  });

  it('stops cleanly on SIGTERM and SIGINT', async () => {
    for (const sig of ['SIGTERM', 'SIGINT'] as const) {
      const sb = await startCli(['sandbox', '--port', '0']);
      expect(await sb.stop(sig)).toBe(0);
    }
  });
});

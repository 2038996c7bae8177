/**
 * import-scan / reimport-scan against the real CLI: every JSON sample report of DefectDojo's
 * unit tests creates findings; multipart-only; target checks answer bare JSON arrays; reimport
 * statistics.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARED, startCli, type Running } from '../helpers/process.js';
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

const SAMPLES = path.join(SHARED, 'defectdojo/samples');

function form(
  fields: Record<string, string>,
  file?: { name: string; data: Buffer | string },
): FormData {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  if (file) fd.append('file', new Blob([file.data]), file.name);
  return fd;
}

const sample = (name: string) => ({ name, data: readFileSync(path.join(SAMPLES, name)) });

describe('import-scan creates findings from each JSON sample', () => {
  const cases: Array<[string, string, number]> = [
    ['bandit_dd.json', 'Bandit Scan', 40],
    ['gitleaks_gitleaks8_many.json', 'Gitleaks Scan', 3],
    ['npm_audit_7_plus_many_vulns.json', 'NPM Audit v7+ Scan', 4],
    ['semgrep_many_vulns.json', 'Semgrep JSON Report', 40],
    ['snyk_all-projects_many_vulns.json', 'Snyk Scan', 4],
    ['sonarqube_sonar-6-findings.json', 'SonarQube Scan', 6],
    ['trivy_scheme_2_many_vulns.json', 'Trivy Scan', 5],
  ];
  for (const [file, scanType, atLeast] of cases) {
    it(`imports ${file} as "${scanType}"`, async () => {
      const r = await api(U, '/api/v2/import-scan/', {
        method: 'POST',
        token: TOKENS.importer,
        body: form({ scan_type: scanType, engagement: '1', tags: 'ci,nightly' }, sample(file)),
      });
      expect(r.status, r.text).toBe(201);
      expect(r.body).toMatchObject({
        scan_type: scanType,
        engagement_id: 1,
        product_id: expect.any(Number),
        test_id: r.body.test,
      });
      expect(r.body.tags).toEqual(['ci', 'nightly']);
      expect(r.body).not.toHaveProperty('file');
      const total = r.body.statistics.after.total.total;
      expect(total).toBeGreaterThanOrEqual(atLeast);
      const list = await api(U, `/api/v2/findings/?test=${r.body.test}&limit=1000`);
      expect(list.body.count).toBe(total);
      expect(
        list.body.results.every((f: any) => f.title.length > 0 && f.found_by.length === 1),
      ).toBe(true);
      const test = await api(U, `/api/v2/tests/${r.body.test}/`);
      expect(test.body.scan_type).toBe(scanType);
    });
  }

  it('adds the Pro connector note for SonarQube and keeps minimum_severity', async () => {
    const r = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      body: form(
        { scan_type: 'SonarQube Scan', engagement: '2', minimum_severity: 'High' },
        sample('sonarqube_sonar-6-findings.json'),
      ),
    });
    expect(r.status).toBe(201);
    expect(r.body.pro[0]).toContain('connector for SonarQube Scan');
    const sevs = (await api(U, `/api/v2/findings/?test=${r.body.test}&limit=100`)).body.results.map(
      (f: any) => f.severity,
    );
    expect(sevs.every((s: string) => s === 'High' || s === 'Critical')).toBe(true);
  });

  it('accepts a format it cannot parse, with zero findings', async () => {
    const r = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      body: form({ scan_type: 'ZAP Scan', engagement: '1' }, sample('zap_dvwa_baseline_dojo.xml')),
    });
    expect(r.status).toBe(201);
    expect(r.body.statistics.after.total.total).toBe(0);
  });
});

describe('import-scan requests and errors', () => {
  it('is multipart only: JSON gets 415', async () => {
    const r = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      body: { scan_type: 'Trivy Scan', engagement: 1 },
    });
    expect(r.status).toBe(415);
    expect(r.body).toEqual({ detail: 'Unsupported media type "application/json" in request.' });
  });

  it('answers target problems with bare JSON arrays', async () => {
    const t = sample('trivy_scheme_2_many_vulns.json');
    const cases: Array<[Record<string, string>, string]> = [
      [{ scan_type: 'Trivy Scan' }, 'product_name parameter missing'],
      [
        { scan_type: 'Trivy Scan', product_name: 'Juice Shop' },
        'engagement_name parameter missing',
      ],
      [{ scan_type: 'Trivy Scan', engagement: '99999' }, 'Engagement "99999" does not exist'],
      [
        { scan_type: 'Trivy Scan', product_name: 'Nope', engagement_name: 'E' },
        'Product "Nope" does not exist',
      ],
      [
        { scan_type: 'Trivy Scan', product_name: 'Juice Shop', engagement_name: 'Nope' },
        'Engagement "Nope" does not exist in Product "Juice Shop"',
      ],
    ];
    for (const [fields, msg] of cases) {
      const r = await api(U, '/api/v2/import-scan/', { method: 'POST', body: form(fields, t) });
      expect(r.status, msg).toBe(400);
      expect(r.body).toEqual([msg]);
    }
    const re = await api(U, '/api/v2/reimport-scan/', {
      method: 'POST',
      body: form({ scan_type: 'Trivy Scan', test: '99999' }, t),
    });
    expect(re.body).toEqual(['Test "99999" does not exist']);
  });

  it('validates scan_type against the embedded list and requires a file', async () => {
    const bad = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      body: form({ scan_type: 'trivy scan', engagement: '1' }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.scan_type).toEqual(['"trivy scan" is not a valid choice.']);
    expect(bad.body.pro).toHaveLength(1);
    const noFile = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      body: form({ scan_type: 'Trivy Scan', engagement: '1' }),
    });
    expect(noFile.body.non_field_errors).toEqual([
      'Uploading a Report File is required for Trivy Scan',
    ]);
  });

  it('answers 500 for a file the parser cannot read', async () => {
    const r = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      body: form(
        { scan_type: 'Trivy Scan', engagement: '1' },
        { name: 'x.json', data: '{not json' },
      ),
    });
    expect(r.status).toBe(500);
    expect(r.body.message).toBe('Internal server error, check logs for details');
  });

  it('forbids imports to a Reader (403) and auto-creates context for an admin', async () => {
    const t = sample('trivy_scheme_2_many_vulns.json');
    const reader = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      token: TOKENS.reader,
      body: form({ scan_type: 'Trivy Scan', engagement: '1' }, t),
    });
    expect(reader.status).toBe(403);
    const auto = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      body: form(
        {
          scan_type: 'Trivy Scan',
          product_name: 'Brand New',
          engagement_name: 'CI',
          product_type_name: 'Web Applications',
          auto_create_context: 'true',
        },
        t,
      ),
    });
    expect(auto.status, auto.text).toBe(201);
    const product = await api(U, `/api/v2/products/${auto.body.product_id}/`);
    expect(product.body.name).toBe('Brand New');
  });
});

describe('reimport-scan', () => {
  it('leaves matching findings untouched, creates new ones and closes missing ones', async () => {
    const first = await api(U, '/api/v2/import-scan/', {
      method: 'POST',
      body: form(
        { scan_type: 'Semgrep JSON Report', engagement: '3' },
        sample('semgrep_many_vulns.json'),
      ),
    });
    expect(first.status).toBe(201);
    const n = first.body.statistics.after.total.total;
    const same = await api(U, '/api/v2/reimport-scan/', {
      method: 'POST',
      body: form(
        { scan_type: 'Semgrep JSON Report', test: String(first.body.test) },
        sample('semgrep_many_vulns.json'),
      ),
    });
    expect(same.status).toBe(201);
    expect(same.body.statistics.delta.created.total.total).toBe(0);
    expect(same.body.statistics.delta.untouched.total.total).toBe(n);
    expect(same.body.statistics.before.total.total).toBe(n);
    // A smaller report: the missing findings are closed (close_old_findings defaults to true).
    const doc = JSON.parse(readFileSync(path.join(SAMPLES, 'semgrep_many_vulns.json'), 'utf8'));
    doc.results = doc.results.slice(0, 10);
    // Reimport by names: product + engagement + scan_type select the latest such test.
    const eng = (await api(U, '/api/v2/engagements/3/')).body;
    const product = (await api(U, `/api/v2/products/${eng.product}/`)).body;
    const smaller = await api(U, '/api/v2/reimport-scan/', {
      method: 'POST',
      body: form(
        { scan_type: 'Semgrep JSON Report', product_name: product.name, engagement_name: eng.name },
        { name: 's.json', data: JSON.stringify(doc) },
      ),
    });
    expect(smaller.status, smaller.text).toBe(201);
    expect(smaller.body.test).toBe(first.body.test);
    expect(smaller.body.statistics.delta.closed.total.total).toBe(
      n - smaller.body.statistics.delta.untouched.total.total,
    );
    expect(smaller.body.statistics.delta.closed.total.total).toBeGreaterThan(0);
    expect(smaller.body.statistics.after.total.active).toBeLessThan(n);
  });
});

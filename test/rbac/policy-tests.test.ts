import { describe, expect, it } from 'vitest';
import { writeFileSync, mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { runPolicyTests } from '../../src/policy-test/run.js';

describe('shipped policy tests (policies/*_test.yaml)', () => {
  for (const name of ['dojo-server_test.yaml', 'defectdojo-pro_test.yaml']) {
    it(`${name}: every case passes`, async () => {
      const results = await runPolicyTests(path.join(REPO_ROOT, 'policies', name));
      expect(results.length).toBeGreaterThan(40);
      expect(results.filter((r) => !r.ok)).toEqual([]);
    });
  }

  it('reports a case whose expectation is wrong', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ptest-'));
    copyFileSync(path.join(REPO_ROOT, 'policies/dojo-server.yaml'), path.join(dir, 'p.yaml'));
    const file = path.join(dir, 'p_test.yaml');
    writeFileSync(
      file,
      'policy: p.yaml\ncases:\n  - name: wrong\n    role: reader\n    tool: close_finding\n    expect: allow\n',
    );
    const [r] = await runPolicyTests(file);
    expect(r).toMatchObject({ ok: false, got: 'deny unknown_tool', want: 'allow' });
  });
});

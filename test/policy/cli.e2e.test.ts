import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, runCli } from '../helpers/process.js';
import { MINIMAL, policyFile } from './helpers.js';

describe('dojo-guard policy (real CLI)', () => {
  it('validate exits 0 for a good file and 1 with file and dotted path for a bad one', async () => {
    const good = policyFile(MINIMAL);
    const ok = await runCli(['policy', 'validate', good]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`ok: ${good}`);
    const bad = policyFile(
      MINIMAL.replace('      tools: [get_*]', '      tools: [get_*]\n      tool: [x]'),
    );
    const r = await runCli(['policy', 'validate', good, bad]);
    expect(r.code).toBe(1);
    // file:line:col from the YAML node, and the closest allowed key.
    expect(r.stderr).toContain(
      `error: ${bad}:13:7: rbac.roles.reader.tool: unknown key (did you mean \`tools\`?)`,
    );
  });

  it('validate names a missing secret variable without printing any other env value', async () => {
    const file = policyFile(
      MINIMAL.replace(
        'url: http://127.0.0.1:9/mcp',
        'url: http://127.0.0.1:9/mcp\n  headers: { Authorization: "Token ${env:DG_TEST_KEY}" }',
      ),
    );
    // Offline by default: the unset runtime secret is reported, not fatal.
    const offline = await runCli(['policy', 'validate', file], {
      env: { DG_TEST_KEY: undefined },
    });
    expect(offline.code).toBe(0);
    expect(offline.stderr).toContain(
      'upstream.headers.Authorization: environment variable DG_TEST_KEY is not set (validated with a placeholder)',
    );
    const r = await runCli(['policy', 'validate', '--strict-env', file], {
      env: { DG_TEST_KEY: undefined },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'upstream.headers.Authorization: environment variable DG_TEST_KEY is not set',
    );
    const ok = await runCli(['policy', 'validate', file], {
      env: { DG_TEST_KEY: 'sekrit-value-123' },
    });
    expect(ok.code).toBe(0);
    expect(ok.stdout + ok.stderr).not.toContain('sekrit-value-123');
  });

  it('validates the shipped policies (--schema-only) and runs their policy tests', async () => {
    const files = ['policies/dojo-server.yaml', 'policies/defectdojo-pro.yaml'];
    const r = await runCli(['policy', 'validate', '--schema-only', ...files], {
      env: { DEFECTDOJO_URL: undefined, DEFECTDOJO_API_KEY: undefined },
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const t = await runCli([
      'policy',
      'test',
      'policies/dojo-server_test.yaml',
      'policies/defectdojo-pro_test.yaml',
    ]);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^(\d+)\/\1 policy test cases passed/);
  });

  it('every shipped policy starts with the schema modeline', () => {
    for (const f of ['dojo-server.yaml', 'defectdojo-pro.yaml']) {
      const first = readFileSync(path.join(REPO_ROOT, 'policies', f), 'utf8').split('\n')[0];
      expect(first).toBe('# yaml-language-server: $schema=../schema/policy.schema.json');
    }
  });

  it('schema prints the JSON Schema', async () => {
    const r = await runCli(['policy', 'schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ type: 'object', additionalProperties: false });
  });
});

/**
 * The shipped demo policy and the example team policies: each validates with the real CLI (with
 * the environment it documents, and fails without it), and its policy tests pass.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/process.js';

const FILES = [
  'policies/demo.yaml',
  'examples/policies/read-only-analysts.yaml',
  'examples/policies/ci-scanner.yaml',
  'examples/policies/triage-agent.yaml',
];

const ENV = {
  IDP_JWKS_URL: 'https://idp.example/.well-known/jwks.json',
  IDP_ISSUER: 'https://idp.example/',
  GUARD_AUDIENCE: 'https://guard.internal.example/mcp',
  AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
  AUDIT_LOG_FILE: '/tmp/dojo-guard-ops-validate/audit.jsonl',
  MCP_ROLE_CI: `${randomBytes(32).toString('hex')}:ci`,
  MCP_ROLE_TRIAGE: `${randomBytes(32).toString('hex')}:triage`,
};

describe('shipped demo and example policies', () => {
  it('validate with their documented environment (one CLI run for all files)', async () => {
    const r = await runCli(['policy', 'validate', ...FILES], { env: ENV });
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code).toBe(0);
    for (const file of FILES) expect(r.stdout).toContain(`ok: ${file}`);
  });

  it('pass their policy tests', async () => {
    const tests = FILES.map((f) => f.replace(/\.yaml$/, '_test.yaml'));
    const r = await runCli(['policy', 'test', ...tests]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const passed = [...r.stdout.matchAll(/(\d+)\/(\d+) policy test cases passed/g)];
    expect(passed.length).toBeGreaterThan(0);
    for (const m of passed) expect(m[1]).toBe(m[2]);
    expect(passed.reduce((n, m) => n + Number(m[1]), 0)).toBeGreaterThanOrEqual(35);
  });

  it('refuses an example policy whose secrets are missing (validation can fail)', async () => {
    const r = await runCli(
      ['policy', 'validate', '--strict-env', 'examples/policies/ci-scanner.yaml'],
      {
        env: { AUDIT_HMAC_KEY: undefined, AUDIT_LOG_FILE: undefined, MCP_ROLE_CI: undefined },
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('AUDIT_HMAC_KEY is not set');
  });

  it('refuses a misspelled pinning or tripwire key', async () => {
    const { mkdtempSync, writeFileSync, readFileSync } = await import('node:fs');
    const dir = mkdtempSync('/tmp/dojo-guard-ops-bad-');
    const base = readFileSync(`${REPO_ROOT}/policies/demo.yaml`, 'utf8');
    for (const [bad, path] of [
      ['on_unkown: allow', 'pinning'],
      ['finding_id: [1]', 'tripwires'],
    ] as const) {
      const file = `${dir}/${path}.yaml`;
      const text = base.replace(new RegExp(`^${path}:\\n`, 'm'), `${path}:\n  ${bad}\n`);
      writeFileSync(file, text);
      const r = await runCli(['policy', 'validate', '--schema-only', file]);
      expect(r.code, bad).toBe(1);
      expect(r.stderr).toContain(path);
    }
  });
});

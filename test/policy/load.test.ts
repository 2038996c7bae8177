import { sharedToolCatalog } from '../../src/guards/tool-catalog/catalog.js';
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { loadPolicy } from '../../src/policy/load.js';
import { MINIMAL, deps, load, loadIssues, policyFile } from './helpers.js';

describe('loadPolicy', () => {
  it('loads the allow-all test fixture with the rbac guard and loopback hosts', async () => {
    const file = path.join(REPO_ROOT, 'test/fixtures/policies/allow-all.yaml');
    const { policy } = await loadPolicy([file], { env: {}, deps: deps() });
    expect(policy.guards.map((g) => g.name)).toContain('rbac');
    expect([...policy.server.allowedHosts]).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(policy.revision).toMatch(/^[0-9a-f]{64}$/);
    const r = await policy.authenticate({ headers: {}, remoteAddress: '127.0.0.1' });
    expect(r).toMatchObject({ ok: true, principal: { id: 'anonymous', role: 'everything' } });
  });

  it('reports a misspelled key with file and dotted path', async () => {
    const issues = await loadIssues([MINIMAL.replace('  tokens:', '  tokenz:')]);
    // `  tokenz:` is on line 5 of MINIMAL, its key starting in column 3.
    const issue = issues.find((i) => i.includes('auth.tokenz'));
    expect(issue).toMatch(
      /^.*[/\\]p\d+\.yaml:5:3: auth\.tokenz: unknown key \(did you mean `tokens`\?\)$/,
    );
  });

  it('reports a nested misspelling inside an array element', async () => {
    const issues = await loadIssues([MINIMAL.replace('      role: reader', '      rol: reader')]);
    expect(issues.join('\n')).toMatch(/auth\.tokens\.0\.rol: unknown key/);
  });

  it('reports every issue at once, not only the first', async () => {
    const text = MINIMAL.replace('version: 1', 'version: 2').replace('  tokens:', '  tokenz:');
    const issues = await loadIssues([text]);
    expect(issues.some((i) => i.includes('version'))).toBe(true);
    expect(issues.some((i) => i.includes('auth.tokenz'))).toBe(true);
  });

  it('rejects duplicate YAML keys', async () => {
    const issues = await loadIssues([MINIMAL + 'version: 1\n']);
    expect(issues.join('\n')).toMatch(/p\d+\.yaml:\d+:1: Map keys must be unique/);
  });

  it('rejects YAML aliases (no alias expansion bombs)', async () => {
    const bomb = `${MINIMAL}x: &a [1, 2]\ny: [*a, *a]\n`;
    const issues = await loadIssues([bomb]);
    expect(issues.join('\n')).toMatch(/aliases/);
  });

  it('rejects merge keys and several documents', async () => {
    expect((await loadIssues([`${MINIMAL}---\nversion: 1\n`])).length).toBeGreaterThan(0);
  });

  it('stamps a revision that changes with the file content', async () => {
    const a = await load([MINIMAL]);
    const b = await load([MINIMAL + '# comment\n']);
    const c = await load([MINIMAL]);
    expect(a.policy.revision).not.toBe(b.policy.revision);
    expect(a.policy.revision).toBe(c.policy.revision);
  });

  it('merges sections from several files and refuses a section defined twice', async () => {
    const [head, rest] = [
      MINIMAL.split('rbac:')[0]!,
      'version: 1\nrbac:' + MINIMAL.split('rbac:')[1]!,
    ];
    const { policy } = await load([head, rest]);
    expect(policy.files).toHaveLength(2);
    const issues = await loadIssues([MINIMAL, 'version: 1\nrbac:\n  roles: {}\n']);
    expect(issues.join('\n')).toMatch(/rbac: section already defined in/);
  });

  it('refuses to load without any authentication unless allow_anonymous is explicit', async () => {
    const issues = await loadIssues(['version: 1\nrbac:\n  roles: {}\n']);
    expect(issues.join('\n')).toMatch(/no authentication configured/);
  });

  it('refuses a non-loopback bind without allowed_hosts', async () => {
    const issues = await loadIssues([MINIMAL + 'server:\n  host: 0.0.0.0\n']);
    expect(issues.join('\n')).toMatch(/server\.allowed_hosts: required/);
  });

  it('applies CLI overrides for host, port and upstream', async () => {
    const { policy } = await loadPolicy([policyFile(MINIMAL)], {
      env: {},
      deps: deps(),
      overrides: { port: 0, upstreamUrl: 'http://127.0.0.1:1234/mcp' },
    });
    expect(policy.server.port).toBe(0);
    expect(policy.upstream.url.href).toBe('http://127.0.0.1:1234/mcp');
  });

  it('rejects unknown roles referenced by tokens', async () => {
    const issues = await loadIssues([MINIMAL.replace('      role: reader', '      role: ghost')]);
    expect(issues.join('\n')).toMatch(/unknown role ghost/);
  });

  it('rejects inheritance cycles and unknown parents', async () => {
    const cyc = MINIMAL.replace(
      '      tools: [get_*]',
      '      tools: [get_*]\n      inherits: [reader]',
    );
    expect((await loadIssues([cyc])).join('\n')).toMatch(/cycle/);
    const unk = MINIMAL.replace('      tools: [get_*]', '      inherits: [nobody]');
    expect((await loadIssues([unk])).join('\n')).toMatch(/unknown role nobody/);
  });

  it('defaults the mutating class and honours an explicit one', async () => {
    const a = await load([MINIMAL]);
    expect(a.policy.isMutatingTool('close_finding')).toBe(true);
    // Matched by no glob and never seen listed: mutating (src/policy/tool-classes.ts).
    expect(a.policy.isMutatingTool('get_findings')).toBe(true);
    sharedToolCatalog.observe([
      { name: 'get_findings', annotations: { readOnlyHint: true } },
      { name: 'close_finding', annotations: { readOnlyHint: true } },
    ]);
    try {
      expect(a.policy.isMutatingTool('get_findings')).toBe(false);
      const b = await load([MINIMAL + 'tools:\n  classes:\n    mutating: [get_findings]\n']);
      expect(b.policy.isMutatingTool('get_findings')).toBe(true);
      expect(b.policy.isMutatingTool('close_finding')).toBe(false);
    } finally {
      sharedToolCatalog.clear();
    }
  });
});

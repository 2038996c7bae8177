/**
 * `--help` of the commands people configure through the environment: every variable the sources
 * and the shipped policies read appears in `proxy --help` under "Environment" (and in the README's
 * proxy table), and every example names only real options.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/process.js';

/** Files of src/ (recursively) whose path passes `keep`. */
function sources(dir: string, keep: (rel: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true })) {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(rel, keep));
    else if (rel.endsWith('.ts') && !rel.endsWith('.test.ts') && keep(rel)) out.push(rel);
  }
  return out;
}

// Read by other commands only: the bundled server and sandbox (their own --help), the demo,
// and the approver's and undo clients (`approvals --help`, `undo --help`: tested below).
const NOT_PROXY =
  /^src\/(dojo|sandbox|bench|demo)\/|^src\/cli\/(server|sandbox|demo|audit|approvals|undo)\.ts$/;

/** Environment variables the proxy's code reads, found in the code rather than listed by hand. */
function proxyEnvVars(): Set<string> {
  const names = new Set<string>();
  for (const f of sources('src', (rel) => !NOT_PROXY.test(rel))) {
    const text = fs.readFileSync(path.join(REPO_ROOT, f), 'utf8');
    for (const m of text.matchAll(/\benv\.([A-Z][A-Z0-9_]{2,})\b/g)) names.add(m[1]!);
    for (const m of text.matchAll(/\.env\(\s*'([A-Z][A-Z0-9_]+)'/g)) names.add(m[1]!);
  }
  for (const f of fs.readdirSync(path.join(REPO_ROOT, 'policies'))) {
    if (!f.endsWith('.yaml') || f.endsWith('_test.yaml')) continue;
    const text = fs.readFileSync(path.join(REPO_ROOT, 'policies', f), 'utf8');
    for (const m of text.matchAll(/\$\{env:([A-Z][A-Z0-9_]*)/g)) names.add(m[1]!);
  }
  return names;
}

/** The indented lines of a help section ("Environment:" up to the next blank line). */
function helpSection(help: string, title: string): string[] {
  const lines = help.split('\n');
  const start = lines.indexOf(`${title}:`);
  if (start < 0) return [];
  const end = lines.findIndex((l, i) => i > start && l.trim() === '');
  return lines.slice(start + 1, end < 0 ? undefined : end).filter((l) => l.startsWith('  '));
}

describe('proxy --help', () => {
  it('lists every environment variable the proxy reads', async () => {
    const r = await runCli(['proxy', '--help']);
    expect(r.code).toBe(0);
    const listed = helpSection(r.stdout, 'Environment').map((l) => l.trim().split(/\s+/)[0]!);
    const wanted = proxyEnvVars();
    // Sanity: the scan finds what the proxy is known to read.
    for (const v of [
      'DOJO_GUARD_ALLOWED_HOSTS',
      'AUDIT_HMAC_KEY',
      'REDIS_URL',
      'OTEL_SERVICE_NAME',
    ])
      expect(wanted).toContain(v);
    for (const v of wanted) expect(listed, `${v} missing from proxy --help`).toContain(v);
    expect(listed).toContain('MCP_ROLE_<NAME>');
    // The README's proxy table names each of them too.
    const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    const table = readme.slice(
      readme.indexOf('### Proxy environment'),
      readme.indexOf('### Exit codes'),
    );
    for (const v of listed)
      expect(table, `${v} missing from README "Proxy environment"`).toContain(
        v.replace('<NAME>', ''),
      );
  });

  it('has examples that use only real options', async () => {
    const r = await runCli(['proxy', '--help']);
    const options = new Set(
      [...r.stdout.matchAll(/^\s+(?:-\w, )?(--[a-z-]+)/gm)].map((m) => m[1]!),
    );
    const examples = helpSection(r.stdout, 'Examples').join('\n');
    expect(examples).toMatch(/dojo-guard proxy/);
    const used = [...examples.matchAll(/\s(--[a-z-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(2);
    for (const o of used) expect(options, o).toContain(o);
  });
});

describe('other commands', () => {
  it('server --help lists every variable src/dojo/config.ts reads', async () => {
    const r = await runCli(['server', '--help']);
    const text = fs.readFileSync(path.join(REPO_ROOT, 'src/dojo/config.ts'), 'utf8');
    const names = new Set(
      [...text.matchAll(/'((?:DEFECTDOJO|DOJO_SERVER|ALLOW)_[A-Z_]+)'/g)].map((m) => m[1]!),
    );
    expect(names.size).toBeGreaterThan(8);
    const env = helpSection(r.stdout, 'Environment').join('\n');
    for (const v of names) expect(env, v).toContain(v);
    expect(helpSection(r.stdout, 'Examples').length).toBeGreaterThan(0);
  });

  it('approvals and undo --help list the variables they read', async () => {
    const read = (f: string) => {
      const text = fs.readFileSync(path.join(REPO_ROOT, f), 'utf8');
      return new Set([
        ...[...text.matchAll(/\benv\.([A-Z][A-Z0-9_]{2,})\b/g)].map((m) => m[1]!),
        ...[...text.matchAll(/\.env\(\s*'([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1]!),
        ...[...text.matchAll(/'(DOJO_GUARD_[A-Z0-9_]+)'/g)].map((m) => m[1]!), // option defaults
      ]);
    };
    for (const [args, file, known] of [
      [['approvals', '--help'], 'src/cli/approvals.ts', 'DOJO_GUARD_TOKEN'],
      [['approvals', 'approve', '--help'], 'src/cli/approvals.ts', 'DOJO_GUARD_URL'],
      [['undo', '--help'], 'src/cli/undo.ts', 'DOJO_GUARD_UNDO_TOKEN'],
    ] as const) {
      const r = await runCli([...args]);
      expect(r.code).toBe(0);
      const listed = helpSection(r.stdout, 'Environment').map((l) => l.trim().split(/\s+/)[0]!);
      const wanted = read(file);
      expect(wanted).toContain(known);
      for (const v of wanted) expect(listed, `${v} missing from ${args.join(' ')}`).toContain(v);
      expect(helpSection(r.stdout, 'Examples').join('\n')).toContain(`dojo-guard ${args[0]}`);
    }
  });

  it('audit verify and policy explain --help have examples', async () => {
    const [a, e] = await Promise.all([
      runCli(['audit', 'verify', '--help']),
      runCli(['policy', 'explain', '--help']),
    ]);
    expect(helpSection(a.stdout, 'Environment').join('\n')).toContain('AUDIT_HMAC_KEY');
    expect(helpSection(a.stdout, 'Examples').join('\n')).toContain('dojo-guard audit verify');
    expect(helpSection(e.stdout, 'Examples').join('\n')).toContain('--tools bundled-pro');
  });
});

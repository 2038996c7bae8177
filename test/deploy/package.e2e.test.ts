/**
 * What `npm pack` ships and what the installed command needs: the file list (no bench code, source
 * maps or build info; LICENSE present), production dependencies that are all imported and that
 * cover every runtime import, no importable entry point, and one version source.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { builtinModules } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/process.js';

const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  license: string;
  bin: Record<string, string>;
  main?: string;
  exports?: Record<string, string>;
  dependencies: Record<string, string>;
};
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function packedFiles(): string[] {
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
}

/** Runtime source files: what dist/ ships (src/ without bench code and tests). */
function runtimeSources(dir = path.join(REPO_ROOT, 'src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return p === path.join(REPO_ROOT, 'src/bench') ? [] : runtimeSources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Package names of value imports (static and dynamic); `import type` is erased and skipped. */
function importedPackages(text: string): Set<string> {
  const found = new Set<string>();
  const re =
    /(?:^|\n)\s*(?:import|export)\s+(type\s+)?[^'";]*?from\s+'([^']+)'|import\('([^']+)'\)/g;
  for (const m of text.matchAll(re)) {
    if (m[1]) continue;
    const spec = m[2] ?? m[3]!;
    if (spec.startsWith('.') || spec.startsWith('node:')) continue;
    const parts = spec.split('/');
    found.add(spec.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!);
  }
  return found;
}

describe('npm package', () => {
  it('ships dist without bench code, source maps or build info, plus LICENSE and the policies', () => {
    const files = packedFiles();
    expect(files.filter((f) => f.startsWith('dist/bench/'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => f.includes('tsbuildinfo'))).toEqual([]);
    expect(files.filter((f) => f.includes('.test.'))).toEqual([]);
    for (const f of [
      'LICENSE',
      'README.md',
      'SECURITY.md',
      'CHANGELOG.md',
      'package.json',
      pkg.bin['dojo-guard']!,
      'policies/dojo-server.yaml',
      'policies/defectdojo-pro.yaml',
      'schema/policy.schema.json',
    ])
      expect(files, f).toContain(f);
  });

  it('declares Apache-2.0 and carries its full text', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const text = fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(text).toMatch(/Apache License\s+Version 2\.0, January 2004/);
    expect(text).toMatch(/END OF TERMS AND CONDITIONS/);
  });

  it('declares no entry point that does not exist (a CLI: only package.json is exported)', () => {
    expect(pkg.main).toBeUndefined();
    for (const target of Object.values(pkg.exports ?? {}))
      expect(fs.existsSync(path.join(REPO_ROOT, target)), target).toBe(true);
  });

  it('imports every production dependency at runtime and declares every runtime import', () => {
    const used = new Set<string>();
    for (const f of runtimeSources())
      for (const p of importedPackages(fs.readFileSync(f, 'utf8'))) used.add(p);
    const builtins = new Set(builtinModules);
    const undeclared = [...used].filter((p) => !(p in pkg.dependencies) && !builtins.has(p));
    expect(undeclared, 'imported by src/ but not in dependencies').toEqual([]);
    const unused = Object.keys(pkg.dependencies).filter((d) => !used.has(d));
    expect(unused, 'in dependencies but imported by nothing in src/').toEqual([]);
  });

  it('prints the package.json version with --version', async () => {
    const r = await runCli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});

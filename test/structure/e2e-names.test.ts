/**
 * A test file that starts processes is named `*.e2e.test.ts`, so the fast unit run and the slow
 * process run can be told apart by name. "Starts processes" is read from the import graph of
 * test/: a file imports `node:child_process`, or (transitively, through test-local modules) a
 * helper that does, e.g. test/helpers/process.ts. Type-only imports start nothing and are
 * skipped; a test that only needs a path imports test/helpers/paths.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

const TEST_ROOT = path.join(REPO_ROOT, 'test');
const SPAWN_MODULES = new Set(['node:child_process', 'child_process']);
// Static imports and re-exports (not `import type`), and dynamic imports.
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== 'fixtures') walk(p, out);
    } else if (/\.(ts|mts|mjs|js)$/.test(e.name)) out.push(p);
  }
  return out;
}

function specifiers(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT), ...text.matchAll(DYNAMIC)].map((m) => m[1]!);
}

/** The test-local file a relative specifier names (`.js` in ESM specifiers is the `.ts` source). */
function resolveLocal(from: string, spec: string, known: ReadonlySet<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const p = path.resolve(path.dirname(from), spec);
  for (const c of [p, p.replace(/\.js$/, '.ts'), p.replace(/\.mjs$/, '.mts'), `${p}.ts`]) {
    if (known.has(c)) return c;
  }
  return undefined;
}

/** For each file that starts processes: the import chain that shows it. */
function spawningChains(files: readonly string[]): Map<string, string[]> {
  const known = new Set(files);
  const memo = new Map<string, string[] | null>();
  const visit = (file: string, stack: Set<string>): string[] | null => {
    if (memo.has(file)) return memo.get(file)!;
    if (stack.has(file)) return null;
    stack.add(file);
    let chain: string[] | null = null;
    for (const spec of specifiers(file)) {
      if (SPAWN_MODULES.has(spec)) {
        chain = [file, spec];
        break;
      }
      const dep = resolveLocal(file, spec, known);
      const sub = dep && visit(dep, stack);
      if (sub) {
        chain = [file, ...sub];
        break;
      }
    }
    stack.delete(file);
    memo.set(file, chain);
    return chain;
  };
  const out = new Map<string, string[]>();
  for (const f of files) {
    const c = visit(f, new Set());
    if (c) out.set(f, c);
  }
  return out;
}

describe('test file names', () => {
  const files = walk(TEST_ROOT);
  const chains = spawningChains(files);
  const rel = (f: string): string => (f.startsWith('/') ? path.relative(REPO_ROOT, f) : f);

  it('reads the import graph (a known spawner is found through a helper)', () => {
    expect(files.length).toBeGreaterThan(100);
    const demo = chains.get(path.join(TEST_ROOT, 'tripwire/tripwire.e2e.test.ts'));
    expect(demo?.map(rel)).toContain('test/helpers/process.ts');
    expect(chains.has(path.join(TEST_ROOT, 'helpers/paths.ts'))).toBe(false);
  });

  it('names every test that starts processes *.e2e.test.ts', () => {
    const offenders = [...chains]
      .filter(([f]) => f.endsWith('.test.ts') && !f.endsWith('.e2e.test.ts'))
      .map(([, chain]) => chain.map(rel).join(' -> '));
    expect(offenders).toEqual([]);
  });
});

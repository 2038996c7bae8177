/**
 * The build-time table of exact-set trees (src/guards/injection/exact-sets.ts `BUILT_TREES`,
 * written by `npm run build`, which `npm test` runs first): it holds exactly the parsed tree of
 * every built-in pattern, the built proxy reads it, and a table written by other code is ignored.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinRules } from '../../src/guards/injection/compile.js';
import { parsedTree, patternKey } from '../../src/guards/injection/exact-sets.js';
import { toolDescriptionRules } from '../../src/guards/injection/scan.js';
import { REPO_ROOT } from '../helpers/process.js';

const BUILT = path.join(REPO_ROOT, 'dist/guards/injection');
const read = (dir: string): { key: string; trees: Record<string, unknown> } =>
  JSON.parse(fs.readFileSync(path.join(dir, 'exact-trees.json'), 'utf8'));

/** Runs `body` (an ES module's code with `m`, the exact-sets module at `file`) and returns its stdout. */
function withModule(file: string, body: string): string {
  const code = `const m = await import(${JSON.stringify(file)}); ${body}`;
  return execFileSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
}

// Inside the repository (.tmp/ is ignored), so the copied module resolves re2js from node_modules.
fs.mkdirSync(path.join(REPO_ROOT, '.tmp'), { recursive: true });
const tmp = fs.mkdtempSync(path.join(REPO_ROOT, '.tmp', 'trees-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('the built table of exact-set trees', () => {
  it('holds the parsed tree of every built-in pattern, and nothing else', () => {
    const { trees } = read(BUILT);
    const patterns = new Set(
      [builtinRules(), toolDescriptionRules()].flatMap((set) =>
        [set.text, set.words, set.squashed].flatMap((g) => g.rules.map((r) => r.pattern)),
      ),
    );
    expect(patterns.size).toBeGreaterThan(600);
    expect(Object.keys(trees).sort()).toEqual([...patterns].map(patternKey).sort());
    for (const p of patterns) expect(trees[patternKey(p)]).toEqual(parsedTree(p));
  });

  it('is keyed to the built module, which reads it', () => {
    const key = withModule(path.join(BUILT, 'exact-sets.js'), 'process.stdout.write(m.tableKey())');
    expect(read(BUILT).key).toBe(key);
  });

  it('is used only when keyed to the code reading it', () => {
    fs.copyFileSync(path.join(BUILT, 'exact-sets.js'), path.join(tmp, 'exact-sets.js'));
    const file = path.join(tmp, 'exact-sets.js');
    const p = 'abc(?:d|e)';
    const write = (key: string): void =>
      fs.writeFileSync(
        path.join(tmp, 'exact-trees.json'),
        JSON.stringify({ key, trees: { [patternKey(p)]: { type: 1, str: 'planted' } } }),
      );
    const treeOf = `process.stdout.write(JSON.stringify(m.exactSetTree(${JSON.stringify(p)})))`;
    write('written by other code');
    expect(JSON.parse(withModule(file, treeOf))).toEqual(parsedTree(p));
    write(withModule(file, 'process.stdout.write(m.tableKey())'));
    expect(JSON.parse(withModule(file, treeOf))).toEqual({ type: 1, str: 'planted' });
  });
});

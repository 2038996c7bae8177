/**
 * The import graph of src/ stays a graph with a bottom: no file cycles (type-only imports count,
 * they tie modules together just the same), and the lower folders never import the upper ones.
 * The same check by hand: `npx madge --circular --extensions ts --ts-config tsconfig.json src`.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import madge from 'madge';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');

let cycles: string[][] = [];
let g: Record<string, string[]> = {};
const folder = (file: string): string => file.split('/')[0]!;

/** Folder → folders it must never import (the layers below may not reach the layers above). */
const NEVER: Record<string, readonly string[]> = {
  core: ['shared', 'state', 'dojo', 'sandbox', 'guards', 'audit', 'policy', 'proxy', 'cli'],
  shared: ['core', 'state', 'dojo', 'guards', 'audit', 'policy', 'proxy', 'cli'],
  state: ['guards', 'audit', 'policy', 'proxy', 'cli'],
  guards: ['audit', 'policy', 'policy-test', 'policy-replay', 'proxy', 'cli', 'bench'],
  audit: ['policy', 'policy-test', 'policy-replay', 'proxy', 'cli', 'bench'],
  // The compiler gets the upstream through ports the proxy supplies (src/policy/upstream-ports.ts);
  // the runners that evaluate requests through the proxy's chain sit above (policy-test, policy-replay).
  policy: ['proxy', 'policy-test', 'policy-replay', 'cli', 'bench'],
};

describe('src import graph', () => {
  beforeAll(async () => {
    const res = await madge(path.join(ROOT, 'src'), {
      fileExtensions: ['ts'],
      tsConfig: path.join(ROOT, 'tsconfig.json'),
      detectiveOptions: { ts: { skipTypeImports: false } },
    });
    cycles = res.circular();
    g = res.obj();
  }, 60_000);

  it('has no import cycles', () => {
    expect(Object.keys(g).length).toBeGreaterThan(100); // the graph was really read
    expect(cycles).toEqual([]);
  });

  it('keeps src/core at the bottom and the lower folders from importing the upper ones', () => {
    const bad: string[] = [];
    for (const [file, deps] of Object.entries(g)) {
      const banned = NEVER[folder(file)] ?? [];
      for (const dep of deps) if (banned.includes(folder(dep))) bad.push(`${file} -> ${dep}`);
    }
    expect(bad).toEqual([]);
  });
});

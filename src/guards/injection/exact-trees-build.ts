/**
 * `node dist/guards/injection/exact-trees-build.js` (run by `npm run build`): writes the exact-set
 * trees of every built-in pattern (the argument rules and the tool-description rules) beside
 * exact-sets.js, keyed to the code that computed them (exact-sets.ts `BUILT_TREES`), so a proxy
 * does not parse them again at every start.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { builtinRules } from './compile.js';
import { BUILT_TREES, parsedTree, patternKey, tableKey, type TreeTable } from './exact-sets.js';
import { toolDescriptionRules } from './scan.js';

const trees: Record<string, unknown> = {};
for (const set of [builtinRules(), toolDescriptionRules()])
  for (const group of [set.text, set.words, set.squashed])
    for (const rule of group.rules) trees[patternKey(rule.pattern)] ??= parsedTree(rule.pattern);
const out: TreeTable = { key: tableKey(), trees };
writeFileSync(BUILT_TREES, JSON.stringify(out));
console.log(
  `${Object.keys(trees).length} exact-set trees → ${path.relative(process.cwd(), BUILT_TREES)}`,
);

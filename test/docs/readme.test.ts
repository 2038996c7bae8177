import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyReferenceMarkdown } from '../../src/policy/reference.js';
import { REPO_ROOT } from '../helpers/paths.js';

const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('starts with the two quick-start commands that CI runs', () => {
    const quick = readme.slice(readme.indexOf('## Quick start'));
    expect(quick).toMatch(/npm ci && npm run demo/);
    expect(quick).toMatch(/npm ci && npm test/);
    const ci = readFileSync(path.join(REPO_ROOT, '.ci/run'), 'utf8');
    expect(ci).toMatch(/^npm ci && npm test$/m);
  });

  it('documents every policy key (generated block is current: run `npm run docs`)', () => {
    const start = readme.indexOf('<!-- policy-reference:start');
    const end = readme.indexOf('<!-- policy-reference:end -->');
    const block = readme.slice(readme.indexOf('\n', start) + 1, end).trim();
    expect(block).toBe(policyReferenceMarkdown().trim());
  });
});

/**
 * Texts judged under the shipped policy, as `dojo-guard scan-text --policy
 * policies/dojo-server.yaml` judges them (rules, learned scorer and the policy's tool names): the
 * preamble of the tests that assert what a user's guard does with a text.
 */
import path from 'node:path';
import { detectInjection } from '../../src/guards/injection/detect.js';
import { compilePolicyFileInjection } from '../../src/policy/injection-file.js';
import { REPO_ROOT } from '../helpers/paths.js';

export const shipped = compilePolicyFileInjection(
  path.join(REPO_ROOT, 'policies/dojo-server.yaml'),
);

/** The verdict and the rule that made it. */
export const judge = (text: string): { verdict: string; ruleId?: string } => {
  const r = detectInjection(shipped, text);
  return { verdict: r.verdict, ruleId: r.ruleId };
};

export const verdict = (text: string): string => judge(text).verdict;

/**
 * The rule that blocks a text under the built-in rules with the learned scorer off, or undefined:
 * what the rule-shape tests assert (the model's verdicts are test/injection/ml.test.ts's).
 */
import { compileRules } from '../../src/guards/injection/compile.js';
import { scanWith } from '../../src/guards/injection/scan.js';

const rules = compileRules({ ml: { enabled: false } });

export const ruleOf = (text: string): string | undefined => scanWith(rules, text).ruleId;

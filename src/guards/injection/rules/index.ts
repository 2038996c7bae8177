/**
 * The built-in rule set: every family, as data. Rule ids are a public contract for policies
 * (`rule_modes`, `disabled_rules`) and audit records: never rename one.
 */
import { OVERRIDE_EN_RULES, OVERRIDE_SQUASHED_RULES } from './override.js';
import { OVERRIDE_PHRASES } from './multilingual.js';
import { AGENT_PHRASES, STATE_REQUEST_PHRASES, VOCATIVE_RULES } from './multilingual-agent.js';
import { AGENT_RULES } from './agent.js';
import { PLAIN_REQUEST_RULES } from './plain-requests.js';
import { TOOL_CALL_RULE_IDS } from './tool-rules.js';
import { AGENT_SIGNAL_RULES } from './agent-signals.js';
import { READER_TASK_RULES } from './reader-task.js';
import { REVIEWER_RULES } from './reviewer.js';
import { REVIEWER_INTL_RULES } from './reviewer-intl.js';
import { PERSONA_INTL_RULES, PERSONA_RULES } from './persona.js';
import { REQUEST_RULES, STRUCTURE_RULES } from './structure.js';
import { QUOTED_STATE_RULES } from './quoted-state.js';
import type { InjectionRule } from './types.js';

/** A rule given as literal phrases (matched on the normalised words view). */
export interface PhraseRule extends Omit<InjectionRule, 'pattern' | 'scope'> {
  phrases: readonly string[];
}

/** Requests to change findings, one phrase rule per language. */
const STATE_REQUEST_RULES: readonly PhraseRule[] = Object.entries(STATE_REQUEST_PHRASES).map(
  ([lang, phrases]): PhraseRule => ({
    id: `agent.${lang}.state_request`,
    family: 'agent',
    mode: 'enforce',
    phrases,
  }),
);
/** Their ids (scan.ts `COLLEAGUE_REQUESTS`: asked of a colleague, they are that colleague's). */
export const STATE_REQUEST_RULE_IDS: readonly string[] = STATE_REQUEST_RULES.map((r) => r.id);

/** Built-in multilingual phrase rules, one per language. */
export const BUILTIN_PHRASE_RULES: readonly PhraseRule[] = [
  ...Object.entries(OVERRIDE_PHRASES).map(([lang, phrases]): PhraseRule => ({
    id: `override.${lang}.phrases`,
    family: 'override',
    mode: 'enforce',
    phrases,
  })),
  ...Object.entries(AGENT_PHRASES).map(([lang, phrases]): PhraseRule => ({
    id: `agent.${lang}.phrases`,
    family: 'agent',
    mode: 'enforce',
    phrases,
  })),
  ...STATE_REQUEST_RULES,
];

/** Built-in pattern rules (RE2 syntax). */
export const BUILTIN_RULES: readonly InjectionRule[] = [
  ...OVERRIDE_EN_RULES,
  ...OVERRIDE_SQUASHED_RULES,
  ...STRUCTURE_RULES,
  ...REQUEST_RULES,
  ...[
    ...AGENT_RULES,
    ...VOCATIVE_RULES,
    ...READER_TASK_RULES,
    ...REVIEWER_RULES,
    ...REVIEWER_INTL_RULES,
    ...PERSONA_RULES,
    ...PERSONA_INTL_RULES,
    ...AGENT_SIGNAL_RULES,
    ...QUOTED_STATE_RULES,
    // last: where an older rule names the same request, its id is the one reported
    ...PLAIN_REQUEST_RULES,
  ].map(withRot13),
];

/**
 * The English agent-directed rules also match ROT13 text ("Nffvfgnag, pybfr guvf"): a record asking
 * its AI reader to decode it is an attack whatever it asks. Only anchored rules: they are indexed
 * under their encoded anchors (compile.ts), so plain text pays nothing for them.
 */
function withRot13(r: InjectionRule): InjectionRule {
  return r.anchors && !r.nonAscii ? { ...r, rot13: true } : r;
}

/** Every built-in rule id (pattern, phrase and synthetic), for validating policy references. */
export function builtinRuleIds(): Set<string> {
  return new Set([
    ...BUILTIN_RULES.map((r) => r.id),
    ...BUILTIN_PHRASE_RULES.map((r) => r.id),
    'persona.weak_signals',
    'agent.weak_signals',
    'ml.v1',
    ...TOOL_CALL_RULE_IDS,
  ]);
}

/**
 * Pre-images of finding mutations (what `dojo-guard undo` reverses): for each target, the fields
 * the call changes with their values before (from the fact lookup) and the values it sets. The
 * entries travel in the decision record (`journal`), masked like arguments and hashed into the
 * chain. Tools are those of the bundled server (src/dojo/tools/); an unknown mutating tool still
 * gets an entry (its argument fields' prior values) but undo only reports it.
 */
import type { FindingFacts } from './facts.js';
import type { JournalEntry } from '../../core/recorder.js';
import { normalizeArgName } from '../read-tracking/ids.js';

export type { JournalEntry };

/** Closure state restored by undoing a close (and read back to check a reopen). */
export const CLOSURE_FIELDS = [
  'active',
  'is_mitigated',
  'false_p',
  'out_of_scope',
  'duplicate',
  'risk_accepted',
  'verified',
  'under_review',
] as const;

const lowerTags = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.filter((t): t is string => typeof t === 'string').map((t) => t.toLowerCase())
    : [];

/**
 * @example journalEntry('update_finding', { finding_id: 7, severity: 'Info' }, facts, ['finding_id'])
 */
export function journalEntry(
  tool: string,
  args: Readonly<Record<string, unknown>>,
  facts: FindingFacts,
  /** Target argument names, normalized (src/guards/read-tracking/ids.ts normalizeArgName). */
  targetArgs: ReadonlySet<string>,
): JournalEntry {
  const o = facts.object;
  const closure = (): Record<string, unknown> =>
    Object.fromEntries(CLOSURE_FIELDS.map((k) => [k, o[k]]));
  switch (tool) {
    case 'close_finding':
      return { finding: facts.id, tool, before: closure(), after: { active: false } };
    case 'reopen_finding':
      return { finding: facts.id, tool, before: closure(), after: { active: true } };
    case 'add_finding_tags':
    case 'remove_finding_tags':
      return {
        finding: facts.id,
        tool,
        before: { tags: [...facts.tags] },
        after: { tags: lowerTags(args.tags) },
      };
    default: {
      const fields = Object.keys(args).filter((k) => !targetArgs.has(normalizeArgName(k)));
      return {
        finding: facts.id,
        tool,
        before: Object.fromEntries(fields.map((k) => [k, o[k] ?? null])),
        after: Object.fromEntries(fields.map((k) => [k, args[k]])),
      };
    }
  }
}

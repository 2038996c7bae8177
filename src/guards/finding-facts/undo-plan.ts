/**
 * Inverse changes of journaled finding mutations (`dojo-guard undo`, src/cli/undo.ts). Pure: given
 * a journal entry and the finding as it is now, the calls that restore the prior state, or why
 * there are none. Notes and imports are reported, never undone; a field the audit masked (it
 * looked like a secret, or was cut) cannot be restored and is reported.
 */
import { MASK } from '../content/mask.js';
import type { JournalEntry } from './journal.js';

export interface UndoCall {
  tool: string;
  arguments: Record<string, unknown>;
}

export type UndoStep =
  | { kind: 'calls'; calls: UndoCall[]; summary: string }
  | { kind: 'changed'; reason: string }
  | { kind: 'none'; reason: string };

/** Fields update_finding accepts (src/dojo/tools/finding-write.ts `updatable`). */
const UPDATABLE = new Set([
  'title',
  'severity',
  'description',
  'mitigation',
  'impact',
  'steps_to_reproduce',
  'severity_justification',
  'references',
  'cwe',
  'cvssv3',
  'component_name',
  'component_version',
  'file_path',
  'line',
  'verified',
  'under_review',
  'planned_remediation_date',
]);

const masked = (v: unknown): boolean =>
  v === MASK || (typeof v === 'string' && /…\[\d+ chars\]$/.test(v));

/** DefectDojo title-cases titles on save: compare them case-insensitively. */
function same(field: string, a: unknown, b: unknown): boolean {
  if (field === 'title' && typeof a === 'string' && typeof b === 'string')
    return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

const tagsOf = (o: Record<string, unknown>): string[] =>
  Array.isArray(o.tags) ? o.tags.map((t) => String(t).toLowerCase()) : [];

/** Why `now` no longer shows what the mutation set, or undefined when it still does. */
function changedSince(e: JournalEntry, now: Record<string, unknown>): string | undefined {
  const after = e.after;
  if (e.tool === 'add_finding_tags' || e.tool === 'remove_finding_tags') {
    const tags = new Set(tagsOf(now));
    const before = new Set((e.before.tags as string[] | undefined) ?? []);
    const touched = ((after.tags as string[] | undefined) ?? []).filter((t) =>
      e.tool === 'add_finding_tags' ? !before.has(t) : before.has(t),
    );
    const wrong = touched.filter((t) => tags.has(t) !== (e.tool === 'add_finding_tags'));
    return wrong.length ? `tag(s) ${wrong.join(', ')} changed since` : undefined;
  }
  for (const [k, v] of Object.entries(after)) {
    if (masked(v)) continue;
    if (!same(k, now[k], v))
      return `${k} is ${JSON.stringify(now[k])} now, the change set ${JSON.stringify(v)}`;
  }
  return undefined;
}

function closeReason(before: Record<string, unknown>): string {
  if (before.false_p === true) return 'false_positive';
  if (before.out_of_scope === true) return 'out_of_scope';
  if (before.duplicate === true) return 'duplicate';
  if (before.risk_accepted === true) return 'risk_accepted';
  return 'mitigated';
}

/**
 * The inverse of one journal entry against the finding's current object. `force` skips the
 * changed-since check.
 * @example planUndo(entry, currentFinding, false) // { kind: 'calls', calls: [{ tool: 'reopen_finding', ... }] }
 */
export function planUndo(e: JournalEntry, now: Record<string, unknown>, force: boolean): UndoStep {
  const id = e.finding;
  if (e.tool === 'add_finding_note')
    return { kind: 'none', reason: 'notes are not removed (report only)' };
  if (!force) {
    const why = changedSince(e, now);
    if (why) return { kind: 'changed', reason: why };
  }
  const b = e.before;
  switch (e.tool) {
    case 'close_finding': {
      if (b.active !== true) return { kind: 'none', reason: 'it was already closed before' };
      const calls: UndoCall[] = [{ tool: 'reopen_finding', arguments: { finding_id: id } }];
      const fix = Object.fromEntries(
        (['verified', 'under_review'] as const)
          .filter((k) => typeof b[k] === 'boolean' && b[k] !== now[k])
          .map((k) => [k, b[k]]),
      );
      if (Object.keys(fix).length)
        calls.push({ tool: 'update_finding', arguments: { finding_id: id, ...fix } });
      return { kind: 'calls', calls, summary: 'reopen (closed by the change)' };
    }
    case 'reopen_finding': {
      if (b.active !== false) return { kind: 'none', reason: 'it was already open before' };
      const reason = closeReason(b);
      return {
        kind: 'calls',
        calls: [{ tool: 'close_finding', arguments: { finding_id: id, reason } }],
        summary: `close again as ${reason}`,
      };
    }
    case 'add_finding_tags':
    case 'remove_finding_tags': {
      const before = new Set((b.tags as string[] | undefined) ?? []);
      const asked = (e.after.tags as string[] | undefined) ?? [];
      const added = e.tool === 'add_finding_tags';
      const tags = asked.filter((t) => (added ? !before.has(t) : before.has(t)));
      if (!tags.length) return { kind: 'none', reason: 'the change left the tags as they were' };
      const tool = added ? 'remove_finding_tags' : 'add_finding_tags';
      return {
        kind: 'calls',
        calls: [{ tool, arguments: { finding_id: id, tags } }],
        summary: `${added ? 'remove' : 're-add'} tag(s) ${tags.join(', ')}`,
      };
    }
    case 'update_finding': {
      const restore: Record<string, unknown> = {};
      const lost: string[] = [];
      for (const [k, v] of Object.entries(b)) {
        if (!UPDATABLE.has(k)) continue;
        if (masked(v)) lost.push(k);
        else if (!same(k, now[k], v)) restore[k] = v ?? '';
      }
      if (lost.length && !Object.keys(restore).length)
        return {
          kind: 'none',
          reason: `prior value of ${lost.join(', ')} was masked in the audit`,
        };
      if (!Object.keys(restore).length) return { kind: 'none', reason: 'already as before' };
      const note = lost.length ? ` (not ${lost.join(', ')}: masked in the audit)` : '';
      return {
        kind: 'calls',
        calls: [{ tool: 'update_finding', arguments: { finding_id: id, ...restore } }],
        summary: `restore ${Object.keys(restore).join(', ')}${note}`,
      };
    }
    default:
      return { kind: 'none', reason: `${e.tool} is reported, not undone` };
  }
}

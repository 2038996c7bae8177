/**
 * Compares two outcomes per recorded request and groups what changed by rule, principal and
 * tool, with counts and a few examples each: what a reviewer needs to judge a policy change.
 */
import type { Outcome } from './engine.js';
import type { RecordedRequest } from './trail.js';

export type ChangeKind = 'newly_denied' | 'newly_allowed' | 'denial_changed';

export interface Change {
  kind: ChangeKind;
  seq: number;
  decisionId: string;
  time: string;
  principal: string;
  tool: string;
  before: Outcome;
  after: Outcome;
  /** The record's arguments were partly masked: a content guard's verdict may differ. */
  masked: boolean;
}

export interface Group {
  key: string;
  count: number;
}

export interface ChangeSummary {
  count: number;
  byRule: Group[];
  byPrincipal: Group[];
  byTool: Group[];
  examples: Change[];
}

export interface ReplayReport {
  replayed: number;
  baseline: string;
  candidate: string;
  changes: Record<ChangeKind, ChangeSummary>;
  /** Changed decisions of records whose arguments were masked (content verdicts uncertain). */
  uncertain: number;
  /**
   * Recorded denials by guards replay does not re-run (`guard: code`), and records it could not
   * re-decide at all (`not re-decided: why`).
   */
  notReplayed: Group[];
  /** Records whose authentication is not replayable (JWT, env token, client certificate). */
  authnAsRecorded: number;
  budget: number;
  overBudget: boolean;
}

const EXAMPLES = 3;

export function describeOutcome(o: Outcome): string {
  return o.allow ? 'allow' : `deny ${o.code}${o.ruleId ? ` (${o.ruleId})` : ''}`;
}

function same(a: Outcome, b: Outcome): boolean {
  if (a.allow || b.allow) return a.allow === b.allow;
  return a.code === b.code && a.ruleId === b.ruleId;
}

/** The change between `before` and `after`, or undefined when the decision is the same. */
export function changeOf(
  rec: RecordedRequest,
  before: Outcome,
  after: Outcome,
): Change | undefined {
  if (same(before, after)) return undefined;
  const kind: ChangeKind = before.allow
    ? 'newly_denied'
    : after.allow
      ? 'newly_allowed'
      : 'denial_changed';
  return {
    kind,
    seq: rec.seq,
    decisionId: rec.decisionId,
    time: rec.time,
    principal: rec.principal.id,
    tool: rec.tool ?? rec.method,
    before,
    after,
    masked: rec.masked.length > 0,
  };
}

function grouped<T>(items: readonly T[], keyOf: (t: T) => string): Group[] {
  const m = new Map<string, number>();
  for (const t of items) m.set(keyOf(t), (m.get(keyOf(t)) ?? 0) + 1);
  return [...m].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
}

/** The rule that explains a change: the new denial's rule, else the lifted one's. */
function ruleOf(c: Change): string {
  const o = !c.after.allow ? c.after : c.before;
  return o.allow ? 'none' : `${o.guard}: ${o.ruleId ?? o.code}`;
}

export function summarize(changes: Change[]): ChangeSummary {
  return {
    count: changes.length,
    byRule: grouped(changes, ruleOf),
    byPrincipal: grouped(changes, (c) => c.principal),
    byTool: grouped(changes, (c) => c.tool),
    examples: changes.slice(0, EXAMPLES),
  };
}

/** Counts of equal strings, most frequent first. */
export function groupCounts(keys: readonly string[]): Group[] {
  return grouped(keys, (k) => k);
}

const TITLES: Record<ChangeKind, string> = {
  newly_denied: 'Newly denied',
  newly_allowed: 'Newly allowed',
  denial_changed: 'Denied for another reason',
};

/** The human-readable report. */
export function renderReport(r: ReplayReport): string {
  const out: string[] = [
    `Replayed ${r.replayed} recorded request decisions (audit chain verified).`,
    `Baseline:  ${r.baseline}`,
    `Candidate: ${r.candidate}`,
    '',
  ];
  for (const kind of ['newly_denied', 'newly_allowed', 'denial_changed'] as const) {
    const s = r.changes[kind];
    out.push(`${TITLES[kind]}: ${s.count}`);
    if (s.count === 0) continue;
    const list = (title: string, g: Group[]): void => {
      out.push(`  by ${title}:`);
      for (const x of g) out.push(`    ${String(x.count).padStart(5)}  ${x.key}`);
    };
    list('rule', s.byRule);
    list('principal', s.byPrincipal);
    list('tool', s.byTool);
    out.push('  examples:');
    for (const c of s.examples) {
      out.push(
        `    seq ${c.seq} ${c.time} ${c.principal} ${c.tool}: ${describeOutcome(c.before)} → ` +
          `${describeOutcome(c.after)}${c.masked ? ' [arguments partly masked]' : ''} ` +
          `(decision ${c.decisionId})`,
      );
    }
  }
  out.push('');
  if (r.uncertain > 0) {
    out.push(
      `Uncertain: ${r.uncertain} changed decision(s) come from records with masked arguments.`,
    );
  }
  out.push(
    `Not replayed (stateful or upstream-dependent guards): ${
      r.notReplayed.length === 0
        ? 'no recorded denials'
        : r.notReplayed.map((g) => `${g.key} ×${g.count}`).join(', ')
    }`,
  );
  if (r.authnAsRecorded > 0) {
    out.push(
      `Authentication as recorded (JWT, env token or certificate; not replayable): ` +
        `${r.authnAsRecorded} request(s)`,
    );
  }
  out.push(
    `Budget: ${r.changes.newly_denied.count} newly denied, budget ${r.budget}: ` +
      (r.overBudget ? 'EXCEEDED' : 'ok'),
  );
  return out.join('\n') + '\n';
}

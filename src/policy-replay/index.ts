/**
 * `policy replay`: re-decide a verified audit trail's request decisions under a candidate
 * policy and report what would change (src/policy-replay/README.md).
 */
import type { AuditKey } from '../audit/chain.js';
import { ReplayEngine, recordedOutcome, statefulDenial } from './engine.js';
import { changeOf, groupCounts, summarize, type Change, type ReplayReport } from './report.js';
import { readVerifiedTrail, unreplayable } from './trail.js';

export { ReplayRefused } from './trail.js';
export { renderReport, type ReplayReport } from './report.js';

export interface ReplayOptions {
  audit: string[];
  keys: AuditKey[];
  candidate: string[];
  /** Baseline policy; absent: the decisions as recorded. */
  against?: string[];
  /** Newly denied calls tolerated before `overBudget`. */
  budget: number;
}

/**
 * Verifies the trail, replays it and builds the report. Throws ReplayRefused on a trail that
 * does not verify.
 * @example const r = await replayPolicy({ audit: ['a.jsonl'], keys, candidate: ['c.yaml'], budget: 0 });
 */
export async function replayPolicy(opts: ReplayOptions): Promise<ReplayReport> {
  const { requests } = readVerifiedTrail(opts.audit, opts.keys);
  const candidate = await ReplayEngine.load(opts.candidate, requests);
  const against = opts.against && (await ReplayEngine.load(opts.against, requests));
  const changes: Change[] = [];
  const notReplayed: string[] = [];
  let authnAsRecorded = 0;
  let replayed = 0;
  for (const rec of requests) {
    const skip = unreplayable(rec);
    if (skip) {
      notReplayed.push(`not re-decided: ${skip}`);
      continue;
    }
    replayed++;
    const stateful = statefulDenial(rec);
    if (stateful) notReplayed.push(`${stateful.guard}: ${stateful.code}`);
    const m = rec.principal.authMethod;
    if (m !== 'static_token' && m !== 'anonymous') authnAsRecorded++;
    const before = against ? await against.decide(rec) : recordedOutcome(rec);
    const c = changeOf(rec, before, await candidate.decide(rec));
    if (c) changes.push(c);
  }
  const of = (k: Change['kind']) => summarize(changes.filter((c) => c.kind === k));
  const newlyDenied = changes.filter((c) => c.kind === 'newly_denied').length;
  const name = (e: ReplayEngine) => `${e.files.join(', ')} (revision ${e.revision.slice(0, 12)})`;
  return {
    replayed,
    baseline: against ? name(against) : 'the decisions as recorded',
    candidate: name(candidate),
    changes: {
      newly_denied: of('newly_denied'),
      newly_allowed: of('newly_allowed'),
      denial_changed: of('denial_changed'),
    },
    uncertain: changes.filter((c) => c.masked).length,
    notReplayed: groupCounts(notReplayed),
    authnAsRecorded,
    budget: opts.budget,
    overBudget: newlyDenied > opts.budget,
  };
}

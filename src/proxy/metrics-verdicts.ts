/**
 * Per-guard metrics: verdicts by guard, phase, outcome, mode and code; time spent in each guard;
 * injection-filter hits by rule. Counted on the hot path into plain numbers and handed to
 * prom-client when /metrics is scraped (`collect`), because a request yields ~15-30 verdicts and
 * prom-client's `inc` hashes and validates the label set on every call (~0.7 µs each here);
 * a tally is three Map lookups (`npm run bench:micro`, "decision metrics" row).
 *
 * Label values stay bounded: `guard` is a registered guard's static name (or `pipeline` /
 * `transport`), `code` is a denial-table key (else `other`), `rule` is an injection rule id of
 * the compiled rule set (built-in or policy-defined, never client text), capped at
 * MAX_RULE_LABELS distinct values as a second line of defence.
 */
import { DENIALS } from '../core/denials.js';
import type { VerdictRecord } from '../core/guard.js';
import { counter } from '../shared/metrics.js';

/** Distinct `rule` label values kept before further ones are counted as `other`. */
const MAX_RULE_LABELS = 256;

/** The guard whose deny verdicts and shadow annotations name injection rules. */
const INJECTION_GUARD = 'injection-filter';

/** `code` label of a verdict: a denial-table key, `other`, or `none` (no code). */
export function codeLabel(code: string | undefined): string {
  if (code === undefined) return 'none';
  return Object.hasOwn(DENIALS, code) ? code : 'other';
}

interface Cell<L> {
  labels: L;
  pending: number;
}

type VerdictLabels = { guard: string; phase: string; outcome: string; mode: string; code: string };
type GuardLabels = { guard: string; phase: string };
type RuleLabels = { rule: string; mode: string };
type Phase = VerdictRecord['phase'];

/** One guard's cells: verdicts by (phase, outcome, mode) then code, and time per phase. */
interface GuardCells {
  verdicts: Map<string, Map<string, Cell<VerdictLabels>>>;
  seconds: Partial<Record<Phase, Cell<GuardLabels>>>;
}

// Keys are looked up, never built, per verdict: these strings are made once (their hash is cached).
const COMBO = Object.fromEntries(
  (['request', 'response'] as const).map((p) => [
    p,
    Object.fromEntries(
      (['continue', 'rewrite', 'deny'] as const).map((o) => [
        o,
        { enforce: `${p}/${o}/enforce`, shadow: `${p}/${o}/shadow` },
      ]),
    ),
  ]),
) as Record<Phase, Record<VerdictRecord['outcome'], Record<VerdictRecord['mode'], string>>>;

const guards = new Map<string, GuardCells>();
const rules = new Map<string, Cell<RuleLabels>>();

/** Moves pending increments into `inc` (a prom-client counter's) and zeroes them. */
function flush<L>(cells: Iterable<Cell<L>>, inc: (labels: L, n: number) => void): void {
  for (const cell of cells) {
    if (cell.pending === 0) continue;
    inc(cell.labels, cell.pending);
    cell.pending = 0;
  }
}

function* verdictCells(): Generator<Cell<VerdictLabels>> {
  for (const g of guards.values()) for (const byCode of g.verdicts.values()) yield* byCode.values();
}

function* secondsCells(): Generator<Cell<GuardLabels>> {
  for (const g of guards.values()) {
    if (g.seconds.request) yield g.seconds.request;
    if (g.seconds.response) yield g.seconds.response;
  }
}

/** Every verdict of every guard, shadow and `continue` included. */
export const guardVerdictsTotal = counter({
  name: 'dojo_guard_guard_verdicts_total',
  help: 'Guard verdicts by guard, phase, outcome (continue, rewrite, deny), mode and denial code',
  labelNames: ['guard', 'phase', 'outcome', 'mode', 'code'] as const,
  collect() {
    flush(verdictCells(), (l, n) => this.inc(l, n));
  },
});

/** Time spent in each guard; divided by the verdict count it gives the mean per call. */
export const guardSecondsTotal = counter({
  name: 'dojo_guard_guard_seconds_total',
  help: 'Time spent in each guard, by phase (divide by dojo_guard_guard_verdicts_total for the mean)',
  labelNames: ['guard', 'phase'] as const,
  collect() {
    flush(secondsCells(), (l, n) => this.inc(l, n));
  },
});

/** Injection-filter hits by rule id: enforced denials and shadow hits (`mode`). */
export const injectionHitsTotal = counter({
  name: 'dojo_guard_injection_hits_total',
  help: 'Injection filter rule hits by rule id and mode (enforce: refused; shadow: audited only)',
  labelNames: ['rule', 'mode'] as const,
  collect() {
    flush(rules.values(), (l, n) => this.inc(l, n));
  },
});

function countRule(ruleId: unknown, mode: 'enforce' | 'shadow'): void {
  if (typeof ruleId !== 'string') return;
  const key = `${mode}/${ruleId}`;
  let cell = rules.get(key);
  if (!cell) {
    const rule = rules.size < MAX_RULE_LABELS ? ruleId : 'other';
    cell = rules.get(`${mode}/${rule}`) ?? { labels: { rule, mode }, pending: 0 };
    rules.set(`${mode}/${rule}`, cell);
  }
  cell.pending++;
}

/** Injection rules a verdict names: the denying rule, and shadow hits from its annotations. */
function countInjectionRules(v: VerdictRecord): void {
  if (v.outcome === 'deny') countRule(v.ruleId, v.mode);
  const shadow = v.annotations?.['injectionShadowHits'];
  if (!Array.isArray(shadow)) return;
  for (const hit of shadow as { ruleId?: unknown }[]) countRule(hit?.ruleId, 'shadow');
}

function cellsOf(guard: string): GuardCells {
  let g = guards.get(guard);
  if (!g) guards.set(guard, (g = { verdicts: new Map(), seconds: {} }));
  return g;
}

/** Tallies the verdicts of one finished decision (both phases). */
export function observeVerdicts(verdicts: readonly VerdictRecord[]): void {
  for (const v of verdicts) {
    const { guard, phase, outcome, mode } = v;
    const g = cellsOf(guard);
    const combo = COMBO[phase][outcome][mode];
    let byCode = g.verdicts.get(combo);
    if (!byCode) g.verdicts.set(combo, (byCode = new Map()));
    const code = codeLabel(v.code);
    let cell = byCode.get(code);
    if (!cell)
      byCode.set(code, (cell = { labels: { guard, phase, outcome, mode, code }, pending: 0 }));
    cell.pending++;
    if (v.durationUs > 0) {
      const s = (g.seconds[phase] ??= { labels: { guard, phase }, pending: 0 });
      s.pending += v.durationUs / 1e6;
    }
    if (guard === INJECTION_GUARD) countInjectionRules(v);
  }
}

/**
 * The facts a rule condition sees (names in src/guards/rbac/schema.ts FACT_NAMES): the finding's
 * state before the change, plus `severity_lowered` / `severity_raised` comparing the call's
 * `severity` argument with the current severity.
 */
import type { FactView } from '../rbac/conditions.js';
import { SEVERITY_RANK, type FindingFacts } from './facts.js';

/** Rank of a requested severity: exact DefectDojo case first, then case/width-insensitive. */
function rankOf(v: unknown): number | undefined {
  if (typeof v !== 'string') return undefined;
  const exact = SEVERITY_RANK[v];
  if (exact !== undefined) return exact;
  const folded = v.normalize('NFKC').trim().toLowerCase();
  const key = Object.keys(SEVERITY_RANK).find((k) => k.toLowerCase() === folded);
  return key === undefined ? undefined : SEVERITY_RANK[key];
}

/**
 * @example factView(facts, { severity: 'Info' }).severity_lowered // true for a Critical finding
 */
export function factView(
  facts: Omit<FindingFacts, 'object' | 'id'>,
  args: Readonly<Record<string, unknown>> | undefined,
): FactView {
  const current = SEVERITY_RANK[facts.severity];
  const requested =
    args && Object.prototype.hasOwnProperty.call(args, 'severity') ? args.severity : undefined;
  const want = requested === undefined ? undefined : rankOf(requested);
  // An unrecognised requested severity counts as a lowering: a rule on downgrades must not be
  // dodged by a spelling the upstream might still accept.
  const lowered =
    requested !== undefined && (want === undefined || current === undefined || want < current);
  const raised =
    requested !== undefined && want !== undefined && current !== undefined ? want > current : false;
  return {
    severity: facts.severity,
    active: facts.active,
    verified: facts.verified,
    risk_accepted: facts.risk_accepted,
    is_mitigated: facts.is_mitigated,
    false_p: facts.false_p,
    out_of_scope: facts.out_of_scope,
    duplicate: facts.duplicate,
    under_review: facts.under_review,
    tags: facts.tags,
    product: facts.product,
    product_type: facts.product_type,
    engagement: facts.engagement,
    test: facts.test,
    severity_lowered: lowered,
    severity_raised: raised,
  };
}

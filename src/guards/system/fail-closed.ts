/**
 * `fail-closed` system guard: a mutation is refused while the audit trail cannot take its records
 * (`audit_unavailable`) or the state store is down (`state_unavailable`): a change to DefectDojo
 * must never happen unrecorded, or without the read-tracking and rate-limit state it depends on.
 */
import { CONTINUE, type RequestContext, type Verdict } from '../../core/guard.js';
import type { SystemGuard, TransportFacts } from './system-guard.js';

export const failClosedGuard: SystemGuard = {
  name: 'fail-closed',
  onRequest(_ctx: RequestContext, t: TransportFacts): Verdict {
    if (!t.mutation) return CONTINUE;
    if (!t.auditAccepting()) {
      return {
        kind: 'deny',
        code: 'audit_unavailable',
        reason: 'recorder not accepting mutations',
      };
    }
    if (!t.storeHealthy()) {
      return { kind: 'deny', code: 'state_unavailable', reason: 'state store unhealthy' };
    }
    return CONTINUE;
  },
};

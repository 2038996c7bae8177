/**
 * System guards: the decisions the proxy takes for its own invariants rather than from a policy
 * section (the audit trail must take a mutation, the client may not write the proxy's `_meta`
 * namespace, `Mcp-Param-*` headers must mirror the body). They run first in the request chain
 * (src/proxy/pipeline.ts) and produce verdicts like any guard: a denial code from the denial
 * table, a record in the decision, a per-guard metric. They are always enforced — a policy-wide
 * `mode: shadow` cannot turn off fail-closed auditing or protocol integrity.
 */
import type { RequestContext, Verdict } from '../../core/guard.js';

/** What a system guard may read besides the message: transport facts, never policy sections. */
export interface TransportFacts {
  /** The client's HTTP request headers (lower-cased names, as node gives them). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Is this a call of a mutating tool (computed once, src/proxy/pipeline.ts isMutatingCall)? */
  mutation: boolean;
  /** Can the audit trail take a mutation's records right now? */
  auditAccepting: () => boolean;
  /** Is the state store healthy? */
  storeHealthy: () => boolean;
}

export interface SystemGuard {
  readonly name: string;
  onRequest(ctx: RequestContext, t: TransportFacts): Verdict;
}

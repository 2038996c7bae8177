/**
 * System guards: the decisions the proxy takes for its own invariants rather than from a policy
 * section (the audit trail must take a mutation, the client may not write the proxy's `_meta`
 * namespace, `Mcp-Param-*` headers must mirror the body). They run first in the request chain
 * (src/proxy/pipeline.ts) and produce verdicts like any guard: a denial code from the denial
 * table, a record in the decision, a per-guard metric. They are always enforced — a policy-wide
 * `mode: shadow` cannot turn off fail-closed auditing or protocol integrity.
 */
import type { RequestContext, Verdict } from '../../core/guard.js';
import type { ClassifiedRequest } from '../../core/jsonrpc.js';
import type { Principal } from '../../core/principal.js';

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

/**
 * The transport caps a client exchange is judged against (`server.caps`, defaults applied by the
 * proxy, src/policy/compile-server-limits.ts).
 */
export interface TransportCaps {
  maxGetStreamsPerPrincipal: number;
  maxGetStreams: number;
  maxSseStreamsPerPrincipal: number;
  clientNotificationsPerMinute: number;
}

/**
 * The proxy's stream and notification counters as one exchange sees them (the mechanism lives in
 * src/proxy/runtime-limits.ts, like the store behind src/core/store.ts). A guard reads a count and
 * takes a slot in the same synchronous step, so concurrent exchanges cannot all pass one check.
 */
export interface AdmissionPort {
  /**
   * Open GET streams of this principal and of the process, and this principal's streams counted
   * against the SSE cap (GET streams plus requests in flight).
   */
  streams(): { principalGets: number; totalGets: number; principalSse: number };
  /** Holds a slot until the exchange's response closes: a GET stream, or a request (SSE cap). */
  hold(kind: 'get' | 'request'): void;
  /** Counts one client notification in the sender's one-minute window; the count so far. */
  countNotification(): number;
}

/** What an admission guard judges: the parsed client message (none for a GET stream). */
export interface Admission {
  principal: Principal;
  message: ClassifiedRequest | undefined;
  caps: TransportCaps;
  port: AdmissionPort;
}

/** An admission guard admits or refuses; it never rewrites (the message is not judged yet). */
export type AdmissionVerdict = Extract<Verdict, { kind: 'continue' | 'deny' }>;

/**
 * A system guard that admits a client exchange before the request chain: it holds resources
 * (stream slots) or sheds load (notification floods), so it runs once per HTTP exchange, GET
 * streams included, before a decision record exists. Its denial is recorded as a transport
 * refusal (src/proxy/pipeline.ts runAdmission), or only counted when `audited` is false.
 */
export interface AdmissionGuard {
  readonly name: string;
  /**
   * False: a denial of a notification or client response (messages that get no answer) is
   * counted in the metrics, never written to the audit trail; any other denial is recorded.
   */
  readonly audited: boolean;
  admit(a: Admission): AdmissionVerdict;
}

/**
 * AuditEventV1: the versioned wire type of one audit record (STYLE.md §6). Flat, so SIEM queries
 * stay simple. Every record is chained (chain.ts): `seq`, `keyId`, `prevMac`, `mac`.
 *
 * `replay: true` is a transport annotation added when a sink re-sends a record it may already
 * have delivered; it is not covered by the MAC (the verifier ignores it and drops such duplicates).
 */
import type { GuardMode } from '../core/guard.js';

/**
 * Version written into `v`. 2: mutation decision records carry the top-level
 * `findings_read_before_mutation: number[]` (the peer server's field name, so SIEM rules written
 * for it keep working) and the target detail as `mutationTargets`; version 1 records had both
 * inside `findingsReadBeforeMutation`. Readers (audit verify) accept every version listed in
 * `AUDIT_EVENT_VERSIONS`; a file may hold both after an upgrade.
 */
export const AUDIT_EVENT_VERSION = 2;

/** Record versions a reader understands. */
export const AUDIT_EVENT_VERSIONS: readonly number[] = [1, 2];

export type AuditKind =
  'decision' | 'intent' | 'lifecycle' | 'checkpoint' | 'key_rotation' | 'gap' | 'file_reopened';

/** Fields the chain adds to every record. */
export interface ChainFields {
  v: number;
  seq: number;
  time: string;
  keyId: string;
  prevMac: string;
  mac: string;
  replay?: true;
}

export interface VerdictV1 {
  guard: string;
  phase: 'request' | 'response';
  outcome: string;
  mode: GuardMode;
  code?: string;
  ruleId?: string;
  note?: string;
  /** Microseconds the guard took; absent when 0 (compact records, since 2026-11). */
  durationUs?: number;
}

export interface DecisionBodyV1 {
  kind: 'decision';
  decisionId: string;
  requestId: string;
  rpcId?: string | number;
  sessionId?: string;
  /** W3C trace id of the request (present when tracing is on): leads to the trace and back. */
  traceId?: string;
  /** Established by the proxy's own authentication. */
  principal?: { id: string; role: string; authMethod: string; attributes?: Record<string, string> };
  /** Client-claimed facts, never trusted (user agent, clientInfo, forwarded-for...). */
  untrusted?: Record<string, string>;
  method?: string;
  tool?: string;
  /** Digest of the raw arguments' canonical JSON: proves what was sent without storing it. */
  argumentsDigest?: string;
  arguments?: Record<string, unknown>;
  /** JSON paths whose values were replaced in `arguments`. */
  masked?: string[];
  verdicts: VerdictV1[];
  outcome: 'allowed' | 'denied' | 'error';
  code?: string;
  upstreamStatus?: number;
  latencyMs: number;
  mutation: boolean;
  policyRevision: string;
  /**
   * On every mutation (v2): finding ids the caller had read before it (in the read-tracking
   * scope), most recent first, at most 500. Empty when nothing was read.
   */
  findings_read_before_mutation?: number[];
  /** On every mutation (v2): the findings the call names, and which of them were read. */
  mutationTargets?: { targetIds: number[]; targetsRead: number[] };
  /** On a mutation's outcome: seq of its write-ahead `intent` record (same decisionId). */
  intentSeq?: number;
}

/**
 * Write-ahead record of an allowed mutation: sealed and written to the file sink before the call
 * is forwarded (src/proxy/write-ahead.ts), so no mutation runs without a record in the trail. The
 * outcome is the later `decision` record with the same decisionId and `intentSeq` = this seq; an
 * intent without one means the proxy stopped while the call was in flight (it may have run).
 */
export interface IntentBodyV1 {
  kind: 'intent';
  decisionId: string;
  requestId: string;
  rpcId?: string | number;
  sessionId?: string;
  principal?: DecisionBodyV1['principal'];
  method: string;
  tool: string;
  /** Digest of the arguments' canonical JSON (the outcome record carries the same digest). */
  argumentsDigest?: string;
  /** The request chain's decision: only allowed mutations are written ahead. */
  decision: 'allowed';
  policyRevision: string;
}

export interface LifecycleBodyV1 {
  kind: 'lifecycle';
  type: string;
  severity: 'info' | 'warning' | 'critical';
  detail: Record<string, unknown>;
  policyRevision: string;
}

/** Periodic signed head: lets a verifier holding a later checkpoint detect tail truncation. */
export interface CheckpointBodyV1 {
  kind: 'checkpoint';
  headSeq: number;
  headMac: string;
}

export interface KeyRotationBodyV1 {
  kind: 'key_rotation';
  fromKeyId: string;
  toKeyId: string;
}

/** Written first after a restart that found a torn (partially written) last line. */
export interface GapBodyV1 {
  kind: 'gap';
  /** torn_tail: a partial last line; unclean_stop: the writer died without its `stop` record. */
  reason: 'torn_tail' | 'unclean_stop';
  afterSeq: number;
  tornBytes: number;
  /** SHA-256 of the torn line's bytes, so the verifier can match the gap to the line. */
  tornSha256: string;
}

export interface FileReopenedBodyV1 {
  kind: 'file_reopened';
  reason: 'sighup' | 'size_rotation' | 'start';
}

export type AuditBodyV1 =
  | DecisionBodyV1
  | IntentBodyV1
  | LifecycleBodyV1
  | CheckpointBodyV1
  | KeyRotationBodyV1
  | GapBodyV1
  | FileReopenedBodyV1;

/** One record as written: body + chain fields. */
export type AuditEventV1 = AuditBodyV1 & ChainFields;

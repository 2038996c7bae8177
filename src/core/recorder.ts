/**
 * The seam between the guard pipeline and the audit trail. The pipeline builds one
 * DecisionRecord per JSON-RPC request it decided on and calls `recordDecision`, which never waits
 * on I/O. The audit module turns it into a chained, masked AuditEventV1.
 */
import type { VerdictRecord } from './guard.js';
import type { Principal } from './principal.js';

/**
 * One finding a mutation changes: the prior (`before`) and new (`after`) values of the fields it
 * changes (src/guards/finding-facts/journal.ts builds them; `dojo-guard undo` reverses them).
 */
export interface JournalEntry {
  finding: number;
  tool: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

export interface DecisionRecord {
  decisionId: string;
  requestId: string;
  /** JSON-RPC id of the message, if it had one. */
  rpcId?: string | number;
  sessionId?: string;
  /** W3C trace id of the request when tracing is on (src/proxy/tracing.ts). */
  traceId?: string;
  principal?: Principal;
  /** Client-claimed facts (user agent, clientInfo, X-Forwarded-For...): untrusted, for context only. */
  claimed?: Record<string, string>;
  method?: string;
  tool?: string;
  /** `params.name` of prompts/get and `params.uri` of resources/*: what policy replay needs. */
  prompt?: string;
  resourceUri?: string;
  /** Raw arguments; the recorder digests and masks them before anything is written. */
  arguments?: Record<string, unknown>;
  verdicts: VerdictRecord[];
  outcome: 'allowed' | 'denied' | 'error';
  /** Denial code of the enforced deny, if any. */
  code?: string;
  upstreamStatus?: number;
  latencyMs: number;
  mutation: boolean;
  /** Filled by the read-tracking guard on mutations. */
  findingsReadBeforeMutation?: { readIds: number[]; targetIds: number[]; targetsRead: number[] };
  /** Finding mutations: prior and new values of what the call changes (src/guards/finding-facts/journal.ts). */
  journal?: readonly JournalEntry[];
  /** The mutation's write-ahead intent: its seq, and the arguments digest computed for it. */
  intent?: { seq: number; argumentsDigest?: string };
}

/** What a mutation's write-ahead `intent` record holds (see `AuditRecorder.recordIntent`). */
export interface IntentRecord {
  decisionId: string;
  requestId: string;
  rpcId?: string | number;
  sessionId?: string;
  principal?: Principal;
  method: string;
  tool: string;
  arguments?: Record<string, unknown>;
}

export interface LifecycleEvent {
  type:
    | 'start'
    | 'stop'
    | 'policy_loaded'
    | 'policy_reload_failed'
    | 'auth_failure'
    | 'sink_failure'
    | 'sink_recovered'
    | 'state_unavailable'
    | 'state_recovered'
    | 'denial_storm'
    | 'tripwire'
    | 'tool_definition_changed'
    | 'insecure_config'
    | 'injection_in_result'
    | 'finding_lookup'
    // src/guards/approval/events.ts
    | 'approval_requested'
    | 'approval_approved'
    | 'approval_rejected'
    | 'approval_expired'
    | 'approval_used'
    | 'approval_refused'
    // src/guards/approval/elicit.ts: the requester's own human, asked in the client
    | 'approval_confirmed_in_band'
    | 'approval_denied_in_band'
    // src/proxy/candidate.ts
    | 'candidate_differs'
    // src/guards/external/guard.ts
    | 'external_decision';
  severity: 'info' | 'warning' | 'critical';
  detail: Record<string, unknown>;
}

export interface AuditRecorder {
  /** Never waits on I/O; `onSealed` runs once the record is sealed into the chain (tracing). */
  recordDecision(rec: DecisionRecord, onSealed?: () => void): void;
  recordEvent(ev: LifecycleEvent): void;
  /**
   * Seals a mutation's intent record and hands it to the file sink (and every spool) before
   * returning: synchronous, on the request path, durable per the file sink's `fsync` setting.
   * Returns its seq and arguments digest, or undefined when it could not be written (the caller
   * must not forward the mutation).
   */
  recordIntent(rec: IntentRecord): { seq: number; argumentsDigest?: string } | undefined;
  /** False when the spool is full or the trail cannot take records: mutations must be denied. */
  acceptingMutations(): boolean;
  /**
   * False when the trail is back-pressured and the policy says reads must stop too
   * (`audit.deny_reads_when_unavailable`). Optional: absent means reads always continue.
   */
  acceptingReads?(): boolean;
  /** Policy revision stamped on every record (SHA-256 of the policy files). */
  setPolicyRevision(revision: string): void;
  /** Each configured sink's current state, for /readyz. Optional: absent means none to report. */
  sinkStates?(): AuditSinkState[];
  close(): Promise<void>;
}

/** One audit sink as /readyz reports it. */
export interface AuditSinkState {
  name: string;
  kind: 'file' | 'forwarder';
  /** Last write (file) or send (forwarder) succeeded. */
  up: boolean;
  /** Forwarders: bytes waiting in the disk spool; full means mutations are refused. */
  pendingBytes?: number;
  spoolFull?: boolean;
  consecutiveFailures?: number;
}

/** Used before the audit module is configured (and in unit tests): keeps records in memory. */
export class MemoryRecorder implements AuditRecorder {
  readonly decisions: DecisionRecord[] = [];
  readonly events: LifecycleEvent[] = [];
  readonly intents: IntentRecord[] = [];
  revision = '';
  recordDecision(rec: DecisionRecord, onSealed?: () => void): void {
    this.decisions.push(rec);
    onSealed?.();
  }
  recordEvent(ev: LifecycleEvent): void {
    this.events.push(ev);
  }
  recordIntent(rec: IntentRecord): { seq: number; argumentsDigest?: string } | undefined {
    this.intents.push(rec);
    return { seq: this.intents.length };
  }
  acceptingMutations(): boolean {
    return true;
  }
  setPolicyRevision(revision: string): void {
    this.revision = revision;
  }
  async close(): Promise<void> {}
}

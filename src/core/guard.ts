/**
 * The guard interface (STYLE.md §3). Guards know policy and nothing about HTTP: they see a
 * read-mostly context and return a Verdict. The pipeline (src/proxy/pipeline.ts) runs them,
 * renders denials through src/core/denials.ts and hands one decision record per request to the
 * audit recorder (src/core/recorder.ts).
 */
import type { DenialCode } from './denials.js';
import type { ClientChannel } from './elicit.js';
import type { ClassifiedRequest, JsonRpcMessage } from './jsonrpc.js';
import type { Principal } from './principal.js';
import type { StateStore } from './store.js';

export type GuardMode = 'enforce' | 'shadow';

/** Per-request facts shared by all guards. One per JSON-RPC message (batches: one per element). */
export interface RequestContext {
  readonly requestId: string;
  readonly decisionId: string;
  /** Authenticated principal; `undefined` never reaches guards (authn denies first). */
  readonly principal: Principal;
  readonly sessionId: string | undefined;
  readonly request: ClassifiedRequest;
  readonly http: { readonly remoteAddress: string | undefined; readonly userAgent?: string };
  /** Shared state (session bindings, read sets, counters). */
  readonly store: StateStore;
  /** Typed scratch space: an earlier guard writes, a later one (or the audit record) reads. */
  readonly facts: Map<string, unknown>;
  /**
   * Present only when the human behind the client can be asked in band: a tools/call whose
   * client declared form elicitation at initialize and accepts an SSE response.
   */
  readonly client?: ClientChannel;
  now(): number;
}

/** Context for a response-phase hook: the request it answers, as correlated by the proxy. */
export interface ResponseContext extends RequestContext {
  /** `tools/call`, `tools/list`, ... of the request this message answers (if correlated). */
  readonly answeredMethod: string | undefined;
}

export type Verdict =
  | { kind: 'continue'; annotations?: Record<string, unknown> }
  | {
      kind: 'deny';
      code: DenialCode;
      /** For the audit record and logs; never shown to the client. */
      reason: string;
      /** Shown to the client; defaults to the table text. Must not echo untrusted input. */
      publicMessage?: string;
      /** Id of the rule that matched (audit only: never sent to the client). */
      ruleId?: string;
      /** Extra `error.data` for the client (e.g. `{ retryAfterMs }`). */
      data?: Record<string, unknown>;
    }
  | {
      kind: 'rewrite';
      message: JsonRpcMessage;
      note: string;
      annotations?: Record<string, unknown>;
    };

export const CONTINUE: Extract<Verdict, { kind: 'continue' }> = Object.freeze({ kind: 'continue' });

export interface Guard {
  /** Stable name used in audit records, metrics and denial details. */
  readonly name: string;
  readonly mode: GuardMode;
  /**
   * A content transform (redaction, wrapping) rather than a decision. The policy-wide
   * `mode: shadow` shadows decisions only; a transform stays applied unless its own section
   * says `mode: shadow` (src/proxy/pipeline.ts effectiveMode).
   */
  readonly transform?: boolean;
  /** Client → server message, before it is forwarded. */
  onRequest?(ctx: RequestContext): Verdict | Promise<Verdict>;
  /** Server → client message (JSON body or one SSE event), before it reaches the client. */
  onResponse?(ctx: ResponseContext, message: JsonRpcMessage): Verdict | Promise<Verdict>;
  /**
   * Told after any enforced request-phase deny in the chain (by any guard), so e.g. the rate-limit
   * guard can count denial storms. Must not throw; may be async (the pipeline does not wait).
   */
  onDenied?(ctx: RequestContext, code: DenialCode): void | Promise<void>;
}

/** One guard's verdict as it lands in the decision record. */
export interface VerdictRecord {
  guard: string;
  phase: 'request' | 'response';
  outcome: Verdict['kind'];
  mode: GuardMode;
  code?: DenialCode;
  ruleId?: string;
  note?: string;
  durationUs: number;
  annotations?: Record<string, unknown>;
}

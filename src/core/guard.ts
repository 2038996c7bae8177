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
import type { ResponseView } from './response-view.js';
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

/**
 * The response phase's transforms, in the order they apply to a message (src/proxy/pipeline.ts
 * sorts by this list, not by registration). A transform guard names its step; a new transform
 * adds its step here, where its place is argued.
 */
export const TRANSFORM_STEPS = [
  // Hashes tools/list definitions exactly as the upstream sent them; removes unapproved ones.
  'pin-tools',
  // An out-of-scope answer or list row is replaced or removed before anything reads it further.
  'scope-rows',
  // Secrets first: the injection scan judges redacted text, and markers end up inside envelopes.
  'redact-secrets',
  // The read-side injection scan: its marker is a prefix of the string that is wrapped next.
  'mark-injection',
  // Every untrusted string wrapped (outputSchema rewritten in tools/list).
  'wrap-untrusted',
  // tools/prompts/resources lists filtered by role.
  'filter-lists',
] as const;

export type TransformStep = (typeof TRANSFORM_STEPS)[number];

/**
 * How a guard's `onResponse` takes part in the response phase:
 * - `observe`: reads the upstream message as it came (`view.message`), before any transform, and
 *   answers `continue` or `deny` (a rewrite is a `guard_error`). Observers do not see each
 *   other's work; they run in reverse registration order and the first enforced denial ends the
 *   message (so, e.g., a read is not recorded for an answer the tripwire refused);
 * - `transform`: receives the message as the previous steps left it and may rewrite it; runs in
 *   `TRANSFORM_STEPS` order after every observer.
 */
export type ResponseRole = { phase: 'observe' } | { phase: 'transform'; step: TransformStep };

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
  /**
   * Its place in the response phase. Undeclared (ad-hoc guards): a transform after the declared
   * ones, in reverse registration order.
   */
  readonly response?: ResponseRole;
  /**
   * Server → client message (JSON body or one SSE event), before it reaches the client. `view`
   * is the message's ResponseView (src/core/response-view.ts): facts derived once and shared;
   * absent when a hook is called on its own (the hook then makes one with `viewOf`).
   */
  onResponse?(
    ctx: ResponseContext,
    message: JsonRpcMessage,
    view?: ResponseView,
  ): Verdict | Promise<Verdict>;
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

/**
 * The guard interface (STYLE.md §3). Guards know policy and nothing about HTTP: they see a
 * read-mostly context and return a Verdict. The pipeline (src/proxy/pipeline.ts) runs them,
 * renders denials through src/guards/denials.ts and hands one decision record per request to the
 * audit recorder.
 */
import type { DenialCode } from './denials.js';
import type { StateStore } from '../state/store.js';

export type GuardMode = 'enforce' | 'shadow';

/** Who is calling, as established by the proxy's own authentication (never client-claimed). */
export interface Principal {
  /** Stable id, e.g. token binding id or JWT `sub`. */
  id: string;
  /** Effective role (after claim mapping). */
  role: string;
  authMethod: 'static_token' | 'env_token' | 'jwt' | 'client_certificate' | 'anonymous';
  /** Extra, already-verified attributes (e.g. selected JWT claims) for audit. */
  attributes?: Record<string, string>;
}

export type JsonRpcId = string | number;

/** A JSON-RPC message as parsed once by src/proxy/jsonrpc.ts. */
export type JsonRpcMessage = Record<string, unknown>;

/** What the proxy learned about one incoming JSON-RPC message (client → server). */
export interface ClassifiedRequest {
  kind: 'request' | 'notification' | 'response';
  /** Present iff the message had an `id` member (0 and "" are valid ids). */
  id?: JsonRpcId;
  method?: string;
  /** `params.name` of tools/call, `params.name` of prompts/get. */
  toolName?: string;
  promptName?: string;
  /** `params.uri` of resources/read. */
  resourceUri?: string;
  /** `params.arguments` of tools/call and prompts/get (a plain object, prototype-free). */
  arguments?: Record<string, unknown>;
  /** The full parsed message. Rewrites replace it through a `rewrite` verdict. */
  message: JsonRpcMessage;
}

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

export const CONTINUE: Verdict = Object.freeze({ kind: 'continue' });

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

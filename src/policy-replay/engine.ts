/**
 * Re-decides recorded requests under a policy: authentication as far as the record allows, then
 * the stateless guards of the real request chain (src/proxy/pipeline.ts runRequestChain) —
 * rbac (roles, methods, argument rules), the injection filter and secret rejection. Guards whose
 * verdict depends on state or on the upstream at the time (rate limits, blast radius,
 * read-before-mutation, approvals, tripwires, tool pinning, argument validation against the
 * upstream's schemas) are not replayed: their recorded denials are reported separately.
 */
import type { Principal } from '../core/principal.js';
import { MemoryRecorder } from '../core/recorder.js';
import { MemoryStore } from '../state/memory.js';
import { createRequestContext } from '../proxy/context.js';
import { classifyMessage } from '../proxy/jsonrpc.js';
import { Decision, runRequestChain } from '../proxy/pipeline.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import type { PolicyFile } from '../policy/schema.js';
import { compileOffline } from '../policy/compile-offline.js';
import { readPolicySource } from '../policy/load.js';
import type { RecordedRequest } from './trail.js';

/** Guards a replay re-runs: their verdict depends only on the request and the policy. */
export const REPLAYED_GUARDS: ReadonlySet<string> = new Set([
  'rbac',
  'injection-filter',
  'secret-args',
]);

/** A replayed (or recorded) request-phase outcome. */
export type Outcome =
  { allow: true } | { allow: false; guard: string; code: string; ruleId?: string };

/** Stands in for unset `${env:…}` variables (replay never contacts anything). */
const PLACEHOLDER = 'https://env-placeholder.invalid';

/** What a recorded authentication becomes under a policy (undefined: the principal as recorded). */
function authnUnder(source: PolicyFile, p: RecordedRequest['principal']): Outcome | Principal {
  if (p.authMethod === 'static_token') {
    const t = source.auth.tokens.find((x) => x.id === p.id);
    if (!t) return { allow: false, guard: 'authn', code: 'invalid_token', ruleId: 'auth.tokens' };
    return { id: p.id, role: t.role, authMethod: 'static_token' };
  }
  if (p.authMethod === 'anonymous') {
    if (!source.auth.allow_anonymous) {
      return { allow: false, guard: 'authn', code: 'unauthenticated', ruleId: 'auth' };
    }
    return { id: p.id, role: source.auth.anonymous_role ?? p.role, authMethod: 'anonymous' };
  }
  // env tokens, JWTs, client certificates: the credential is not in the record (by design), so
  // the role is the one recorded.
  return { id: p.id, role: p.role, authMethod: p.authMethod as Principal['authMethod'] };
}

/** One policy, compiled for replay. */
export class ReplayEngine {
  private constructor(
    readonly files: readonly string[],
    readonly revision: string,
    private readonly source: PolicyFile,
    private readonly policy: CompiledPolicy,
  ) {}

  /**
   * Compiles `files` for replay. Tool classes come from the trail (`mutation` as recorded), so
   * nothing asks an upstream for tools/list.
   * @example const engine = await ReplayEngine.load(['candidate.yaml'], requests);
   */
  static async load(files: string[], trail: readonly RecordedRequest[]): Promise<ReplayEngine> {
    const read = await readPolicySource(files, process.env, { envPlaceholder: PLACEHOLDER });
    const mutating = new Map<string, boolean>();
    for (const r of trail) if (r.tool) mutating.set(r.tool, r.mutation);
    const tools = [...mutating].map(([name, m]) => ({
      name,
      inputSchema: { type: 'object' },
      annotations: m ? { readOnlyHint: false, destructiveHint: true } : { readOnlyHint: true },
    }));
    // Authentication is replayed from `read.source` (authnUnder); the compiled one is unused.
    const policy = compileOffline({
      read,
      files,
      store: new MemoryStore(),
      recorder: new MemoryRecorder(),
      toolLister: async () => tools,
    });
    await policy.toolDefinitions?.lookup(tools[0]?.name ?? '');
    const replayed = policy.guards.filter((g) => REPLAYED_GUARDS.has(g.name));
    return new ReplayEngine(files, read.revision, read.source, { ...policy, guards: replayed });
  }

  /** The request-phase outcome of `rec` under this policy. */
  async decide(rec: RecordedRequest): Promise<Outcome> {
    const who = authnUnder(this.source, rec.principal);
    if ('allow' in who) return who;
    const params: Record<string, unknown> = {};
    const name = rec.tool ?? rec.prompt;
    if (name !== undefined) params.name = name;
    if (rec.resourceUri !== undefined) params.uri = rec.resourceUri;
    if (rec.arguments !== undefined) params.arguments = rec.arguments;
    const request = classifyMessage({ jsonrpc: '2.0', id: 1, method: rec.method, params });
    const store = new MemoryStore();
    const recorder = new MemoryRecorder();
    const ctx = createRequestContext({
      requestId: rec.decisionId,
      decisionId: rec.decisionId,
      principal: who,
      sessionId: undefined,
      request,
      remoteAddress: undefined,
      userAgent: undefined,
      store,
    });
    const decision = new Decision(ctx, recorder, false);
    const out = await runRequestChain(this.policy, decision, recorder);
    if (out.kind === 'forward') return { allow: true };
    return {
      allow: false,
      // The deny is the last verdict the chain recorded.
      guard: decision.verdicts.at(-1)?.guard ?? 'pipeline',
      code: out.verdict.code,
      ...(out.verdict.ruleId !== undefined && { ruleId: out.verdict.ruleId }),
    };
  }
}

/**
 * The recorded request-phase outcome, as far as replayed guards decided it: the first enforced
 * deny by one of them, else allow (a call a stateful guard stopped counts as allowed here).
 */
export function recordedOutcome(rec: RecordedRequest): Outcome {
  for (const v of rec.verdicts) {
    if (v.outcome !== 'deny' || v.mode !== 'enforce' || !REPLAYED_GUARDS.has(v.guard)) continue;
    return {
      allow: false,
      guard: v.guard,
      code: v.code ?? 'unknown',
      ...(v.ruleId !== undefined && { ruleId: v.ruleId }),
    };
  }
  return { allow: true };
}

/** The recorded enforced denial by a guard replay does not re-run, if any. */
export function statefulDenial(rec: RecordedRequest): { guard: string; code: string } | undefined {
  const v = rec.verdicts.find(
    (x) => x.outcome === 'deny' && x.mode === 'enforce' && !REPLAYED_GUARDS.has(x.guard),
  );
  return v && { guard: v.guard, code: v.code ?? 'unknown' };
}

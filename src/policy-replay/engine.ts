/**
 * Re-decides recorded requests under a policy: authentication as far as the record allows, then
 * the stateless guards of the real request chain (src/proxy/pipeline.ts runRequestChain) —
 * rbac (roles, methods, argument rules), the injection filter and secret rejection. Guards whose
 * verdict depends on state or on the upstream at the time (rate limits, blast radius,
 * read-before-mutation, approvals, tripwires, tool pinning, argument validation against the
 * upstream's schemas) are not replayed: their recorded denials are reported separately.
 */
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
import {
  principalUnder,
  STATELESS_GUARDS,
  statelessOutcome,
  type Outcome,
} from '../policy/stateless.js';

/** Guards a replay re-runs: their verdict depends only on the request and the policy. */
export const REPLAYED_GUARDS = STATELESS_GUARDS;
export type { Outcome };

/** Stands in for unset `${env:…}` variables (replay never contacts anything). */
const PLACEHOLDER = 'https://env-placeholder.invalid';

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
    const who = principalUnder(this.source, rec.principal);
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
  return statelessOutcome(rec.verdicts);
}

/** The recorded enforced denial by a guard replay does not re-run, if any. */
export function statefulDenial(rec: RecordedRequest): { guard: string; code: string } | undefined {
  const v = rec.verdicts.find(
    (x) => x.outcome === 'deny' && x.mode === 'enforce' && !REPLAYED_GUARDS.has(x.guard),
  );
  return v && { guard: v.guard, code: v.code ?? 'unknown' };
}

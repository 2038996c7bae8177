/**
 * System guards (src/guards/system/) run first in the real request chain with a real compiled
 * policy: each refusal is a verdict with its guard's name and denial code in the decision record,
 * a policy-wide shadow mode cannot turn them off, and a strip is a recorded rewrite.
 */
import { describe, expect, it } from 'vitest';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { createRequestContext } from '../../src/proxy/context.js';
import { classifyMessage } from '../../src/proxy/jsonrpc.js';
import { Decision, isMutatingCall, runRequestChain } from '../../src/proxy/pipeline.js';
import { MemoryStore } from '../../src/state/memory.js';
import { load, MINIMAL } from '../policy/helpers.js';

/** A recorder whose trail is full: it refuses mutations (as back-pressure does). */
class FullRecorder extends MemoryRecorder {
  override acceptingMutations(): boolean {
    return false;
  }
}

// get_* named a read by class (an unseen tool is otherwise a mutation: tool-classes.ts).
const WRITER =
  MINIMAL.replace('tools: [get_*]', "tools: ['get_*', 'update_*']") +
  "tools:\n  classes:\n    mutating: ['update_*', '!get_*']\n" +
  // No upstream answers here: argument validation (on by default) would refuse every call.
  'arguments:\n  enabled: false\n';

async function run(opts: {
  yaml?: string;
  recorder?: MemoryRecorder;
  tool: string;
  args?: Record<string, unknown>;
  meta?: Record<string, unknown>;
  headers?: Record<string, string>;
}) {
  const { policy } = await load([opts.yaml ?? WRITER]);
  const recorder = opts.recorder ?? new MemoryRecorder();
  const request = classifyMessage({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name: opts.tool,
      arguments: opts.args ?? {},
      ...(opts.meta && { _meta: opts.meta }),
    },
  });
  const ctx = createRequestContext({
    requestId: 'r',
    decisionId: 'd',
    principal: { id: 'alice', role: 'reader', authMethod: 'static_token' },
    sessionId: undefined,
    request,
    remoteAddress: '127.0.0.1',
    userAgent: undefined,
    store: new MemoryStore(),
  });
  const decision = new Decision(ctx, recorder, isMutatingCall(policy, request));
  const out = await runRequestChain(policy, decision, recorder, opts.headers ?? {});
  decision.settle({ outcome: out.kind === 'deny' ? 'denied' : 'allowed' });
  return { out, record: recorder.decisions[0]!, decision };
}

describe('system guards', () => {
  it('fail-closed refuses a mutation the audit trail cannot take, as a verdict of its own', async () => {
    const { out, record } = await run({ recorder: new FullRecorder(), tool: 'update_finding' });
    expect(out).toMatchObject({ kind: 'deny', verdict: { code: 'audit_unavailable' } });
    expect(record.verdicts.at(-1)).toMatchObject({
      guard: 'fail-closed',
      outcome: 'deny',
      mode: 'enforce',
      code: 'audit_unavailable',
    });
    // A read passes the same full trail (reads are not written ahead).
    const read = await run({ recorder: new FullRecorder(), tool: 'get_findings' });
    expect(read.out.kind, JSON.stringify(read.record.verdicts)).toBe('forward');
  });

  it('stays enforced under a policy-wide mode: shadow', async () => {
    const { out, record } = await run({
      yaml: `mode: shadow\n${WRITER}`,
      recorder: new FullRecorder(),
      tool: 'update_finding',
    });
    expect(out.kind).toBe('deny');
    expect(record.verdicts.find((v) => v.guard === 'fail-closed')?.mode).toBe('enforce');
  });

  it('mcp-param-headers refuses a header that disagrees with its argument', async () => {
    const { out, record } = await run({
      tool: 'get_findings',
      args: { product: 'a' },
      headers: { 'mcp-param-product': 'b' },
    });
    expect(out).toMatchObject({ kind: 'deny', verdict: { code: 'header_mismatch' } });
    expect(record.verdicts[0]).toMatchObject({
      guard: 'mcp-param-headers',
      code: 'header_mismatch',
    });
    const same = await run({
      tool: 'get_findings',
      args: { product: 'a' },
      headers: { 'Mcp-Param-Product': 'a' },
    });
    expect(same.out.kind).toBe('forward');
  });

  it('meta-namespace strips the proxy namespace (a rewrite the policy guards see) and refuses related-task', async () => {
    const { out, record } = await run({
      tool: 'get_findings',
      meta: { 'IO.Dojo-Guard/principal': 'admin', progressToken: 1 },
    });
    expect(out.kind).toBe('forward');
    if (out.kind !== 'forward') return;
    expect((out.message.params as { _meta: object })._meta).toEqual({ progressToken: 1 });
    expect(record.verdicts.find((v) => v.guard === 'meta-namespace')).toMatchObject({
      outcome: 'rewrite',
    });
    const task = await run({
      tool: 'get_findings',
      meta: { 'io.modelcontextprotocol/related-task': { taskId: 'x' } },
    });
    expect(task.out).toMatchObject({ kind: 'deny', verdict: { code: 'reserved_meta_key' } });
  });
});

/**
 * Write-ahead for mutations: an allowed mutation is forwarded only once its `intent`
 * record (decision, principal, tool, arguments digest) is sealed and written to the file sink,
 * durable per the sink's `fsync` setting. A `kill -9` at any later point leaves the intent in the
 * trail; the outcome record follows and names it (`intentSeq`). Reads stay asynchronous: their
 * single record is queued and sealed on the recorder's drain tick.
 */
import type { AuditRecorder } from '../core/recorder.js';
import type { Decision } from './pipeline.js';

/**
 * Writes the intent of `decision` ahead of forwarding it. False when the trail could not take it:
 * the caller must refuse the mutation (`audit_unavailable`), never forward it unrecorded.
 * @example if (decision.mutation && !writeAhead(rt.recorder, decision)) return refuse();
 */
export function writeAhead(recorder: AuditRecorder, decision: Decision): boolean {
  const { ctx } = decision;
  const req = ctx.request;
  const intent = recorder.recordIntent({
    decisionId: ctx.decisionId,
    requestId: ctx.requestId,
    rpcId: req.id,
    sessionId: ctx.sessionId,
    principal: ctx.principal,
    method: req.method ?? '',
    tool: req.toolName ?? '',
    arguments: req.arguments,
  });
  if (!intent) return false;
  decision.intent = intent;
  return true;
}

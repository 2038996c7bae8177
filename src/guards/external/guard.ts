/**
 * The `external-decision` guard: rbac rules with `require: external:<name>` are decided by an
 * external policy engine (decision_points.<name>: OPA's REST Data API or a webhook). For a
 * tools/call such a rule matches (tools, argument and `fact:` conditions, as rbac's rules), the
 * guard asks the engine with the decision input and forwards the call only on `allow`:
 * - `deny` → `external_decision_denied`; a timeout, an error status or an unreadable answer →
 *   `external_decision_unavailable` (fail closed);
 * - the input carries the principal (id, role, authentication method), the tool, the arguments'
 *   digest and the arguments masked as in audit records (src/guards/content/mask.ts: secret-looking
 *   values never leave), the rule, the target findings' facts the finding-facts guard looked
 *   up (src/guards/finding-facts/targets.ts) and the ids of the findings read before
 *   (`findings_read`: the read-tracking read set, most recent first, at most 100). Arguments the proxy injects upstream are added after
 *   every guard, so they are never in it;
 * - answers are cached per replica by the input's hash (cache.ts); identical questions in flight
 *   share one request; every question sent is an `external_decision` audit event, every answer
 *   used is counted (`dojo_guard_external_decisions_total{decision_point,outcome,cached}`).
 * Runs after rbac and the finding-facts rules (a call policy refuses is never sent out), before
 * approvals (nobody approves what the engine refuses).
 */
import type { Guard, RequestContext, Verdict } from '../../core/guard.js';
import { CONTINUE } from '../../core/guard.js';
import { argumentsDigest, digestOf } from '../../shared/canonical.js';
import { maskArguments, type MaskOptions } from '../content/mask.js';
import { conditionsHold, targetFacts } from '../finding-facts/targets.js';
import { UNKNOWN_FACTS } from '../rbac/conditions.js';
import type { CompiledRule } from '../rbac/compile.js';
import { compiledRbacOf } from '../rbac/guard.js';
import type { RbacPolicy } from '../rbac/schema.js';
import type { GuardDeps } from '../deps.js';
import { readSetKeyOf } from '../read-tracking/guard.js';
import type { FindingsTracking } from '../read-tracking/schema.js';
import { ask, type Answer } from './ask.js';
import { DecisionCache } from './cache.js';
import { externalDecisionsTotal } from './metrics.js';
import type { DecisionPoint, DecisionPoints } from './schema.js';

interface Point {
  name: string;
  spec: DecisionPoint;
  cache: DecisionCache;
  inFlight: Map<string, Promise<Answer>>;
}

/** Finding ids of the read set sent along (most recent first). */
const MAX_READ_IDS = 100;

/** The input document sent for `rule` (what the engine decides on). */
export function decisionInput(
  ctx: RequestContext,
  rule: CompiledRule,
  point: string,
  mask: MaskOptions,
  findingsRead: readonly number[],
): Record<string, unknown> {
  const args = ctx.request.arguments ?? {};
  const findings = targetFacts(ctx).filter((f) => f !== UNKNOWN_FACTS);
  return {
    decision_point: point,
    rule: rule.id,
    principal: {
      id: ctx.principal.id,
      role: ctx.principal.role,
      auth_method: ctx.principal.authMethod,
    },
    method: ctx.request.method,
    tool: ctx.request.toolName,
    arguments_digest: argumentsDigest(args),
    arguments: maskArguments(args, mask).value,
    findings,
    findings_read: findingsRead,
  };
}

/**
 * @example createExternalDecisionGuard(policy.decision_points, policy.rbac, deps, mask) // undefined without rules
 */
export function createExternalDecisionGuard(
  section: DecisionPoints | undefined,
  rbacPolicy: RbacPolicy | undefined,
  deps: GuardDeps,
  mask: MaskOptions,
  tracking: Pick<FindingsTracking, 'scope'>,
): Guard | undefined {
  const rules = (compiledRbacOf(rbacPolicy)?.rules ?? []).filter((r) => r.external !== undefined);
  if (!section || rules.length === 0) return undefined;
  const points = new Map<string, Point>();
  for (const [name, spec] of Object.entries(section)) {
    const cache = new DecisionCache(spec.cache.ttl_ms, spec.cache.max_entries, deps.now);
    points.set(name, { name, spec, cache, inFlight: new Map() });
  }

  /** The engine's answer for `input`, from the cache, a question in flight, or a new one. */
  async function answer(
    point: Point,
    input: Record<string, unknown>,
    ctx: RequestContext,
  ): Promise<{ answer: Answer; cached: boolean }> {
    const key = digestOf(input);
    const hit = point.cache.get(key);
    if (hit) return { answer: hit, cached: true };
    const pending = point.inFlight.get(key);
    if (pending) return { answer: await pending, cached: true };
    const t0 = performance.now();
    const p = ask(point.spec, input);
    point.inFlight.set(key, p);
    let a: Answer;
    try {
      a = await p;
    } finally {
      point.inFlight.delete(key);
    }
    point.cache.set(key, a);
    deps.recorder.recordEvent({
      type: 'external_decision',
      severity: a.kind === 'unavailable' ? 'warning' : 'info',
      detail: {
        decisionId: ctx.decisionId,
        decisionPoint: point.name,
        rule: input.rule,
        principal: ctx.principal.id,
        tool: ctx.request.toolName,
        outcome: a.kind,
        ...(a.reason !== undefined && { reason: a.reason }),
        latencyMs: Math.round(performance.now() - t0),
        argumentsDigest: input.arguments_digest,
      },
    });
    return { answer: a, cached: false };
  }

  /** The read set (session or principal, per `audit.findings.scope`); undefined: store down. */
  async function findingsRead(ctx: RequestContext): Promise<readonly number[] | undefined> {
    const key = readSetKeyOf(tracking, ctx);
    if (key === undefined) return [];
    try {
      return (await ctx.store.getReadFindings(key)).slice(0, MAX_READ_IDS);
    } catch {
      return undefined;
    }
  }

  async function onRequest(ctx: RequestContext): Promise<Verdict> {
    const { request } = ctx;
    const tool = request.toolName;
    if (request.method !== 'tools/call' || tool === undefined) return CONTINUE;
    const facts = targetFacts(ctx);
    const asked: Record<string, unknown>[] = [];
    let read: readonly number[] | undefined;
    for (const rule of rules) {
      if (!rule.tools.allows(tool) || !conditionsHold(rule.when, request.arguments, facts))
        continue;
      const point = points.get(rule.external!)!;
      read ??= await findingsRead(ctx);
      if (read === undefined) {
        return {
          kind: 'deny',
          code: 'state_unavailable',
          reason: 'read set unavailable for the decision input',
          ruleId: rule.id,
        };
      }
      const input = decisionInput(ctx, rule, point.name, mask, read);
      const { answer: a, cached } = await answer(point, input, ctx);
      externalDecisionsTotal.inc({
        decision_point: point.name,
        outcome: a.kind,
        cached: String(cached),
      });
      const note = { decisionPoint: point.name, rule: rule.id, cached };
      if (a.kind === 'deny') {
        return {
          kind: 'deny',
          code: 'external_decision_denied',
          reason: `${point.name} denied (rule ${rule.id})${a.reason ? `: ${a.reason}` : ''}`,
          ruleId: rule.id,
        };
      }
      if (a.kind === 'unavailable') {
        return {
          kind: 'deny',
          code: 'external_decision_unavailable',
          reason: `${point.name}: ${a.reason} (rule ${rule.id})`,
          ruleId: rule.id,
        };
      }
      asked.push(note);
    }
    return asked.length
      ? { kind: 'continue', annotations: { externalDecisions: asked } }
      : CONTINUE;
  }

  return { name: 'external-decision', mode: deps.mode, onRequest };
}

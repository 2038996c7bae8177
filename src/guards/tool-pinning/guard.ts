/**
 * Guard `tool-pinning`: tool-definition pinning against rug pulls and tool poisoning.
 *
 * Response phase, on tools/list answers: every tool definition is hashed (./hash.ts)
 * and compared with `pinning.tools`; its prose is scanned by the injection filter's built-in rules
 * (`scanToolDescription`: with rules for tool poisoning, ../injection/rules/tool-descriptions.ts,
 * and without the learned scorer or the request-to-use-a-tool rule, since a description is
 * written for the model). A changed, unpinned (`on_unknown: block`) or poisoned
 * tool is removed from the list and a `tool_definition_changed` lifecycle event (once per tool,
 * hash and reason) carries the observed hash, so an operator can review the definition and pin
 * it.
 *
 * Request phase, on tools/call: a tool last seen unapproved is denied (`tool_definition_changed`,
 * ruleId `pinning:<reason>:<sha256>`). Before any tools/list was seen, a pinned tool passes (its
 * definition reaches the model only through a list, which is checked) and an unpinned one follows
 * `on_unknown`.
 *
 * The observation table is per guard instance, i.e. per compiled policy and per process: a reload
 * with new pins starts from the policy alone, and every replica checks the lists it relays.
 */
import {
  CONTINUE,
  type Guard,
  type GuardMode,
  type RequestContext,
  type ResponseContext,
  type Verdict,
} from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { viewOf, type ResponseView } from '../../core/response-view.js';
import { createHash } from 'node:crypto';
import type { GuardDeps } from '../deps.js';
import type { PinningPolicy } from './schema.js';
import { scanToolDescription, toolDescriptionRules } from '../injection/scan.js';
import { describedTexts, toolDefinitionHash } from './hash.js';
import { TextMemo } from '../../shared/memo.js';

export type PinReason = 'changed' | 'unpinned' | 'poisoned' | 'unscannable';

interface Observation {
  sha256: string;
  approved: boolean;
  reason?: PinReason;
}

/** Distinct (tool, hash, reason) events remembered, so a re-listed tool is not re-reported. */
const MAX_REPORTED = 10_000;
/**
 * Tool names remembered. Beyond that (a hostile upstream listing ever new names), names not
 * remembered are denied as unverified: fail closed rather than grow without bound.
 */
const MAX_OBSERVED = 10_000;
/** Memoised judgements kept (keys are 44-byte digests; cleared whole when full). */
const MAX_JUDGED = 4096;

/**
 * Builds the guard, or undefined when the policy has no `pinning` section.
 * @example createToolPinningGuard(policy.pinning, deps)?.name // 'tool-pinning'
 */
export function createToolPinningGuard(
  cfg: PinningPolicy | undefined,
  deps: GuardDeps,
): Guard | undefined {
  if (!cfg) return undefined;
  if (cfg.scan_descriptions) toolDescriptionRules(); // compiled now, not on the first tools/list
  const mode: GuardMode = cfg.mode ?? deps.mode;
  const pins = new Map(Object.entries(cfg.tools));
  const observed = new Map<string, Observation>();
  const reported = new Set<string>();
  let overflowed = false;

  // Judgements of definitions already seen: an upstream lists the same tools on every
  // tools/list, and hashing plus scanning a definition costs far more than hashing its JSON.
  const judged = new Map<string, Observation>();
  // Whole lists already judged, keyed by their exact JSON (observations in list order).
  const lists = new TextMemo<Observation[]>();

  /** judge(), memoised on (listed names, definition); JSON.stringify is exact on parsed JSON. */
  function judgeOnce(tool: Record<string, unknown>, name: string, names: string[]): Observation {
    const key = createHash('sha256')
      .update(names.join('\u0000'))
      .update('\u0001')
      .update(JSON.stringify(tool))
      .digest('base64');
    let o = judged.get(key);
    if (!o) {
      o = judge(tool, name, names);
      if (judged.size >= MAX_JUDGED) judged.clear();
      judged.set(key, o);
    }
    return o;
  }

  function judge(tool: Record<string, unknown>, name: string, names: string[]): Observation {
    const sha256 = toolDefinitionHash(tool);
    const pinned = pins.get(name);
    if (pinned !== undefined) {
      return pinned === sha256
        ? { sha256, approved: true }
        : { sha256, approved: false, reason: 'changed' };
    }
    if (cfg!.scan_descriptions) {
      const { texts, complete } = describedTexts(tool);
      if (!complete) return { sha256, approved: false, reason: 'unscannable' };
      // Each text alone, then all together (an instruction split across parameter descriptions).
      for (const t of [...texts, texts.join('\n')]) {
        if (t.length > 0 && scanToolDescription(t, names).verdict === 'block') {
          return { sha256, approved: false, reason: 'poisoned' };
        }
      }
    }
    if (cfg!.on_unknown === 'allow') return { sha256, approved: true, reason: 'unpinned' };
    return { sha256, approved: false, reason: 'unpinned' };
  }

  function report(ctx: ResponseContext, name: string, o: Observation, ruleId?: string): void {
    const key = `${name}\u0000${o.sha256}\u0000${o.reason ?? ''}`;
    if (reported.has(key)) return;
    if (reported.size >= MAX_REPORTED) reported.clear();
    reported.add(key);
    deps.recorder.recordEvent({
      type: 'tool_definition_changed',
      severity: o.approved ? 'info' : o.reason === 'unpinned' ? 'warning' : 'critical',
      detail: {
        tool: name.slice(0, 128),
        reason: o.reason,
        observedSha256: o.sha256,
        ...(pins.has(name) && { pinnedSha256: pins.get(name) }),
        ...(ruleId !== undefined && { scanRuleId: ruleId }),
        blocked: !o.approved && mode === 'enforce',
        principalId: ctx.principal.id,
        sessionId: ctx.sessionId,
      },
    });
  }

  function toolPinningOnResponse(
    ctx: ResponseContext,
    message: JsonRpcMessage,
    view?: ResponseView,
  ): Verdict {
    if (ctx.answeredMethod !== 'tools/list') return CONTINUE;
    const result = message.result;
    if (result === null || typeof result !== 'object' || Array.isArray(result)) return CONTINUE;
    const items = (result as Record<string, unknown>).tools;
    if (!Array.isArray(items)) return CONTINUE; // rbac fails closed on a malformed list
    const tools = items.filter(
      (t): t is Record<string, unknown> =>
        t !== null && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string',
    );
    const names = tools.map((t) => t.name as string);
    // The same list as a recent tools/list (the usual case): reuse its judgements in one lookup.
    const listJson = viewOf(message, view).jsonOf(items);
    let judgements = lists.get(listJson);
    if (!judgements) {
      judgements = tools.map((tool, i) => judgeOnce(tool, names[i]!, names));
      lists.set(listJson, judgements);
    }
    const verdicts = new Map<string, Observation>();
    for (let i = 0; i < tools.length; i++) {
      const name = names[i]!;
      const o = judgements[i]!;
      // Duplicate names: one unapproved definition taints the name (fail closed).
      const prev = verdicts.get(name);
      if (!prev || prev.approved) verdicts.set(name, o);
      if (o.reason !== undefined) report(ctx, name, o);
    }
    for (const [name, o] of verdicts) {
      if (observed.has(name) || observed.size < MAX_OBSERVED) observed.set(name, o);
      else overflowed = true;
    }
    const kept = items.filter((t) => {
      const name = (t as { name?: unknown } | null)?.name;
      return typeof name === 'string' && verdicts.get(name)?.approved === true;
    });
    if (kept.length === items.length) return CONTINUE;
    const removed = [...verdicts]
      .filter(([, o]) => !o.approved)
      .map(([name, o]) => `${name.slice(0, 64)}:${o.reason}:${o.sha256}`);
    return {
      kind: 'rewrite',
      message: { ...message, result: { ...(result as Record<string, unknown>), tools: kept } },
      // The note reaches the audit record: it carries the observed hashes (first ones).
      note: `pinning removed ${items.length - kept.length} tools: ${removed.join(' ')}`.slice(
        0,
        500,
      ),
      annotations: { removed: removed.length },
    };
  }

  function toolPinningOnRequest(ctx: RequestContext): Verdict {
    const name = ctx.request.toolName;
    if (ctx.request.method !== 'tools/call' || name === undefined) return CONTINUE;
    const o = observed.get(name);
    if (o) {
      if (o.approved) return CONTINUE;
      return {
        kind: 'deny',
        code: 'tool_definition_changed',
        reason: `tool definition ${o.reason}: observed sha256 ${o.sha256}`,
        ruleId: `pinning:${o.reason}:${o.sha256}`,
      };
    }
    if (!overflowed && (pins.has(name) || cfg!.on_unknown === 'allow')) return CONTINUE;
    return {
      kind: 'deny',
      code: 'tool_definition_changed',
      reason: 'unpinned tool called before any tools/list was checked',
      ruleId: 'pinning:unpinned:unseen',
    };
  }

  return {
    name: 'tool-pinning',
    mode,
    // First transform: hashes definitions exactly as the upstream sent them, then removes.
    response: { phase: 'transform', step: 'pin-tools' },
    onRequest: toolPinningOnRequest,
    onResponse: toolPinningOnResponse,
  };
}

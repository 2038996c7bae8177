/**
 * The `finding-facts` guard: decisions on what a call does to the finding, not only who calls
 * which tool. For a tools/call naming a finding (findings.target_arguments) it looks the finding
 * up through the upstream (lookup.ts) and then:
 * - mutations: rbac rules with `fact:` conditions are decided on the finding's state before the
 *   change; a scoped principal may change only findings of its products (`finding_out_of_scope`);
 *   an allowed mutation's pre-image goes into its audit record (`journal`, for undo). A lookup
 *   that fails denies the mutation (`finding_facts_unavailable`): unchecked changes never pass.
 * - reads by a scoped principal: a finding of another product is answered exactly like a missing
 *   one; list tools get the scope injected as an upstream filter and their rows checked.
 * Reads by unscoped principals never cause a lookup, so an upstream outage never touches them.
 */
import type { Guard, RequestContext, ResponseContext, Verdict } from '../../core/guard.js';
import { CONTINUE } from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { viewOf, type ResponseView } from '../../core/response-view.js';
import type { GuardDeps } from '../deps.js';
import type { RbacPolicy } from '../rbac/schema.js';
import { compiledRbacOf } from '../rbac/guard.js';
import { checkRules } from '../rbac/decide.js';
import { UNKNOWN_FACTS, type FactView } from '../rbac/conditions.js';
import {
  extractTargetFindingIds,
  idArgumentNames,
  normalizeArgName,
} from '../read-tracking/ids.js';
import type { FindingsPolicy } from './schema.js';
import { FactLookup } from './lookup.js';
import { factView } from './fact-view.js';
import { journalEntry, type JournalEntry } from './journal.js';
import { compileScopes, inScope, type ProductScope } from './scope.js';
import { filterListResult, notFoundResult, SCOPED_LISTS } from './list-scope.js';
import type { FindingFacts } from './facts.js';

/** Key in `ctx.facts` the pipeline copies into DecisionRecord.journal. */
export const JOURNAL_FACT = 'audit.journal';
/** Key in `ctx.facts` holding the fact views of a mutation's target findings (approvals read it). */
export const TARGET_FACTS = 'finding-facts.targets';
const HIDE_FACT = 'finding-facts.hide';
const LIST_FACT = 'finding-facts.list';

type Deny = Extract<Verdict, { kind: 'deny' }>;

const deny = (code: Deny['code'], reason: string, ruleId?: string): Deny => ({
  kind: 'deny',
  code,
  reason,
  ruleId: ruleId ?? `finding-facts:${code}`,
});

/**
 * @example createFindingFactsGuard(policy.findings, policy.rbac, deps) // undefined without the section
 */
export function createFindingFactsGuard(
  section: FindingsPolicy | undefined,
  rbacPolicy: RbacPolicy | undefined,
  deps: GuardDeps,
): Guard | undefined {
  if (!section) return undefined;
  const cfg = section;
  // Wired by src/policy/compile.ts (the upstream, src/proxy/fact-source.ts) or by policy tests.
  const source = deps.factSource;
  if (!source) throw new Error('findings: no fact source to look findings up through');
  const warmSource = source.warm;
  const lookup = new FactLookup(
    source,
    {
      timeoutMs: cfg.lookup.timeout_ms,
      cacheTtlMs: cfg.lookup.cache_ttl_ms,
      cacheMaxEntries: cfg.lookup.cache_max_entries,
    },
    deps.recorder,
    deps.now,
  );
  const rbac = compiledRbacOf(rbacPolicy);
  const scopeOf = compileScopes(cfg.scopes);
  const targetNames = idArgumentNames(cfg.target_arguments);
  const max = cfg.lookup.max_per_request;
  const mode = deps.mode;

  /** Rule decision on the target's facts (rules with a `fact:` condition only). */
  function factRules(ctx: RequestContext, facts: FindingFacts | undefined): Deny | undefined {
    const role = rbac?.roles.get(ctx.principal.role);
    if (!rbac || !role) return undefined;
    const tool = ctx.request.toolName!;
    const args = ctx.request.arguments;
    // No facts (no target named): fact conditions hold, so a rule on this tool cannot be dodged
    // by leaving the finding out.
    const view = facts ? factView(facts, args) : UNKNOWN_FACTS;
    const d = checkRules(rbac, role, tool, args, view, true);
    if (d.allow) return undefined;
    return deny(d.code, d.reason, d.ruleId);
  }

  async function onRequest(ctx: RequestContext): Promise<Verdict> {
    const req = ctx.request;
    // A client that lists tools is about to call them: open the lookup session now, so the
    // first mutation does not wait for its initialize (src/proxy/fact-source.ts).
    if (req.method === 'tools/list') warmSource?.();
    if (req.method !== 'tools/call' || !req.toolName) return CONTINUE;
    const tool = req.toolName;
    const mutating = deps.isMutatingTool(tool);
    const scope = scopeOf(ctx.principal);
    if (!mutating && !scope) return CONTINUE;
    const args = req.arguments ?? {};
    const targets = extractTargetFindingIds(args, targetNames);
    if (targets.unparsable && (mutating || scope))
      return deny('finding_facts_unavailable', 'a target argument holds no usable finding id');
    if (targets.ids.length === 0) {
      if (!mutating) return scope ? listScope(ctx, scope) : CONTINUE;
      if (scope && !containerInScope(args, scope, (t) => lookup.productOfTest(t))) {
        return deny(
          'finding_out_of_scope',
          'scoped principal: create or import target not in scope',
        );
      }
      return factRules(ctx, undefined) ?? CONTINUE;
    }
    if (targets.ids.length > max)
      return deny('finding_facts_unavailable', `more than ${max} target findings`);
    const results = await Promise.all(targets.ids.map((id) => lookup.facts(ctx.principal.id, id)));
    const journal: JournalEntry[] = [];
    const views: FactView[] = [];
    ctx.facts.set(TARGET_FACTS, views);
    for (const [i, r] of results.entries()) {
      const id = targets.ids[i]!;
      if (r.kind === 'unavailable') {
        return deny('finding_facts_unavailable', `finding ${id}: ${r.reason}`);
      }
      if (r.kind === 'absent') {
        // Missing and out of scope must look the same to a scoped caller.
        if (scope && mutating) return deny('finding_out_of_scope', `finding ${id} not in scope`);
        continue;
      }
      const f = r.facts;
      if (scope && !inScope(scope, f.product, f.product_type)) {
        if (mutating) return deny('finding_out_of_scope', `finding ${id} not in scope`);
        ctx.facts.set(HIDE_FACT, true);
        continue;
      }
      if (!mutating) continue;
      views.push(factView(f, args));
      const ruled = factRules(ctx, f);
      if (ruled) return ruled;
      if (cfg.journal) journal.push(journalEntry(tool, args, f, targetNames));
    }
    if (mutating) {
      for (const id of targets.ids) lookup.invalidate(id);
      if (journal.length) ctx.facts.set(JOURNAL_FACT, journal);
    }
    return CONTINUE;
  }

  /** A scoped list call: inject the scope into the upstream's product filter, check rows later. */
  function listScope(ctx: RequestContext, scope: ProductScope): Verdict {
    const tool = ctx.request.toolName!;
    if (!Object.hasOwn(SCOPED_LISTS, tool)) return CONTINUE;
    ctx.facts.set(LIST_FACT, scope);
    const arg = Object.prototype.hasOwnProperty.call(cfg.list_filters, tool)
      ? cfg.list_filters[tool]
      : undefined;
    if (arg === undefined || scope.productList.length === 0) return CONTINUE;
    const args = ctx.request.arguments ?? {};
    const asked = Array.isArray(args[arg]) ? (args[arg] as unknown[]) : undefined;
    // A caller's own product filter is narrowed to the scope, never widened.
    const wanted = asked
      ? scope.productList.filter((p) => asked.some((a) => a === p))
      : [...scope.productList];
    const ids = wanted.length ? wanted : [...scope.productList];
    if (!wanted.length) ctx.facts.set(HIDE_FACT, 'empty');
    const params = ctx.request.message.params as Record<string, unknown>;
    return {
      kind: 'rewrite',
      message: {
        ...ctx.request.message,
        params: { ...params, arguments: { ...args, [arg]: ids } },
      },
      note: `scope: ${arg} set to ${ids.length} product(s)`,
    };
  }

  async function onResponse(
    ctx: ResponseContext,
    message: JsonRpcMessage,
    view?: ResponseView,
  ): Promise<Verdict> {
    if (ctx.answeredMethod !== 'tools/call' || message.result === undefined) return CONTINUE;
    const hide = ctx.facts.get(HIDE_FACT);
    if (hide === true) {
      return {
        kind: 'rewrite',
        message: { ...message, result: notFoundResult() },
        note: 'scope: finding outside the caller products answered as missing',
      };
    }
    const scope = ctx.facts.get(LIST_FACT) as ProductScope | undefined;
    if (!scope) return CONTINUE;
    const kind = SCOPED_LISTS[ctx.request.toolName!]!;
    const filtered = await filterListResult(
      message,
      kind,
      scope,
      hide === 'empty',
      {
        productOfTest: (t) => lookup.productOfTest(t),
        productOfEngagement: (e) => lookup.productOfEngagement(e),
        learnTest: async (findingId) => {
          await lookup.facts(ctx.principal.id, findingId);
        },
        maxLookups: max,
      },
      viewOf(message, view),
    );
    if (!filtered) return CONTINUE;
    return {
      kind: 'rewrite',
      message: filtered.message,
      note: `scope: removed ${filtered.removed} row(s) outside the caller products`,
      annotations: { hidden: filtered.removed },
    };
  }

  return {
    name: 'finding-facts',
    mode,
    response: { phase: 'transform', step: 'scope-rows' },
    onRequest,
    onResponse,
  };
}

const CONTAINER_ARGS = {
  product: new Set(['productid', 'product']),
  test: new Set(['testid', 'test']),
  other: new Set([
    'engagementid',
    'engagement',
    'productname',
    'producttypeid',
    'producttypename',
    'engagementname',
  ]),
};

/**
 * Creates and imports place new data in a product, engagement or test. A scoped caller may do so
 * only where the container is known to be in scope: a product id of the scope, or a test whose
 * product a lookup taught. Anything else (engagements, names, unknown tests) is refused.
 */
function containerInScope(
  args: Record<string, unknown>,
  scope: ProductScope,
  productOfTest: (t: number) => { product: number; type?: number } | undefined,
): boolean {
  for (const [k, v] of Object.entries(args)) {
    const n = normalizeArgName(k);
    const id = typeof v === 'number' && Number.isSafeInteger(v) ? v : undefined;
    if (CONTAINER_ARGS.product.has(n)) {
      if (id === undefined || !scope.products.has(id)) return false;
    } else if (CONTAINER_ARGS.test.has(n)) {
      const p = id === undefined ? undefined : productOfTest(id);
      if (!p || !inScope(scope, p.product, p.type)) return false;
    } else if (CONTAINER_ARGS.other.has(n)) return false;
  }
  return true;
}

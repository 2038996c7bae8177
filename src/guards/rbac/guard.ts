/**
 * The `rbac` guard: method allow-list, tool/prompt/resource visibility, argument rules (request
 * phase), and filtering of tools/list, prompts/list, resources/list and resources/templates/list
 * through the same decision functions (response phase). `nextCursor` and every other field of a
 * list result are kept untouched.
 */
import type { Guard, RequestContext, ResponseContext, Verdict } from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { CONTINUE } from '../../core/guard.js';
import type { GuardDeps } from '../deps.js';
import type { RbacPolicy } from './schema.js';
import { compileRbac, type CompiledRbac } from './compile.js';
import { decideRequest, promptVisible, resourceVisible, toolVisible } from './decide.js';

const cache = new WeakMap<object, CompiledRbac>();

/** Compiles (once per section object) the rbac section; undefined when the policy has none. */
export function compiledRbacOf(rbac: RbacPolicy | undefined): CompiledRbac | undefined {
  if (!rbac) return undefined;
  let c = cache.get(rbac);
  if (!c) {
    c = compileRbac(rbac);
    cache.set(rbac, c);
  }
  return c;
}

type ListSpec = {
  key: string;
  visible: (rbac: CompiledRbac, role: string, item: Record<string, unknown>) => boolean;
};

const LISTS: Record<string, ListSpec> = {
  'tools/list': { key: 'tools', visible: (r, role, i) => toolVisible(r, role, i.name) },
  'prompts/list': { key: 'prompts', visible: (r, role, i) => promptVisible(r, role, i.name) },
  'resources/list': { key: 'resources', visible: (r, role, i) => resourceVisible(r, role, i.uri) },
  'resources/templates/list': {
    key: 'resourceTemplates',
    visible: (r, role, i) => resourceVisible(r, role, i.uriTemplate),
  },
};

/**
 * Builds the rbac guard, or undefined when the policy has no `rbac` section (STYLE.md §4: absent
 * means no RBAC; `rbac: {}` means deny all).
 * @example createRbacGuard(policy.rbac, deps)?.onRequest?.(ctx)
 */
export function createRbacGuard(
  section: RbacPolicy | undefined,
  deps: GuardDeps,
): Guard | undefined {
  const rbac = compiledRbacOf(section);
  if (!section || !rbac) return undefined;
  const mode = section.mode ?? deps.mode;
  /** Argument names the proxy injects for `tool` (hidden from its schema: the model must not supply them). */
  const injectedFor = deps.injectedArguments;

  function rbacOnRequest(ctx: RequestContext): Verdict {
    const d = decideRequest(rbac!, ctx.principal.role, ctx.request);
    if (d.allow)
      return d.ruleIds ? { kind: 'continue', annotations: { rules: d.ruleIds } } : CONTINUE;
    return { kind: 'deny', code: d.code, reason: d.reason, ruleId: d.ruleId };
  }

  function rbacOnResponse(ctx: ResponseContext, message: JsonRpcMessage): Verdict {
    const spec = ctx.answeredMethod === undefined ? undefined : LISTS[ctx.answeredMethod];
    if (!spec || !Object.prototype.hasOwnProperty.call(message, 'result')) return CONTINUE;
    const result = message.result;
    if (result === null || typeof result !== 'object' || Array.isArray(result)) return CONTINUE;
    const items = (result as Record<string, unknown>)[spec.key];
    const role = ctx.principal.role;
    let kept: unknown[] = [];
    let changed = !Array.isArray(items); // fail closed: a malformed list shows nothing
    if (Array.isArray(items)) {
      kept = items.filter(
        (i) =>
          i !== null &&
          typeof i === 'object' &&
          spec.visible(rbac!, role, i as Record<string, unknown>),
      );
      changed = kept.length !== items.length;
    }
    if (spec.key === 'tools') {
      const before = kept;
      kept = kept.map((t) => hideInjected(t as Record<string, unknown>, injectedFor));
      changed ||= kept.some((t, i) => t !== before[i]);
    }
    if (!changed) return CONTINUE;
    const removed = Array.isArray(items) ? items.length - kept.length : 0;
    return {
      kind: 'rewrite',
      message: { ...message, result: { ...(result as Record<string, unknown>), [spec.key]: kept } },
      note: `rbac removed ${removed} ${spec.key} not visible to role ${role}`,
      annotations: { hidden: removed },
    };
  }

  return {
    name: 'rbac',
    mode,
    response: { phase: 'transform', step: 'filter-lists' },
    onRequest: rbacOnRequest,
    onResponse: rbacOnResponse,
  };
}

/**
 * Removes injected argument names from a tool's inputSchema (properties and required), so the model
 * is never asked for, e.g., Pro's `token`: the proxy supplies it. Returns the same object when
 * nothing changes.
 */
function hideInjected(
  tool: Record<string, unknown>,
  injectedFor: (t: string) => readonly string[],
): unknown {
  const names = typeof tool.name === 'string' ? injectedFor(tool.name) : [];
  const schema = tool.inputSchema;
  if (!names.length || schema === null || typeof schema !== 'object' || Array.isArray(schema))
    return tool;
  const sch = schema as Record<string, unknown>;
  const props = sch.properties;
  const hasProp =
    props !== null &&
    typeof props === 'object' &&
    names.some((n) => Object.prototype.hasOwnProperty.call(props, n));
  const req = Array.isArray(sch.required) ? (sch.required as unknown[]) : undefined;
  const hasReq = req?.some((r) => typeof r === 'string' && names.includes(r)) ?? false;
  if (!hasProp && !hasReq) return tool;
  const next: Record<string, unknown> = { ...sch };
  if (hasProp) {
    next.properties = Object.fromEntries(
      Object.entries(props as Record<string, unknown>).filter(([k]) => !names.includes(k)),
    );
  }
  if (hasReq) next.required = req!.filter((r) => !(typeof r === 'string' && names.includes(r)));
  return { ...tool, inputSchema: next };
}

/**
 * The `server-requests` guard: server→client requests are policy too.
 * `sampling/createMessage` spends the client's model, `elicitation/create` shows forms and URLs to
 * the user, `roots/list` reveals local paths. Each arrives from the upstream (on a POST's SSE
 * stream or the GET stream) and is decided here, in the response phase, against the caller's role:
 *
 * - policy without `rbac`: no guard (every authenticated caller may do everything, as for RBAC);
 * - policy with `rbac`: default deny. A role allows what its `server_requests` list (inherited)
 *   names; `ping` is always allowed (liveness only, it carries nothing);
 * - 2026-07-28 MRTR: an `input_required` result whose `inputRequests` name a method the role may
 *   not receive is refused as a whole (the client must never see the request).
 *
 * A denied request is dropped; src/proxy/exchange.ts answers the upstream with a JSON-RPC error
 * and writes a decision record. Names are exact code points (no case folding).
 */
import type { Guard, ResponseContext, Verdict } from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { CONTINUE } from '../../core/guard.js';
import type { GuardDeps } from '../deps.js';
import type { RbacPolicy } from '../rbac/schema.js';
import { compilePatternSet, type PatternSet } from '../../core/match.js';

/** Server→client methods every role may receive. */
const ALWAYS_ALLOWED: ReadonlySet<string> = new Set(['ping']);

/** Role name → allowed server→client methods, with inheritance flattened. */
export function compileServerRequests(rbac: RbacPolicy): ReadonlyMap<string, PatternSet> {
  const roles = rbac.roles;
  const own = (name: string) =>
    Object.prototype.hasOwnProperty.call(roles, name) ? roles[name] : undefined;
  const flat = new Map<string, string[]>();
  // src/guards/rbac/compile.ts already rejects unknown parents and cycles; `seen` only guards recursion.
  const collect = (name: string, seen: Set<string>): string[] => {
    const cached = flat.get(name);
    if (cached) return cached;
    const role = own(name);
    if (!role || seen.has(name)) return [];
    seen.add(name);
    const out = [...role.server_requests];
    for (const parent of role.inherits) out.push(...collect(parent, seen));
    flat.set(name, out);
    return out;
  };
  const result = new Map<string, PatternSet>();
  for (const name of Object.keys(roles))
    result.set(name, compilePatternSet(collect(name, new Set())));
  return result;
}

/** True when `role` may receive the server→client request `method`. */
export function serverRequestAllowed(
  table: ReadonlyMap<string, PatternSet>,
  role: string,
  method: string,
): boolean {
  if (ALWAYS_ALLOWED.has(method)) return true;
  return table.get(role)?.allows(method) ?? false;
}

/** Methods named by a 2026-07-28 `input_required` result's `inputRequests` (any shape). */
export function inputRequestMethods(message: JsonRpcMessage): string[] | undefined {
  const result = message.result;
  if (result === null || typeof result !== 'object' || Array.isArray(result)) return undefined;
  const r = result as Record<string, unknown>;
  if (r.resultType !== 'input_required' && r.inputRequests === undefined) return undefined;
  const reqs = r.inputRequests;
  const items =
    reqs !== null && typeof reqs === 'object'
      ? Array.isArray(reqs)
        ? reqs
        : Object.values(reqs as Record<string, unknown>)
      : [];
  // Fail closed: an entry without a string method counts as an unknown method (denied).
  return items.map((i) =>
    i !== null && typeof i === 'object' && typeof (i as { method?: unknown }).method === 'string'
      ? (i as { method: string }).method
      : '',
  );
}

/**
 * Builds the guard, or undefined when the policy has no `rbac` section.
 * @example createServerRequestsGuard(policy.rbac, deps)?.onResponse?.(rctx, msg)
 */
export function createServerRequestsGuard(
  rbac: RbacPolicy | undefined,
  deps: GuardDeps,
): Guard | undefined {
  if (!rbac) return undefined;
  const table = compileServerRequests(rbac);
  const mode = rbac.mode ?? deps.mode;

  function onResponse(ctx: ResponseContext, message: JsonRpcMessage): Verdict {
    const role = ctx.principal.role;
    const method = message.method;
    if (typeof method === 'string') {
      // Notifications from the server are governed by other guards; only requests are decided.
      if (!Object.prototype.hasOwnProperty.call(message, 'id')) return CONTINUE;
      if (serverRequestAllowed(table, role, method)) return CONTINUE;
      return {
        kind: 'deny',
        code: 'server_request_denied',
        reason: `role ${role} may not receive server request ${method.slice(0, 64)}`,
      };
    }
    const methods = inputRequestMethods(message);
    const bad = methods?.find((m) => !serverRequestAllowed(table, role, m));
    if (bad === undefined) return CONTINUE;
    return {
      kind: 'deny',
      code: 'server_request_denied',
      reason: `role ${role} may not receive input request ${bad.slice(0, 64) || '(no method)'}`,
    };
  }

  return { name: 'server-requests', mode, response: { phase: 'observe' }, onResponse };
}

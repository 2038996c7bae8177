/**
 * The RBAC decision functions. One function decides visibility for both `*\/list` filtering and
 * calls, so a tool hidden from tools/list can never be called, and a
 * forbidden tool is answered exactly like a missing one (`unknown_tool`).
 */
import type { ClassifiedRequest } from '../../core/jsonrpc.js';
import type { DenialCode } from '../../core/denials.js';
import type { CompiledRbac, CompiledRole } from './compile.js';
import type { FactView } from './conditions.js';

export type RbacDecision =
  | { allow: true; ruleIds?: string[] }
  | { allow: false; code: DenialCode; reason: string; ruleId?: string };

/** Tool/prompt names outside this set are never visible (exact, conservative names). */
export const NAME_RE = /^[A-Za-z0-9_.\-/]{1,128}$/;

/** Prompt names: as tool names plus the ASCII space (titled prompts). */
export const PROMPT_NAME_RE = /^[A-Za-z0-9_.\-/ ]{1,128}$/;

const ALLOW: RbacDecision = Object.freeze({ allow: true });

/** May `role` see and call tool `name`? Exact code points; unknown role → no. */
export function toolVisible(rbac: CompiledRbac, role: string, name: unknown): name is string {
  const r = rbac.roles.get(role);
  return r !== undefined && typeof name === 'string' && NAME_RE.test(name) && r.tools.allows(name);
}

export function promptVisible(rbac: CompiledRbac, role: string, name: unknown): name is string {
  const r = rbac.roles.get(role);
  return (
    r !== undefined &&
    typeof name === 'string' &&
    PROMPT_NAME_RE.test(name) &&
    r.prompts.allows(name)
  );
}

export function resourceVisible(rbac: CompiledRbac, role: string, uri: unknown): uri is string {
  const r = rbac.roles.get(role);
  return (
    r !== undefined && typeof uri === 'string' && uri.length <= 2048 && r.resources.allows(uri)
  );
}

function params(req: ClassifiedRequest): Record<string, unknown> | undefined {
  const p = req.message.params;
  return p !== null && typeof p === 'object' && !Array.isArray(p)
    ? (p as Record<string, unknown>)
    : undefined;
}

/**
 * Argument rules for an allowed tool call: deny > require; every matching rule must pass.
 * Without `facts`, rules with a fact condition are left to the finding-facts guard (it calls
 * this again with the target's facts and `onlyFactRules`); with facts and no flag, all rules run
 * (policy explain).
 */
export function checkRules(
  rbac: CompiledRbac,
  role: CompiledRole,
  tool: string,
  args: Readonly<Record<string, unknown>> | undefined,
  facts?: FactView,
  onlyFactRules = false,
): RbacDecision {
  const matched: string[] = [];
  for (const rule of rbac.rules) {
    // An external decision point decides its rules (src/guards/external/guard.ts).
    if (rule.external !== undefined) continue;
    if (rule.needsFacts ? facts === undefined : onlyFactRules) continue;
    if (!rule.tools.allows(tool) || !rule.when.every((c) => c(args, facts))) continue;
    if (rule.deny)
      return {
        allow: false,
        code: 'rbac_denied',
        reason: `rule ${rule.id} denies`,
        ruleId: rule.id,
      };
    if (rule.require !== undefined && !role.permissions.has(rule.require)) {
      return {
        allow: false,
        code: 'rbac_denied',
        reason: `rule ${rule.id} requires permission ${rule.require}`,
        ruleId: rule.id,
      };
    }
    matched.push(rule.id);
  }
  return matched.length ? { allow: true, ruleIds: matched } : ALLOW;
}

/**
 * Decides one client→server message for a role.
 * @example decideRequest(rbac, 'reader', classified) // { allow: false, code: 'unknown_tool', ... }
 */
export function decideRequest(
  rbac: CompiledRbac,
  roleName: string,
  req: ClassifiedRequest,
  facts?: FactView,
): RbacDecision {
  if (req.kind === 'response') return ALLOW; // answers to server→client requests: not ours
  const method = req.method;
  if (typeof method !== 'string' || !rbac.methods.has(method)) {
    return {
      allow: false,
      code: 'method_denied',
      reason: 'method not in allow-list',
      ruleId: 'methods',
    };
  }
  const role = rbac.roles.get(roleName);
  const p = params(req);
  switch (method) {
    case 'tools/call': {
      const name = req.toolName ?? p?.name;
      if (!role || !toolVisible(rbac, roleName, name)) {
        return { allow: false, code: 'unknown_tool', reason: 'tool not visible to role' };
      }
      if (p?.task !== undefined) {
        // The result would be a CreateTaskResult, outside call-time authorization.
        return {
          allow: false,
          code: 'rbac_denied',
          reason: 'task-augmented call',
          ruleId: 'task_augmented',
        };
      }
      return checkRules(rbac, role, name, req.arguments, facts);
    }
    case 'prompts/get':
      return promptVisible(rbac, roleName, req.promptName ?? p?.name)
        ? ALLOW
        : { allow: false, code: 'unknown_prompt', reason: 'prompt not visible to role' };
    case 'resources/read':
    case 'resources/subscribe':
    case 'resources/unsubscribe':
      return resourceVisible(rbac, roleName, req.resourceUri ?? p?.uri)
        ? ALLOW
        : { allow: false, code: 'unknown_resource', reason: 'resource not visible to role' };
    case 'completion/complete': {
      const ref = p?.ref as Record<string, unknown> | undefined;
      if (ref?.type === 'ref/prompt' && promptVisible(rbac, roleName, ref.name)) return ALLOW;
      if (ref?.type === 'ref/resource' && resourceVisible(rbac, roleName, ref.uri)) return ALLOW;
      return { allow: false, code: 'unknown_prompt', reason: 'completion ref not visible to role' };
    }
    default:
      return role ? ALLOW : { allow: false, code: 'rbac_denied', reason: 'unknown role' };
  }
}

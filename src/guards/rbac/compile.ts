/**
 * Compiles the `rbac` section into frozen lookups (STYLE.md §4): role → pattern sets (with
 * inheritance flattened), named permissions, argument rules, the method allow-list.
 */
import type { RbacPolicy } from './schema.js';
import { compilePatternSet, type PatternSet } from '../../core/match.js';
import { compileCondition, type CompiledCondition } from './conditions.js';

/** Client→server methods of MCP 2025-11-25 (mcp-protocol.md §2.4), tasks/* excluded. */
export const DEFAULT_METHODS: readonly string[] = Object.freeze([
  'initialize',
  'notifications/initialized',
  'ping',
  'notifications/cancelled',
  'notifications/progress',
  'tools/list',
  'tools/call',
  'prompts/list',
  'prompts/get',
  'resources/list',
  'resources/templates/list',
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
  'completion/complete',
  'logging/setLevel',
  'notifications/roots/list_changed',
]);

export interface CompiledRole {
  readonly name: string;
  readonly tools: PatternSet;
  readonly prompts: PatternSet;
  readonly resources: PatternSet;
  readonly permissions: ReadonlySet<string>;
}

export interface CompiledRule {
  readonly id: string;
  readonly tools: PatternSet;
  readonly when: readonly CompiledCondition[];
  readonly require?: string;
  readonly deny: boolean;
  /** Has a `fact:` condition: decided by the finding-facts guard after the lookup. */
  readonly needsFacts: boolean;
  /** `require: external:<name>`: decided by that decision point (src/guards/external/guard.ts). */
  readonly external?: string;
}

/** Prefix of a `require` that names an external decision point instead of a permission. */
export const EXTERNAL_PREFIX = 'external:';

export interface CompiledRbac {
  readonly roles: ReadonlyMap<string, CompiledRole>;
  readonly rules: readonly CompiledRule[];
  readonly methods: ReadonlySet<string>;
}

/**
 * Flattens inheritance and compiles patterns. Throws with a dotted path on unknown or cyclic roles.
 * @example compileRbac(policy.rbac).roles.get('reader')?.tools.allows('get_findings')
 */
export function compileRbac(rbac: RbacPolicy): CompiledRbac {
  const flat = new Map<
    string,
    { tools: string[]; prompts: string[]; resources: string[]; permissions: Set<string> }
  >();
  const visiting = new Set<string>();
  const flatten = (name: string, via: string) => {
    const done = flat.get(name);
    if (done) return done;
    const role = Object.prototype.hasOwnProperty.call(rbac.roles, name)
      ? rbac.roles[name]
      : undefined;
    if (!role) throw new Error(`${via}: unknown role ${name}`);
    if (visiting.has(name)) throw new Error(`rbac.roles.${name}.inherits: inheritance cycle`);
    visiting.add(name);
    const acc = {
      tools: [...role.tools],
      prompts: [...role.prompts],
      resources: [...role.resources],
      permissions: new Set(role.permissions),
    };
    role.inherits.forEach((parent, i) => {
      const p = flatten(parent, `rbac.roles.${name}.inherits.${i}`);
      acc.tools.push(...p.tools);
      acc.prompts.push(...p.prompts);
      acc.resources.push(...p.resources);
      p.permissions.forEach((x) => acc.permissions.add(x));
    });
    visiting.delete(name);
    flat.set(name, acc);
    return acc;
  };
  const roles = new Map<string, CompiledRole>();
  for (const name of Object.keys(rbac.roles)) {
    const f = flatten(name, `rbac.roles.${name}`);
    roles.set(
      name,
      Object.freeze({
        name,
        tools: compilePatternSet(f.tools),
        prompts: compilePatternSet(f.prompts),
        resources: compilePatternSet(f.resources),
        permissions: f.permissions,
      }),
    );
  }
  const ids = new Set<string>();
  const rules = rbac.rules.map((r, i): CompiledRule => {
    if (ids.has(r.id)) throw new Error(`rbac.rules.${i}.id: duplicate rule id ${r.id}`);
    ids.add(r.id);
    const when = r.when.map(compileCondition);
    return Object.freeze({
      id: r.id,
      tools: compilePatternSet(r.tools),
      when: Object.freeze(when),
      require: r.require,
      deny: r.deny === true,
      needsFacts: when.some((c) => c.needsFacts === true),
      ...(r.require?.startsWith(EXTERNAL_PREFIX) && {
        external: r.require.slice(EXTERNAL_PREFIX.length),
      }),
    });
  });
  return Object.freeze({
    roles,
    rules: Object.freeze(rules),
    methods: new Set(rbac.methods.allow ?? DEFAULT_METHODS),
  });
}

/** Warnings for legal but suspicious rbac config (rules requiring a permission no role holds). */
export function rbacWarnings(c: CompiledRbac): string[] {
  const held = new Set<string>();
  for (const r of c.roles.values()) r.permissions.forEach((p) => held.add(p));
  return c.rules
    .filter((r) => r.require !== undefined && r.external === undefined && !held.has(r.require))
    .map(
      (r) =>
        `rbac.rules ${r.id}: permission ${r.require} is held by no role (rule denies everyone)`,
    );
}

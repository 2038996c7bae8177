/**
 * Guard `argument-validation`: tools/call arguments must match the `inputSchema` the upstream
 * advertised for the tool (src/guards/arguments/input-schema.ts). Coverage comes from the
 * upstream's own definitions, not from a list of argument names: an argument the schema does not
 * declare (`ids` on a tool that takes `limit`), a case variant of a declared name, a nested
 * undeclared property or a value of the wrong type never reaches the upstream.
 *
 * Request phase only. Runs after rbac, so a hidden tool stays `unknown_tool` and a caller cannot
 * use this guard to probe tools it may not see. Denials name the argument path and the failing
 * keyword, never the value.
 */
import type { Guard, GuardMode, RequestContext, Verdict } from '../../core/guard.js';
import type { GuardDeps } from '../deps.js';
import { compilePatternSet } from '../../core/match.js';
import type { ArgumentsPolicy } from './schema.js';
import {
  InputSchemaCache,
  preloadValidator,
  type ArgumentProblem,
  type CompiledInputSchema,
} from './input-schema.js';
import type { CatalogTool } from '../tool-catalog/catalog.js';
import type { ToolDefinitions } from '../tool-catalog/definitions.js';

const PROBLEM_TEXT: Record<ArgumentProblem['problem'], string> = {
  undeclared: 'is not an argument of this tool',
  missing: 'is required',
  type: 'has the wrong type',
  constraint: 'does not satisfy the tool schema',
};

/** A path for humans and logs: pointer segments, each clipped, non-printables escaped. */
function showPath(path: string): string {
  const shown = path
    .split('/')
    .slice(1)
    .map((seg) => {
      const s = seg.length > 64 ? `${seg.slice(0, 64)}…` : seg;
      return /^[A-Za-z0-9_.\-~]*$/.test(s) ? s : JSON.stringify(s).replace(/[^\x20-\x7e]/g, '?');
    })
    .join('/');
  return `/${shown}`.slice(0, 200);
}

/**
 * Builds the guard, or undefined when the policy says `arguments.enabled: false` (an absent
 * section is on: src/policy/schema.ts).
 * @example createArgumentValidationGuard(policy.arguments, deps)?.name // 'argument-validation'
 */
export function createArgumentValidationGuard(
  cfg: ArgumentsPolicy | undefined,
  deps: GuardDeps,
): Guard | undefined {
  if (!cfg?.enabled) return undefined;
  const mode: GuardMode = cfg.mode ?? deps.mode;
  const definitions: ToolDefinitions | undefined = deps.toolDefinitions;
  if (definitions === undefined) throw new Error('arguments: no tool definition source configured');
  const exemptTools = compilePatternSet(cfg.exempt_tools);
  const closeObjects = cfg.unknown_arguments === 'deny';
  const cache = new InputSchemaCache();
  preloadValidator();
  // Last compiled form per tool name, valid while the catalog holds the same definition object
  // (a relisted tool gets a new object; its hash then finds the compiled form in `cache`).
  const lastByTool = new Map<
    string,
    { def: CatalogTool; compiled: Promise<CompiledInputSchema> }
  >();

  function compiledFor(tool: CatalogTool): Promise<CompiledInputSchema> {
    const last = lastByTool.get(tool.name);
    if (last && last.def === tool) return last.compiled;
    const exempt = deps.injectedArguments(tool.name);
    const compiled = cache.get(tool.inputSchema, { closeObjects, exempt: [...new Set(exempt)] });
    if (lastByTool.size >= 4096) lastByTool.clear();
    lastByTool.set(tool.name, { def: tool, compiled });
    return compiled;
  }

  async function argumentValidationOnRequest(ctx: RequestContext): Promise<Verdict> {
    const name = ctx.request.toolName;
    if (ctx.request.method !== 'tools/call' || name === undefined) return { kind: 'continue' };
    if (exemptTools.allows(name)) return { kind: 'continue', annotations: { exempt: true } };
    const found = await definitions!.lookup(name);
    if (found.kind === 'absent') {
      return { kind: 'deny', code: 'unknown_tool', reason: 'tool not in the upstream tools/list' };
    }
    if (found.kind === 'unavailable') {
      return { kind: 'deny', code: 'tool_schema_unavailable', reason: found.reason };
    }
    const compiled = await compiledFor(found.tool);
    if (!compiled.ok) {
      return {
        kind: 'deny',
        code: 'tool_schema_unavailable',
        reason: compiled.reason,
        ruleId: 'arguments:unusable-schema',
      };
    }
    const problem = compiled.validate(ctx.request.arguments ?? {});
    if (!problem) return { kind: 'continue' };
    const path = showPath(problem.path);
    const text = `argument ${path} ${PROBLEM_TEXT[problem.problem]}`;
    const detail = problem.problem === 'type' ? ` (expected ${problem.detail})` : '';
    return {
      kind: 'deny',
      code: 'invalid_arguments',
      reason: `${text}${detail} [${problem.detail}]`,
      publicMessage: `Invalid arguments: ${text}${detail}`,
      ruleId: `arguments:${problem.problem}`,
      data: { argument: path, problem: problem.problem },
    };
  }

  return { name: 'argument-validation', mode, onRequest: argumentValidationOnRequest };
}

/**
 * Guard `tool-resolve`: before any guard classifies a tools/call (read or mutating, from the
 * upstream's annotations: src/policy/tool-classes.ts), make sure the tool's definition is known,
 * fetching the upstream's tools/list once if the client never listed it (src/guards/tool-definitions.ts).
 * Without it a client that calls tools without listing them first would have every tool classed as
 * mutating (fail closed, but its reads would never count as reads). Never denies: the argument
 * validation guard refuses a tool with no definition when the policy enables it; classification
 * stays fail-closed when the fetch fails. Runs after rbac: a hidden tool costs no fetch.
 */
import { CONTINUE, type Guard, type RequestContext, type Verdict } from './guard.js';
import type { GuardFactory } from './registry.js';

export const createToolResolveGuard: GuardFactory = (_policy, deps) => {
  const defs = deps.toolDefinitions;
  if (!defs) return undefined;
  const guard: Guard = {
    name: 'tool-resolve',
    mode: 'enforce',
    async onRequest(ctx: RequestContext): Promise<Verdict> {
      const tool = ctx.request.toolName;
      if (ctx.request.method !== 'tools/call' || !tool || defs.known(tool)) return CONTINUE;
      await defs.lookup(tool);
      return CONTINUE;
    },
  };
  return guard;
};

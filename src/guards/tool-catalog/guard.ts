/**
 * The `tool-catalog` guard: observes `tools/list` results (and `list_changed` notifications) and
 * feeds the catalog in ./catalog.ts. It never changes or denies a message.
 */
import type { Guard, ResponseContext, Verdict } from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { CONTINUE } from '../../core/guard.js';
import { sharedToolCatalog, type ToolCatalog } from './catalog.js';

/**
 * Response-phase guard that feeds `catalog` from `tools/list` results. Never changes or denies a
 * message. Place it last in the chain so its response hook runs first and sees the upstream's
 * list before RBAC filters it.
 */
export function createToolCatalogObserver(catalog: ToolCatalog = sharedToolCatalog): Guard {
  return {
    name: 'tool-catalog',
    mode: 'enforce',
    // Sees the upstream's list before pinning or rbac filter it.
    response: { phase: 'observe' },
    onResponse: function toolCatalogOnResponse(
      ctx: ResponseContext,
      message: JsonRpcMessage,
    ): Verdict {
      if (message.method === 'notifications/tools/list_changed') {
        catalog.stale = true;
        return CONTINUE;
      }
      if (ctx.answeredMethod !== 'tools/list') return CONTINUE;
      const result = message.result;
      if (typeof result !== 'object' || result === null) return CONTINUE;
      const tools = (result as Record<string, unknown>).tools;
      if (Array.isArray(tools)) catalog.observe(tools);
      return CONTINUE;
    },
  };
}

/** Registry factory: the catalog observer is always on (it only reads). */
export function createToolCatalogGuard(): Guard {
  return createToolCatalogObserver(sharedToolCatalog);
}

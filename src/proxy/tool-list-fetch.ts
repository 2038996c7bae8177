/**
 * The proxy's own tools/list against the upstream (src/guards/tool-catalog/definitions.ts calls it
 * when a tool is called before the proxy saw its definition). It runs in an internal session of
 * its own (src/proxy/internal-session.ts), with the policy's upstream headers only.
 */
import type { CompiledUpstream } from '../policy/compiled.js';
import { InternalSession, type Message } from './internal-session.js';

const MAX_PAGES = 50;
/** Whole fetch budget (capped by the policy's upstream timeout). */
const BUDGET_MS = 20_000;

/**
 * Returns a function that fetches every page of the upstream's tools/list.
 * @example const tools = await createUpstreamToolLister(policy.upstream)();
 */
export function createUpstreamToolLister(cfg: CompiledUpstream): () => Promise<unknown[]> {
  return async function listUpstreamTools(): Promise<unknown[]> {
    const session = new InternalSession(cfg, 'dojo-guard-tool-list');
    const signal = AbortSignal.timeout(Math.min(cfg.timeoutMs, BUDGET_MS));
    try {
      await session.open(signal);
      const tools: unknown[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const m = await session.request(
          'tools/list',
          cursor === undefined ? {} : { cursor },
          signal,
        );
        const result = m.result as Message | undefined;
        if (!result || !Array.isArray(result.tools)) throw new Error('tools/list: no tools array');
        tools.push(...(result.tools as unknown[]));
        if (typeof result.nextCursor !== 'string') return tools;
        cursor = result.nextCursor;
      }
      throw new Error('tools/list: too many pages');
    } finally {
      await session.close();
    }
  };
}

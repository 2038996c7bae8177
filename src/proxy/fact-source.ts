/**
 * The production fact source: a tools/call of the lookup tool (get_finding_by_id) on one internal
 * upstream session the guard keeps open (src/proxy/internal-session.ts), as the guard's own
 * principal: only the policy's upstream headers and injected arguments (e.g. Pro's token) are
 * sent, never a client's. A session the upstream dropped is reopened once.
 */
import type { CompiledUpstream } from '../policy/compiled.js';
import type { FactSource } from '../guards/finding-facts/source.js';
import { InternalSession, SessionGoneError } from './internal-session.js';

/** How long a warm-up may take to open the session before it gives up (the lookup retries). */
const WARM_TIMEOUT_MS = 10_000;

/**
 * @example const source = createUpstreamFactSource(policy.upstream, 'get_finding_by_id', 'finding_id');
 */
export function createUpstreamFactSource(
  cfg: CompiledUpstream,
  tool: string,
  idArgument: string,
): FactSource {
  let session: InternalSession | undefined;
  let opening: Promise<InternalSession> | undefined;
  const open = (signal: AbortSignal): Promise<InternalSession> => {
    if (session?.isOpen) return Promise.resolve(session);
    opening ??= (async () => {
      const s = new InternalSession(cfg, 'dojo-guard-fact-lookup');
      try {
        await s.open(signal);
      } catch (err) {
        await s.close();
        throw err;
      }
      const old = session;
      session = s;
      if (old) void old.close();
      return s;
    })().finally(() => {
      opening = undefined;
    });
    return opening;
  };
  const lookup: FactSource = async (findingId, signal) => {
    const args = { ...(cfg.injectArguments(tool) ?? {}), [idArgument]: findingId };
    for (let attempt = 0; ; attempt++) {
      const s = await open(signal);
      try {
        return await s.request('tools/call', { name: tool, arguments: args }, signal);
      } catch (err) {
        if (!(err instanceof SessionGoneError) || attempt > 0) throw err;
      }
    }
  };
  // The session's initialize is otherwise paid by the first mutation (the finding-facts guard
  // warms it when a client lists tools).
  lookup.warm = () => {
    if (session?.isOpen || opening) return;
    open(AbortSignal.timeout(WARM_TIMEOUT_MS)).catch(() => undefined);
  };
  return lookup;
}

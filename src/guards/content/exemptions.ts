/**
 * The policy's explicit wrap exemptions (`content.wrap.exempt`), resolved to one pre-built trie
 * per tool or prompt name. Terminal nodes carry `<id>:<path>` labels, so a verdict annotation
 * names every exemption that let text through unmarked.
 */
import { globMatches } from '../../core/match.js';
import { buildTrie, isEmptyTrie, type PathTrie } from './json-path.js';
import type { WrapExemption } from './schema.js';

/** Which side of the protocol an exemption names. */
export type ExemptionTarget = 'tools' | 'prompts';

/** Resolves a tool or prompt name to the trie of its exempt paths; memoised per distinct name. */
export interface ExemptionResolver {
  forName(target: ExemptionTarget, name: string | undefined): PathTrie | undefined;
}

const MAX_CACHED_NAMES = 4096;

/**
 * The exemption entries that apply to `name` (for the resolver and `policy explain`).
 * @example exemptionsFor(policy.exempt, 'tools', 'get_findings')
 */
export function exemptionsFor(
  entries: readonly WrapExemption[],
  target: ExemptionTarget,
  name: string,
): WrapExemption[] {
  return entries.filter((e) => e[target].some((g) => globMatches(g, name)));
}

/**
 * Builds the resolver at factory time; throws on an invalid path so a bad policy fails at load.
 * @example createExemptionResolver([{ id: 'x', tools: ['get_*'], prompts: [], paths: ['a'], reason: 'r' }])
 */
export function createExemptionResolver(entries: readonly WrapExemption[]): ExemptionResolver {
  for (const e of entries) buildTrie(e.paths); // validate now, not on the first request
  const cache = new Map<string, PathTrie | undefined>();
  return {
    forName(target, name) {
      if (name === undefined || entries.length === 0) return undefined;
      const key = `${target}\u0000${name}`;
      if (cache.has(key)) return cache.get(key);
      const labelled = exemptionsFor(entries, target, name).flatMap((e) =>
        e.paths.map((path) => ({ path, label: `${e.id}:${path}` })),
      );
      const trie = buildTrie(labelled);
      const result = isEmptyTrie(trie) ? undefined : trie;
      // Names come from clients; bound the memo so unknown names cannot grow it forever.
      if (cache.size < MAX_CACHED_NAMES) cache.set(key, result);
      return result;
    },
  };
}

/**
 * Which result fields of which tool are untrusted: the built-in DefectDojo set plus the policy's
 * `wrap.tools` map (exact names and `*` globs), resolved to one pre-built trie per tool name.
 */
import { buildTrie, isEmptyTrie, type PathTrie } from './json-path.js';

/**
 * Free-text DefectDojo fields written by scanners, people or agents (finding, note, product,
 * engagement, test). Wrapped wherever they appear at the top level of a result, in list envelopes
 * (`results`, `items`, `findings`, `notes`, `data`), in single-object envelopes (`result`,
 * `finding`, `note`), and in a finding's embedded notes.
 */
export const DEFAULT_UNTRUSTED_FIELDS: readonly string[] = Object.freeze([
  'title',
  'description',
  'mitigation',
  'impact',
  'steps_to_reproduce',
  'severity_justification',
  'references',
  'entry',
  'tags',
  'component_name',
  'file_path',
  'param',
  'payload',
]);

const LIST_KEYS = ['results', 'items', 'findings', 'notes', 'data'] as const;
/** Single-object envelopes, e.g. our server's get_finding_by_id `{ result: {…} }`. */
const OBJECT_KEYS = ['result', 'finding', 'note'] as const;

/**
 * The default paths for the shipped DefectDojo policies, applied to every tool (`*`).
 * @example DEFAULT_UNTRUSTED_PATHS.includes('results[].description') // true
 */
export const DEFAULT_UNTRUSTED_PATHS: readonly string[] = Object.freeze(
  DEFAULT_UNTRUSTED_FIELDS.flatMap((f) => [
    f,
    ...LIST_KEYS.map((k) => `${k}[].${f}`),
    ...LIST_KEYS.map((k) => `${k}[].notes[].${f}`),
    ...OBJECT_KEYS.map((k) => `${k}.${f}`),
    ...OBJECT_KEYS.map((k) => `${k}.notes[].${f}`),
  ]),
);

/** Compiles `get_*`-style globs (only `*` is special) into an anchored RegExp. */
function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 's');
}

/** Resolves a tool name to the trie of its untrusted paths; memoised per distinct name. */
export interface ToolPathResolver {
  forTool(toolName: string | undefined): PathTrie | undefined;
}

const MAX_CACHED_TOOLS = 4096;

/**
 * Builds the resolver at factory time; throws on an invalid path so a bad policy fails at load.
 * @example createToolPathResolver({ get_findings: ['results[].title'] }, true)
 */
export function createToolPathResolver(
  tools: Readonly<Record<string, readonly string[]>>,
  useDefaults: boolean,
): ToolPathResolver {
  const exact = new Map<string, readonly string[]>();
  const globs: { re: RegExp; paths: readonly string[] }[] = [];
  for (const [pattern, paths] of Object.entries(tools)) {
    buildTrie(paths); // validate now, not on the first request
    if (pattern.includes('*')) globs.push({ re: globToRegExp(pattern), paths });
    else exact.set(pattern, paths);
  }
  const cache = new Map<string, PathTrie | undefined>();
  return {
    forTool(toolName) {
      if (toolName === undefined) return undefined;
      if (cache.has(toolName)) return cache.get(toolName);
      const paths = new Set<string>(useDefaults ? DEFAULT_UNTRUSTED_PATHS : []);
      for (const p of exact.get(toolName) ?? []) paths.add(p);
      for (const g of globs) if (g.re.test(toolName)) for (const p of g.paths) paths.add(p);
      const trie = buildTrie(paths);
      const result = isEmptyTrie(trie) ? undefined : trie;
      // Tool names come from clients; bound the memo so unknown names cannot grow it forever.
      if (cache.size < MAX_CACHED_TOOLS) cache.set(toolName, result);
      return result;
    },
  };
}

/**
 * The untrusted paths wrapped in `toolName`'s results, as policy text (defaults first, then exact
 * and glob entries), with the same selection as `createToolPathResolver`. For `policy explain`.
 * @example untrustedPathsFor({ 'get_*': ['x'] }, false, 'get_findings') // ['x']
 */
export function untrustedPathsFor(
  tools: Readonly<Record<string, readonly string[]>>,
  useDefaults: boolean,
  toolName: string,
): string[] {
  const paths = new Set<string>(useDefaults ? DEFAULT_UNTRUSTED_PATHS : []);
  for (const [pattern, list] of Object.entries(tools)) {
    const hit = pattern.includes('*') ? globToRegExp(pattern).test(toolName) : pattern === toolName;
    if (hit) for (const p of list) paths.add(p);
  }
  return [...paths];
}

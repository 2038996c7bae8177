/**
 * Tool names a policy spells out literally (patterns without `*`, `!` dropped): the values the
 * proxy's `tool` metric label may take (src/proxy/metrics.ts); any other tool is `other`.
 */
import type { PolicyFile } from './schema.js';

/** @example literalToolNames(source).has('get_finding_by_id') */
export function literalToolNames(source: PolicyFile): ReadonlySet<string> {
  const names: string[] = [];
  for (const list of Object.values(source.tools?.classes ?? {})) names.push(...list);
  for (const role of Object.values(source.rbac?.roles ?? {})) names.push(...role.tools);
  for (const rule of source.rbac?.rules ?? []) names.push(...rule.tools);
  return new Set(names.map((n) => n.replace(/^!/, '')).filter((n) => !n.includes('*')));
}

/**
 * Load warnings of the `content` section: obsolete keys of the old listed-fields coverage model
 * (ignored: everything is wrapped now). A switched-off or shadowed transform is reported with the
 * other protections by src/policy/protections.ts.
 */
import type { ContentPolicy } from './schema.js';

/**
 * Warnings for `policy.content`, logged at startup and by `policy validate`.
 * @example contentWarnings(policy.content) // ['content.wrap.use_defaults: obsolete and ignored …']
 */
export function contentWarnings(content: ContentPolicy | undefined): string[] {
  const out: string[] = [];
  const wrap = content?.wrap;
  if (wrap?.use_defaults !== undefined)
    out.push('content.wrap.use_defaults: obsolete and ignored (every string leaf is wrapped)');
  if (wrap?.tools !== undefined)
    out.push(
      'content.wrap.tools: obsolete and ignored (every string leaf is wrapped; list exemptions under content.wrap.exempt)',
    );
  return out;
}

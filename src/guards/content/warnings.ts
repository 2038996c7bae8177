/**
 * Load warnings of the `content` section: a shadowed transform (its protection is off) and
 * obsolete keys of the old listed-fields coverage model (ignored: everything is wrapped now).
 */
import type { PolicyFile } from '../../policy/schema.js';

/**
 * Warnings for `policy.content`, logged at startup and by `policy validate`.
 * @example contentWarnings(policy) // ['content.redact.mode: shadow — …']
 */
export function contentWarnings(policy: PolicyFile): string[] {
  const out: string[] = [];
  const wrap = policy.content?.wrap;
  const redact = policy.content?.redact;
  if (wrap?.mode === 'shadow')
    out.push(
      'content.wrap.mode: shadow — untrusted text reaches clients UNWRAPPED (wrapping is only audited)',
    );
  if (redact?.mode === 'shadow')
    out.push(
      'content.redact.mode: shadow — secrets in results reach clients IN CLEAR (redaction is only audited)',
    );
  if (redact && !redact.enabled)
    out.push('content.redact.enabled: false — secrets in results reach clients in clear');
  if (wrap?.use_defaults !== undefined)
    out.push('content.wrap.use_defaults: obsolete and ignored (every string leaf is wrapped)');
  if (wrap?.tools !== undefined)
    out.push(
      'content.wrap.tools: obsolete and ignored (every string leaf is wrapped; list exemptions under content.wrap.exempt)',
    );
  return out;
}

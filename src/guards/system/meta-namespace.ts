/**
 * `meta-namespace` system guard (client-meta.ts holds the rules): keys in the proxy's own `_meta`
 * namespace are stripped (a rewrite), a client-set related-task key is refused
 * (`reserved_meta_key`), before any policy guard reads the message.
 */
import { CONTINUE, type RequestContext, type Verdict } from '../../core/guard.js';
import { sanitizeClientMeta } from './client-meta.js';
import type { SystemGuard } from './system-guard.js';

export const metaNamespaceGuard: SystemGuard = {
  name: 'meta-namespace',
  onRequest(ctx: RequestContext): Verdict {
    const meta = sanitizeClientMeta(ctx.request.message);
    if (meta.kind === 'reject')
      return { kind: 'deny', code: 'reserved_meta_key', reason: meta.reason };
    if (meta.stripped.length === 0) return CONTINUE;
    return {
      kind: 'rewrite',
      message: meta.message,
      note: 'stripped client _meta keys in the proxy namespace',
      annotations: { count: meta.stripped.length },
    };
  },
};

/**
 * The approvals admin endpoint (HTTP glue only; decisions live in src/guards/approval/decide.ts):
 *
 *   GET  /admin/approvals                 requests the caller may decide (and recent ones)
 *   POST /admin/approvals/<id>/approve    body (optional): {"reason": "..."}
 *   POST /admin/approvals/<id>/reject
 *
 * Same Host/Origin checks and the same authentication as the MCP endpoint (the policy's
 * authenticator: constant-time token comparison, JWT, client certificates); anonymous callers
 * are refused whatever `auth.allow_anonymous` says. Authorization is the approver permission
 * the request names, checked against the policy in force.
 */
import type { Request, Response, Router } from 'express';
import express from 'express';
import type { AuditRecorder } from '../core/recorder.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import type { StateStore } from '../core/store.js';
import type { Principal } from '../core/principal.js';
import { decideApproval, listApprovals, type DecideDeps } from '../guards/approval/decide.js';
import { logger } from '../shared/logger.js';
import { authRequestOf } from './client-cert.js';
import { hostAllowed, originAllowed } from './http-checks.js';

export { APPROVALS_PATH } from '../guards/approval/schema.js';

const ID_RE = /^apr_[A-Za-z0-9_-]{16}$/;

export interface ApprovalsAdminDeps {
  policy: () => CompiledPolicy;
  store: StateStore;
  recorder: AuditRecorder;
}

function fail(res: Response, status: number, error: string, message: string): void {
  res.setHeader('cache-control', 'no-store');
  res.status(status).json({ error, message });
}

/** Host/Origin, then authentication; answers and returns undefined on refusal. */
async function authenticate(
  deps: ApprovalsAdminDeps,
  req: Request,
  res: Response,
): Promise<Principal | undefined> {
  const policy = deps.policy();
  if (!hostAllowed(req.headers.host, policy.server)) {
    return void fail(res, 403, 'forbidden_host', 'Forbidden host');
  }
  if (!originAllowed(req.headers.origin, policy.server)) {
    return void fail(res, 403, 'forbidden_origin', 'Forbidden origin');
  }
  const auth = await policy.authenticate(authRequestOf(req));
  if (!auth.ok) {
    deps.recorder.recordEvent({
      type: 'auth_failure',
      severity: 'warning',
      detail: { code: auth.code, reason: auth.reason, remoteAddress: req.socket.remoteAddress },
    });
    res.setHeader('www-authenticate', auth.wwwAuthenticate);
    return void fail(res, 401, auth.code, 'Authentication required');
  }
  if (auth.principal.authMethod === 'anonymous') {
    return void fail(res, 401, 'unauthenticated', 'Approvers must authenticate');
  }
  return auth.principal;
}

function decideDeps(deps: ApprovalsAdminDeps): DecideDeps {
  return {
    store: deps.store,
    recorder: deps.recorder,
    now: Date.now,
    holds: (role, permission) =>
      deps.policy().rbac?.roles.get(role)?.permissions.has(permission) ?? false,
  };
}

/**
 * The router to mount at APPROVALS_PATH.
 * @example app.use(APPROVALS_PATH, approvalsRouter({ policy, store, recorder }));
 */
export function approvalsRouter(deps: ApprovalsAdminDeps): Router {
  const router = express.Router();
  const guarded =
    (fn: (p: Principal, req: Request, res: Response) => Promise<void>) =>
    async (req: Request, res: Response): Promise<void> => {
      try {
        const p = await authenticate(deps, req, res);
        if (p) await fn(p, req, res);
      } catch (err) {
        // The store is down (or a bug): nothing was decided.
        logger.error('approvals endpoint failed', { error: err instanceof Error ? err.name : '' });
        if (!res.headersSent) fail(res, 503, 'state_unavailable', 'Approvals unavailable');
      }
    };
  router.get(
    '/',
    guarded(async (p, _req, res) => {
      const approvals = await listApprovals(decideDeps(deps), p);
      res.setHeader('cache-control', 'no-store');
      res.json({ approvals });
    }),
  );
  router.post(
    '/:id/:action',
    express.json({ limit: '4kb', strict: true }),
    guarded(async (p, req, res) => {
      const { id, action } = req.params as { id: string; action: string };
      if (!ID_RE.test(id)) return fail(res, 404, 'not_found', 'no such approval');
      if (action !== 'approve' && action !== 'reject') {
        return fail(res, 404, 'not_found', 'unknown action');
      }
      const body = (req.body ?? {}) as { reason?: unknown };
      const reason = typeof body.reason === 'string' ? body.reason.slice(0, 200) : undefined;
      const r = await decideApproval(decideDeps(deps), id, p, action, reason);
      res.setHeader('cache-control', 'no-store');
      if (r.ok) return void res.json({ approval: r.record });
      res.status(r.status).json({ error: r.code, message: r.message, approval: r.record });
    }),
  );
  return router;
}

/**
 * `/readyz` and `/metrics` handlers. /healthz stays a pure liveness check in server.ts.
 *
 * /readyz: upstream reachable (HEAD, cached a few seconds so probes cannot turn into upstream
 * load), state store healthy, audit trail accepting. JSON body lists each check and each audit
 * sink's state (`audit_sinks`: a forwarder that is down spools, so it is reported without making
 * the guard unready until its spool is full); 503 when any check fails or the server is closing.
 * /metrics: prom-client text format from the single registry; optional bearer auth through the
 * policy's own authentication (`server.metrics.require_auth`).
 */
import type { Request, Response } from 'express';
import type { AuditRecorder } from '../core/recorder.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import type { StateStore } from '../core/store.js';
import { isLoopbackHost } from '../shared/loopback.js';
import { renderMetrics, startDefaultMetrics } from '../shared/metrics.js';
import { renderDenial } from './denial.js';
import { hostAllowed, sendDenial } from './http-checks.js';
import { authRequestOf } from './client-cert.js';
import type { UpstreamClient } from './upstream.js';

/** How long one upstream reachability result is reused. */
export const UPSTREAM_CHECK_TTL_MS = 2000;

export interface HealthDeps {
  policy: () => CompiledPolicy;
  store: StateStore;
  recorder: AuditRecorder;
  upstreamFor: (p: CompiledPolicy) => UpstreamClient;
  closing: () => boolean;
}

/** Builds the /readyz handler. */
export function readyzHandler(deps: HealthDeps): (req: Request, res: Response) => Promise<void> {
  let cached: { client: UpstreamClient; at: number; ok: Promise<boolean> } | undefined;
  const upstreamOk = (): Promise<boolean> => {
    const client = deps.upstreamFor(deps.policy());
    const now = Date.now();
    if (!cached || cached.client !== client || now - cached.at > UPSTREAM_CHECK_TTL_MS) {
      // Concurrent probes share one in-flight check.
      cached = { client, at: now, ok: client.reachable() };
    }
    return cached.ok;
  };
  return async (_req, res) => {
    // Key names are a contract (probes, dashboards, test/proxy): keep them.
    const checks = {
      upstream: await upstreamOk(),
      store: deps.store.healthy(),
      audit: deps.recorder.acceptingMutations(),
    };
    const ready = checks.upstream && checks.store && checks.audit && !deps.closing();
    // Each sink's real state; an empty list means decisions go nowhere (audit.allow_no_sink).
    const auditSinks = deps.recorder.sinkStates?.() ?? [];
    res.setHeader('cache-control', 'no-store');
    res
      .status(ready ? 200 : 503)
      .json({ status: ready ? 'ready' : 'not_ready', checks, audit_sinks: auditSinks });
  };
}

/** Builds the /metrics handler (the route is mounted by server.ts at the policy's path). */
export function metricsHandler(
  policy: () => CompiledPolicy,
): (req: Request, res: Response) => Promise<void> {
  startDefaultMetrics();
  return async (req, res) => {
    const p = policy();
    // Loopback bind: refuse foreign Host headers (DNS rebinding from a local browser page). Not on
    // other binds: scrapers address pods by IP, which allowed_hosts rarely lists.
    if (
      p.server?.host &&
      isLoopbackHost(p.server.host) &&
      !hostAllowed(req.headers.host, p.server)
    ) {
      return sendDenial(res, renderDenial({ code: 'forbidden_host', id: null, decisionId: '' }));
    }
    if (p.server.metrics.requireAuth) {
      const auth = await p.authenticate(authRequestOf(req));
      if (!auth.ok) {
        res.setHeader('www-authenticate', auth.wwwAuthenticate);
        res.status(401).json({ error: auth.code });
        return;
      }
    }
    const { contentType, body } = await renderMetrics();
    res.setHeader('content-type', contentType);
    res.setHeader('cache-control', 'no-store');
    res.status(200).send(body);
  };
}

/**
 * The proxy's HTTP server (STYLE.md §1: wiring only). Routes: the MCP endpoint (POST, GET,
 * DELETE), /healthz, /readyz and the RFC 9728 protected-resource metadata document. No body
 * parser: post.ts reads bodies itself, with a byte cap, exactly once.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type Request, type Response } from 'express';
import type { AuditRecorder } from '../core/recorder.js';
import type { CompiledPolicy } from '../policy/compiled.js';
import type { StateStore } from '../core/store.js';
import { logger } from '../shared/logger.js';
import { renderDenial } from './denial.js';
import type { ProxyRuntime } from './exchange.js';
import { applyCors, handlePreflight } from './cors.js';
import { DECISION_HEADER, hostAllowed, sendDenial } from './http-checks.js';
import { handlePost } from './post.js';
import { applyNodeTimeouts, CONNECTION_CHECK_MS } from './body-timeouts.js';
import { metadataPathMatches, resourceMetadata } from './resource-metadata.js';
import { secretNeedles } from './redact.js';
import { SessionTable } from './sessions.js';
import { ElicitationTable } from './elicitation-table.js';
import { handleDelete, handleGet } from './stream.js';
import { UpstreamClient } from './upstream.js';
import { metricsHandler, readyzHandler } from './health.js';
import { bindMetricsPolicy } from './metrics.js';
import { bindAuditMetrics, instrumentSessions, instrumentUpstream } from './metrics-runtime.js';
import type { TlsListener } from './tls.js';
import { APPROVALS_PATH, approvalsRouter } from './approvals-admin.js';

export interface ProxyServerOptions {
  /** Current policy snapshot; a reload swaps what this returns. */
  policy: () => CompiledPolicy;
  store: StateStore;
  recorder: AuditRecorder;
  /** How long close() waits for in-flight POST exchanges before cutting them (default 10 s). */
  drainTimeoutMs?: number;
  /** Serve HTTPS with this material (src/proxy/tls.ts); absent: plain HTTP. */
  tls?: TlsListener;
}

export interface ProxyServer {
  /** Listens; resolves with the bound address (port 0 picks a free port). */
  listen(host: string, port: number): Promise<{ host: string; port: number; url: string }>;
  /** Stops accepting, ends GET streams, lets POST exchanges finish (bounded), then closes. */
  close(): Promise<void>;
}

/** Answers an error no handler caught: 500 `guard_error` (or just the end, once headers left). */
function answerUnhandled(res: http.ServerResponse, err: unknown): void {
  logger.error('unhandled proxy error', { error: err instanceof Error ? err.name : 'unknown' });
  if (res.headersSent) return void res.end();
  sendDenial(res, renderDenial({ code: 'guard_error', id: null, decisionId: '', status: 500 }));
}

/**
 * Creates the proxy server.
 * @example const srv = createProxyServer({ policy: () => compiled, store, recorder });
 *          const { url } = await srv.listen('127.0.0.1', 0);
 */
export function createProxyServer(opts: ProxyServerOptions): ProxyServer {
  const upstreams = new WeakMap<object, UpstreamClient>();
  const needles = new WeakMap<object, string[]>();
  const rt: ProxyRuntime = {
    policy: opts.policy,
    store: opts.store,
    recorder: opts.recorder,
    sessions: instrumentSessions(
      new SessionTable(
        () => opts.store,
        () => opts.policy().server.sessionTtlMs,
      ),
      () => opts.policy().server.sessionTtlMs,
    ),
    elicitations: new ElicitationTable(),
    upstreamFor: (p) => {
      let c = upstreams.get(p.upstream);
      if (!c) upstreams.set(p.upstream, (c = instrumentUpstream(new UpstreamClient(p.upstream))));
      return c;
    },
    needlesFor: (p) => {
      let n = needles.get(p.upstream);
      if (!n) needles.set(p.upstream, (n = secretNeedles(p.upstream.secrets)));
      return n;
    },
  };
  const active = new Map<http.ServerResponse, 'post' | 'stream'>();
  let closing = false;
  bindMetricsPolicy(opts.policy);
  bindAuditMetrics(opts.recorder);

  const track =
    (
      kind: 'post' | 'stream',
      fn: (rt: ProxyRuntime, req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>,
    ) =>
    async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
      if (closing) {
        res.setHeader('connection', 'close');
        return sendDenial(
          res,
          renderDenial({ code: 'upstream_unavailable', id: null, decisionId: '', status: 503 }),
        );
      }
      active.set(res, kind);
      try {
        await fn(rt, req, res);
      } catch (err) {
        answerUnhandled(res, err);
      } finally {
        active.delete(res);
      }
    };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get(
    '/readyz',
    readyzHandler({ ...opts, upstreamFor: rt.upstreamFor, closing: () => closing }),
  );
  // Approvers decide approval requests here (`dojo-guard approvals`); authenticated like /mcp.
  app.use(APPROVALS_PATH, approvalsRouter(opts));
  const serveMetrics = metricsHandler(opts.policy);
  app.get('/{*any}', (req, res, next) => {
    // Path and switch are read per request, so a reload can move or disable the endpoint.
    const m = opts.policy().server.metrics;
    if (!m.enabled || req.path !== m.path || req.path === opts.policy().server.path) return next();
    void serveMetrics(req, res).catch(() => {
      if (!res.headersSent) res.status(500).json({ error: 'metrics_unavailable' });
    });
  });
  const metadata = (req: Request, res: Response): void => {
    if (!hostAllowed(req.headers.host, opts.policy().server)) {
      return sendDenial(res, renderDenial({ code: 'forbidden_host', id: null, decisionId: '' }));
    }
    const doc = resourceMetadata(opts.policy(), req);
    // Only the bare URL and the one suffixed with the resource's own path name this resource.
    if (!metadataPathMatches(req.path, doc))
      return void res.status(404).json({ error: 'not_found' });
    res.setHeader('cache-control', 'no-store');
    res.json(doc);
  };
  app.get('/.well-known/oauth-protected-resource', metadata);
  app.get('/.well-known/oauth-protected-resource/{*rest}', metadata);
  // The MCP endpoint. Its handlers use only node's request and response objects, so the common
  // case (path exactly the endpoint, optional query) is dispatched before express: the router
  // costs more per call than several guards together. Any other spelling of the URL
  // takes the express route below and reaches the same handler.
  const serveMcp = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const policy = opts.policy();
    if (req.method === 'OPTIONS') return handlePreflight(req, res, policy.server);
    applyCors(req, res, policy.server);
    if (req.method === 'POST') return void track('post', handlePost)(req, res);
    if (req.method === 'GET') return void track('stream', handleGet)(req, res);
    if (req.method === 'DELETE') return void track('post', handleDelete)(req, res);
    const decisionId = randomUUID();
    res.setHeader('allow', 'GET, POST, DELETE');
    res.setHeader(DECISION_HEADER, decisionId);
    sendDenial(res, renderDenial({ code: 'http_method_not_allowed', id: null, decisionId }));
  };
  app.all('/{*any}', (req, res, next) => {
    if (req.path !== opts.policy().server.path) return next();
    serveMcp(req, res);
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found' });
  });

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    applyNodeTimeouts(server, opts.policy());
    const url = req.url ?? '';
    const path = opts.policy().server.path;
    if (url.startsWith(path) && (url.length === path.length || url[path.length] === '?')) {
      try {
        return serveMcp(req, res);
      } catch (err) {
        // What express did for a synchronous throw on this path: answer 500, never crash.
        return answerUnhandled(res, err);
      }
    }
    void app(req, res);
  };
  // Node checks request/header timeouts every second, not every 30 s (src/proxy/body-timeouts.ts).
  const server = opts.tls
    ? https.createServer(
        { ...opts.tls.serverOptions, connectionsCheckingInterval: CONNECTION_CHECK_MS },
        handle,
      )
    : http.createServer({ connectionsCheckingInterval: CONNECTION_CHECK_MS }, handle);
  const scheme = opts.tls ? 'https' : 'http';
  // Request (not response) time limits; node stops timing a request once it is complete.
  applyNodeTimeouts(server, opts.policy());

  return {
    listen: (host, port) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const addr = server.address() as AddressInfo;
          const h = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
          if (opts.tls) opts.tls.watch(server as https.Server);
          resolve({ host: addr.address, port: addr.port, url: `${scheme}://${h}:${addr.port}` });
        });
      }),
    close: async () => {
      closing = true;
      opts.tls?.close();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      // GET streams never end on their own: close them (clients reconnect with Last-Event-ID).
      for (const [res, kind] of active) if (kind === 'stream') res.end();
      const deadline = Date.now() + (opts.drainTimeoutMs ?? 10_000);
      while ([...active.values()].some((k) => k === 'post') && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 25));
      }
      for (const res of active.keys()) res.destroy();
      server.closeAllConnections();
      await stopped;
    },
  };
}

/**
 * Streamable HTTP transport of the DefectDojo MCP server at `/mcp`: stateful sessions by default
 * (capped, idle-expired), or stateless (a fresh server per request). In --pro-compat mode /mcp
 * demands `Authorization: Token …` like Pro, and a session stays bound to the token that opened it.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { localhostHostValidation } from '@modelcontextprotocol/sdk/server/middleware/hostHeaderValidation.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { logger } from '../shared/logger.js';

/** Options of the HTTP listener. */
export interface HttpServerOptions {
  host: string;
  port: number;
  stateless: boolean;
  proCompat: boolean;
  maxSessions: number;
  sessionIdleMs: number;
  /** JSON body cap; must fit a base64 scan file of the configured maximum size. */
  maxBodyBytes: number;
  makeServer: () => McpServer;
}

/** A running listener. */
export interface RunningHttpServer {
  url: string;
  close: () => Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport;
  server: McpServer;
  tokenHash: Buffer | undefined;
  lastSeen: number;
}

function rpcError(res: Response, status: number, code: number, message: string): void {
  if (res.headersSent) return;
  res.status(status).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

const TOKEN_HEADER = /^Token\s+([\x21-\x7e]{1,512})$/i;

function tokenHash(req: Request): Buffer | undefined {
  const m = TOKEN_HEADER.exec(req.headers.authorization ?? '');
  return m ? createHash('sha256').update(m[1]!).digest() : undefined;
}

/**
 * Starts the listener and resolves once it accepts connections.
 * @example const { url, close } = await startHttpServer({ host: '127.0.0.1', port: 0, ... });
 */
export async function startHttpServer(opts: HttpServerOptions): Promise<RunningHttpServer> {
  const app = express();
  app.disable('x-powered-by');
  const loopback = ['127.0.0.1', 'localhost', '::1'].includes(opts.host);
  // DNS-rebinding protection whenever we listen on loopback (the SDK's own recommendation).
  if (loopback) app.use(localhostHostValidation());
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));

  if (opts.proCompat) {
    app.use('/mcp', (req, res, next) => {
      if (!tokenHash(req)) {
        res.setHeader('WWW-Authenticate', 'Token');
        return rpcError(
          res,
          401,
          -32001,
          'Unauthorized: send "Authorization: Token <DefectDojo API token>"',
        );
      }
      next();
    });
  }
  app.use('/mcp', express.json({ limit: opts.maxBodyBytes, strict: true }));

  const sessions = new Map<string, Session>();
  const closeSession = async (id: string): Promise<void> => {
    const s = sessions.get(id);
    if (!s) return;
    sessions.delete(id);
    await s.transport.close().catch(() => undefined);
    await s.server.close().catch(() => undefined);
  };

  const lookup = (req: Request, res: Response): Session | undefined => {
    const id = req.headers['mcp-session-id'];
    const s = typeof id === 'string' ? sessions.get(id) : undefined;
    if (!s) {
      rpcError(res, 404, -32001, 'Session not found');
      return undefined;
    }
    if (s.tokenHash) {
      const h = tokenHash(req);
      if (!h || !timingSafeEqual(h, s.tokenHash)) {
        // Same answer as an unknown session: do not confirm that the id exists.
        rpcError(res, 404, -32001, 'Session not found');
        return undefined;
      }
    }
    s.lastSeen = Date.now();
    return s;
  };

  app.post('/mcp', async (req, res) => {
    try {
      if (opts.stateless) {
        const server = opts.makeServer();
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
        res.on('close', () => {
          void transport.close().catch(() => undefined);
          void server.close().catch(() => undefined);
        });
        await server.connect(transport);
        await transport.handleRequest(req, res, req.body);
        return;
      }
      if (req.headers['mcp-session-id'] !== undefined) {
        const s = lookup(req, res);
        if (s) await s.transport.handleRequest(req, res, req.body);
        return;
      }
      if (!isInitializeRequest(req.body)) {
        return rpcError(
          res,
          400,
          -32000,
          'Bad Request: no session id and not an initialize request',
        );
      }
      if (sessions.size >= opts.maxSessions) {
        return rpcError(res, 503, -32000, 'Too many sessions; try again later');
      }
      const server = opts.makeServer();
      const hash = opts.proCompat ? tokenHash(req) : undefined;
      const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          sessions.set(id, { transport, server, tokenHash: hash, lastSeen: Date.now() });
        },
      });
      transport.onclose = () => {
        if (transport.sessionId) sessions.delete(transport.sessionId);
      };
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    } catch (err) {
      logger.error('mcp request failed', { error: err instanceof Error ? err.name : typeof err });
      rpcError(res, 500, -32603, 'Internal server error');
    }
  });

  const onSession = async (req: Request, res: Response): Promise<void> => {
    if (opts.stateless) return rpcError(res, 405, -32000, 'Method not allowed in stateless mode');
    const s = lookup(req, res);
    if (s) await s.transport.handleRequest(req, res);
  };
  // Express 5 routes a rejected promise to the error handler below; never drop it (an unhandled
  // rejection would take the whole process down).
  app.get('/mcp', onSession);
  app.delete('/mcp', onSession);

  // Body-parser failures (bad JSON, too large) answered the way the SDK transport does.
  app.use(
    (err: { type?: string; status?: number }, _req: Request, res: Response, next: NextFunction) => {
      if (err?.type === 'entity.too.large')
        return rpcError(res, 413, -32600, 'Request body too large');
      if (err?.type === 'entity.parse.failed') return rpcError(res, 400, -32700, 'Parse error');
      if (err) return rpcError(res, err.status ?? 500, -32603, 'Request failed');
      next();
    },
  );

  const sweep = setInterval(
    () => {
      const cutoff = Date.now() - opts.sessionIdleMs;
      for (const [id, s] of sessions) if (s.lastSeen < cutoff) void closeSession(id);
    },
    Math.min(60_000, opts.sessionIdleMs),
  );
  sweep.unref();

  const httpServer: Server = await new Promise((resolve, reject) => {
    const srv = app.listen(opts.port, opts.host, (err?: Error) =>
      err ? reject(err) : resolve(srv),
    );
    srv.once('error', reject);
  });
  const addr = httpServer.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return {
    url: `http://${host}:${addr.port}/mcp`,
    close: async () => {
      clearInterval(sweep);
      await Promise.all([...sessions.keys()].map(closeSession));
      httpServer.closeAllConnections();
      await new Promise<void>((r) => httpServer.close(() => r()));
    },
  };
}

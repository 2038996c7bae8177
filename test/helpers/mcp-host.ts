/**
 * Hosts an SDK McpServer over Streamable HTTP on 127.0.0.1:0, one server per session, for tests
 * that need a real upstream in front of which the proxy runs. Unknown sessions get 404, as the
 * spec asks; a POST without a session starts one.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import express, { type Request } from 'express';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';

/** An SDK McpServer or low-level Server. */
export interface Connectable {
  connect(transport: Transport): Promise<void>;
}

export interface McpHostOptions<S extends Connectable> {
  /** application/json answers instead of SSE. */
  jsonResponse?: boolean;
  /** express.json body limit (default 10mb). */
  bodyLimit?: string;
  /** Sees every request before it is handled (recording upstreams). */
  onRequest?: (req: Request) => void;
  /** Told when a session starts, with the server that serves it. */
  onSession?: (sessionId: string, server: S) => void;
}

export interface McpHost {
  url: string;
  /** Live transports by session id (closing one ends that session). */
  transports: Map<string, StreamableHTTPServerTransport>;
  close(): Promise<void>;
}

export async function hostMcp<S extends Connectable>(
  build: () => S,
  opts: McpHostOptions<S> = {},
): Promise<McpHost> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  const app = express();
  app.use(express.json({ limit: opts.bodyLimit ?? '10mb' }));
  app.all('/mcp', async (req, res) => {
    opts.onRequest?.(req);
    const sid = req.headers['mcp-session-id'];
    let t = typeof sid === 'string' ? transports.get(sid) : undefined;
    if (!t) {
      if (sid !== undefined || req.method !== 'POST') {
        res.status(404).json({
          jsonrpc: '2.0',
          id: null,
          error: { code: -32001, message: 'Session not found' },
        });
        return;
      }
      const mcp = build();
      const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: opts.jsonResponse ?? false,
        onsessioninitialized: (id) => {
          transports.set(id, created);
          opts.onSession?.(id, mcp);
        },
      });
      created.onclose = () => {
        if (created.sessionId) transports.delete(created.sessionId);
      };
      await mcp.connect(created);
      t = created;
    }
    await t.handleRequest(req, res, req.body);
  });
  const server = http.createServer(app);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    transports,
    close: async () => {
      for (const t of [...transports.values()]) await t.close().catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

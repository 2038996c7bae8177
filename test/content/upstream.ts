/**
 * A real SDK McpServer as the upstream for the content e2e tests (not our code): `get_findings`
 * with a strict outputSchema and hostile finding text, and `get_leaky_findings` returning the
 * gitleaks sample as DefectDojo would store it. Served twice: `/json/mcp` answers with
 * `application/json` bodies, `/sse/mcp` with `text/event-stream`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { GET_FINDINGS_SHAPE, findingsPage } from './fixtures.js';

export interface LeakyFinding {
  id: number;
  title: string;
  description: string;
  file_path: string;
}

function buildServer(leaky: LeakyFinding[]): McpServer {
  const server = new McpServer({ name: 'content-upstream', version: '1.0.0' });
  server.registerTool(
    'get_findings',
    {
      description: 'A page of findings',
      inputSchema: { limit: z.number().int().min(1).max(100).default(100) },
      outputSchema: GET_FINDINGS_SHAPE,
    },
    async ({ limit }) => {
      const page = findingsPage(limit);
      return { content: [{ type: 'text', text: JSON.stringify(page) }], structuredContent: page };
    },
  );
  server.registerTool(
    'get_leaky_findings',
    {
      description: 'Findings that quote secrets',
      outputSchema: { count: z.number(), results: z.array(z.looseObject({ id: z.number() })) },
    },
    async () => {
      const page = { count: leaky.length, results: leaky };
      return { content: [{ type: 'text', text: JSON.stringify(page) }], structuredContent: page };
    },
  );
  return server;
}

/** Starts the upstream on 127.0.0.1:0; returns its base URL and a close function. */
export async function startContentUpstream(
  leaky: LeakyFinding[],
): Promise<{ base: string; close: () => Promise<void> }> {
  const app = express();
  app.use(express.json({ limit: '4mb' }));
  for (const mode of ['json', 'sse'] as const) {
    app.post(`/${mode}/mcp`, async (req, res) => {
      // Stateless: a fresh server and transport per request (the SDK's stateless pattern).
      const server = buildServer(leaky);
      const transport = new StreamableHTTPServerTransport({
        sessionIdGenerator: undefined,
        enableJsonResponse: mode === 'json',
      });
      res.on('close', () => void transport.close().then(() => server.close()));
      await server.connect(transport);
      await transport.handleRequest(req, res, req.body);
    });
  }
  const httpServer = http.createServer(app);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const { port } = httpServer.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        httpServer.closeAllConnections();
        httpServer.close(() => resolve());
      }),
  };
}

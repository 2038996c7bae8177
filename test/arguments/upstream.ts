/**
 * Recording upstreams for the argument-validation e2e tests.
 *
 * `startSchemaUpstream`: a real SDK McpServer whose tools advertise real input schemas (limits,
 * enums, a nested object, a linear and a non-RE2 pattern) and annotations, including a tool with no
 * annotations whose name matches no mutating glob. Every JSON-RPC message is recorded before the
 * SDK sees it, so a test proves what reached the upstream.
 *
 * `startBrokenListUpstream`: answers initialize but fails tools/list (the proxy must then refuse
 * calls, not forward them unvalidated); records every method it receives.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { hostMcp } from '../helpers/mcp-host.js';

export interface Recorded {
  method?: string;
  params?: { name?: unknown; arguments?: Record<string, unknown>; clientInfo?: { name?: string } };
}

export interface RecordingUpstream {
  url: string;
  messages: Recorded[];
  toolCalls(): Recorded[];
  close(): Promise<void>;
}

const text = (t: string) => ({ content: [{ type: 'text' as const, text: t }] });

function buildServer(): McpServer {
  const server = new McpServer({ name: 'schema-upstream', version: '1.0.0' });
  server.registerTool(
    'get_findings',
    {
      description: 'A page of findings',
      inputSchema: {
        limit: z.number().int().min(1).max(100).optional(),
        offset: z.number().int().min(0).optional(),
        severity: z.enum(['Critical', 'High', 'Medium', 'Low', 'Info']).optional(),
        filter: z.object({ title: z.string().optional() }).optional(),
      },
      annotations: { readOnlyHint: true },
    },
    async () => text('page'),
  );
  server.registerTool(
    'close_finding',
    {
      description: 'Close a finding',
      inputSchema: {
        finding_id: z.number().int().min(1),
        reason: z.enum(['mitigated', 'false_positive']),
        note: z.string().max(2000).optional(),
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    },
    async () => text('closed'),
  );
  // No annotations, a name no mutating glob of the test policies matches.
  server.registerTool(
    'archive_finding',
    { description: 'Archive a finding', inputSchema: { finding_id: z.number().int() } },
    async () => text('archived'),
  );
  // Claims to only read, but also to destroy: a policy may class it on destructiveHint.
  server.registerTool(
    'purge_cache',
    {
      description: 'Purge a cache',
      inputSchema: {},
      annotations: { readOnlyHint: true, destructiveHint: true },
    },
    async () => text('purged'),
  );
  server.registerTool(
    'lookup_code',
    {
      description: 'Look up a code',
      inputSchema: { code: z.string().regex(/^(a+)+$/) },
      annotations: { readOnlyHint: true },
    },
    async () => text('found'),
  );
  server.registerTool(
    'lookahead_tool',
    {
      description: 'A tool whose schema uses a lookahead (not RE2)',
      inputSchema: { code: z.string().regex(/^(?=x)x+$/) },
      annotations: { readOnlyHint: true },
    },
    async () => text('ran'),
  );
  return server;
}

/** Starts the schema upstream on 127.0.0.1:0 (JSON or SSE answers). */
export async function startSchemaUpstream(jsonResponse = true): Promise<RecordingUpstream> {
  const messages: Recorded[] = [];
  const host = await hostMcp(buildServer, {
    jsonResponse,
    onRequest: (req) => {
      const body: unknown = req.body;
      for (const m of Array.isArray(body) ? body : body ? [body] : []) messages.push(m as Recorded);
    },
  });
  return {
    url: host.url,
    messages,
    toolCalls: () => messages.filter((m) => m.method === 'tools/call'),
    close: host.close,
  };
}

/** An upstream whose tools/list always fails (HTTP 200, JSON-RPC error). */
export async function startBrokenListUpstream(): Promise<RecordingUpstream> {
  const messages: Recorded[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      const m = JSON.parse(body) as Recorded & { id?: unknown };
      messages.push(m);
      const reply = (payload: Record<string, unknown>) =>
        res
          .writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': 'broken-1' })
          .end(JSON.stringify({ jsonrpc: '2.0', id: m.id, ...payload }));
      if (m.id === undefined) res.writeHead(202).end();
      else if (m.method === 'initialize') {
        reply({
          result: {
            protocolVersion: '2025-06-18',
            capabilities: { tools: {} },
            serverInfo: { name: 'broken', version: '1' },
          },
        });
      } else if (m.method === 'tools/list') {
        reply({ error: { code: -32603, message: 'list unavailable' } });
      } else reply({ result: text('ran') });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    messages,
    toolCalls: () => messages.filter((m) => m.method === 'tools/call'),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

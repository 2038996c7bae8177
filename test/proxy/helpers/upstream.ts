/**
 * The test upstream: a real SDK McpServer behind StreamableHTTPServerTransport (stateful, one
 * transport per session), started inside the test on port 0. This is the upstream, not our code.
 * It records the headers and bodies it receives so tests can prove what did (not) reach it.
 */
import type http from 'node:http';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ElicitResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { hostMcp } from '../../helpers/mcp-host.js';

export const UPSTREAM_SECRET = 'up-secret-7f3a9c2e1b';

export interface TestUpstream {
  url: string;
  /** Every request the upstream received (method, headers, parsed body). */
  seen: { method: string; headers: http.IncomingHttpHeaders; body: unknown }[];
  /** Sends `notifications/tools/list_changed` in every session (goes on the GET stream). */
  notifyListChanged(): void;
  /** Ends every upstream session (as a restarted upstream would): later requests get 404. */
  dropSessions(): Promise<void>;
  close(): Promise<void>;
}

function buildServer(): McpServer {
  const server = new McpServer({ name: 'test-upstream', version: '1.0.0' });
  server.registerTool(
    'echo',
    { description: 'Echo text', inputSchema: { text: z.string() } },
    async ({ text }) => ({ content: [{ type: 'text', text }] }),
  );
  server.registerTool(
    'slow',
    {
      description: 'Slow tool with progress',
      inputSchema: { steps: z.number(), delayMs: z.number() },
    },
    async ({ steps, delayMs }, extra) => {
      const token = extra._meta?.progressToken;
      for (let i = 1; i <= steps; i++) {
        if (token !== undefined) {
          await extra.sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: i, total: steps },
          });
        }
        await new Promise((r) => setTimeout(r, delayMs));
      }
      return { content: [{ type: 'text', text: `done after ${steps}` }] };
    },
  );
  server.registerTool(
    'leak',
    { description: 'Returns the upstream secret (to test redaction)' },
    async () => ({ content: [{ type: 'text', text: `token is ${UPSTREAM_SECRET} ok` }] }),
  );
  server.registerTool(
    'big',
    { description: 'Returns a large text', inputSchema: { bytes: z.number() } },
    async ({ bytes }) => ({ content: [{ type: 'text', text: 'x'.repeat(bytes) }] }),
  );
  server.registerTool(
    'args',
    { description: 'Returns its raw arguments', inputSchema: { text: z.string().optional() } },
    async (args) => ({ content: [{ type: 'text', text: JSON.stringify(args) }] }),
  );
  server.registerTool(
    'ask',
    { description: 'Asks the user through elicitation (server → client request)' },
    async (extra) => {
      try {
        const r = await extra.sendRequest(
          {
            method: 'elicitation/create',
            params: {
              message: 'Your name?',
              requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
            },
          },
          ElicitResultSchema,
        );
        return { content: [{ type: 'text', text: `${r.action}: ${String(r.content?.name)}` }] };
      } catch (err) {
        return {
          content: [{ type: 'text', text: `elicitation failed: ${(err as Error).message}` }],
        };
      }
    },
  );
  return server;
}

/** Starts the upstream; `jsonResponse` switches the SDK transport to application/json answers. */
export async function startUpstream(opts: { jsonResponse?: boolean } = {}): Promise<TestUpstream> {
  const servers = new Set<McpServer>();
  const seen: TestUpstream['seen'] = [];
  const host = await hostMcp(buildServer, {
    jsonResponse: opts.jsonResponse,
    onRequest: (req) => seen.push({ method: req.method, headers: req.headers, body: req.body }),
    onSession: (_id, mcp) => servers.add(mcp),
  });
  return {
    url: host.url,
    seen,
    notifyListChanged: () => {
      for (const s of servers) if (s.isConnected()) s.sendToolListChanged();
    },
    dropSessions: async () => {
      for (const t of [...host.transports.values()]) await t.close().catch(() => undefined);
      host.transports.clear();
    },
    close: host.close,
  };
}

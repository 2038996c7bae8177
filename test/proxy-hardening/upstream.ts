/**
 * The upstream of the hardening tests: a real SDK McpServer (stateful Streamable HTTP, one
 * transport per session) that sends server → client requests — sampling, elicitation, roots — on
 * the POST stream from inside tools, and on the GET stream on demand. It records every HTTP
 * request it receives, so tests can prove what did and did not reach it.
 */
import type http from 'node:http';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { hostMcp } from '../helpers/mcp-host.js';
import {
  CreateMessageResultSchema,
  ElicitResultSchema,
  ListRootsResultSchema,
} from '@modelcontextprotocol/sdk/types.js';

export interface Seen {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: any;
}

export interface HardeningUpstream {
  url: string;
  seen: Seen[];
  /** Sends `roots/list` on the GET stream of session `sid`; resolves with the outcome text. */
  rootsOnGet(sid: string): Promise<string>;
  close(): Promise<void>;
}

const text = (t: string) => ({ content: [{ type: 'text' as const, text: t }] });
const failed = (what: string, err: unknown) => {
  const e = err as { code?: number; data?: { code?: string } };
  return text(`${what} failed: ${e.code ?? ''} ${e.data?.code ?? ''} ${(err as Error).message}`);
};

function buildServer(): McpServer {
  const server = new McpServer({ name: 'hardening-upstream', version: '1.0.0' });
  server.registerTool('sample', { description: 'Asks the client model' }, async (extra) => {
    try {
      const r = await extra.sendRequest(
        {
          method: 'sampling/createMessage',
          params: {
            messages: [{ role: 'user', content: { type: 'text', text: 'hi' } }],
            maxTokens: 5,
          },
        },
        CreateMessageResultSchema,
      );
      return text(`sampled: ${(r.content as { text?: string }).text ?? ''}`);
    } catch (err) {
      return failed('sampling', err);
    }
  });
  server.registerTool('ask', { description: 'Elicits a name' }, async (extra) => {
    try {
      const r = await extra.sendRequest(
        {
          method: 'elicitation/create',
          params: {
            message: 'Name?',
            requestedSchema: { type: 'object', properties: { name: { type: 'string' } } },
          },
        },
        ElicitResultSchema,
      );
      return text(`elicited: ${r.action}`);
    } catch (err) {
      return failed('elicitation', err);
    }
  });
  server.registerTool(
    'raw_request',
    {
      description: 'Sends a server→client request with any method',
      inputSchema: { method: z.string() },
    },
    async ({ method }, extra) => {
      try {
        await extra.sendRequest({ method, params: {} } as never, z.object({}).passthrough());
        return text(`raw ${method}: answered`);
      } catch (err) {
        return failed(`raw ${method}`, err);
      }
    },
  );
  server.registerTool(
    'slow',
    { description: 'Answers after ms milliseconds', inputSchema: { ms: z.number() } },
    async ({ ms }) => {
      await new Promise((r) => setTimeout(r, ms));
      return text(`slept ${ms}`);
    },
  );
  server.registerTool(
    'echo',
    { description: 'Echo', inputSchema: { text: z.string() } },
    async ({ text: t }) => text(t),
  );
  server.registerTool(
    'args',
    { description: 'Echoes its arguments', inputSchema: { text: z.string().optional() } },
    async (args) => text(JSON.stringify(args)),
  );
  return server;
}

/** Starts the upstream on 127.0.0.1, port 0. */
export async function startHardeningUpstream(): Promise<HardeningUpstream> {
  const servers = new Map<string, McpServer>();
  const seen: Seen[] = [];
  const host = await hostMcp(buildServer, {
    bodyLimit: '1mb',
    onRequest: (req) => seen.push({ method: req.method, headers: req.headers, body: req.body }),
    onSession: (id, mcp) => servers.set(id, mcp),
  });
  return {
    url: host.url,
    seen,
    rootsOnGet: async (sid) => {
      const mcp = servers.get(sid);
      if (!mcp) return 'no session';
      try {
        const r = await mcp.server.request({ method: 'roots/list' }, ListRootsResultSchema, {
          timeout: 5_000,
        });
        return `roots: ${r.roots.map((x) => x.uri).join(',')}`;
      } catch (err) {
        const e = err as { code?: number; data?: { code?: string } };
        return `roots failed: ${e.code ?? ''} ${e.data?.code ?? ''}`;
      }
    },
    close: host.close,
  };
}

/**
 * A recording upstream for adversarial tests: a real SDK McpServer exposing every tool name of
 * dojo-guard server (each just echoes), behind the SDK's Streamable HTTP transport. Every JSON-RPC
 * message that arrives (batch elements included) is recorded before the SDK sees it, so a test can
 * prove what reached the upstream.
 */
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TOOL_ARGS } from './roles.js';
import { hostMcp } from '../helpers/mcp-host.js';

export interface Recorded {
  id?: unknown;
  method?: string;
  params?: { name?: unknown; arguments?: Record<string, unknown>; task?: unknown };
}

export interface RecordingUpstream {
  url: string;
  messages: Recorded[];
  toolCalls(): Recorded[];
  close(): Promise<void>;
}

/**
 * Arguments every tool declares (any type): its TOOL_ARGS names plus those the policy's argument
 * rules read, so RBAC decisions are what these suites observe. Undeclared names are refused by the
 * proxy's argument validation (test/arguments covers that).
 */
const RULE_ARGS = [
  'any',
  'reason',
  'note',
  'close_old_findings',
  'auto_create_context',
  'do_not_reactivate',
  'push_to_jira',
];
function declared(name: string): Record<string, z.ZodOptional<z.ZodUnknown>> {
  const names = [...Object.keys(TOOL_ARGS[name] ?? {}), ...RULE_ARGS];
  return Object.fromEntries(names.map((n) => [n, z.unknown().optional()]));
}

function buildServer(): McpServer {
  const server = new McpServer({ name: 'recording-upstream', version: '1.0.0' });
  for (const name of Object.keys(TOOL_ARGS)) {
    server.registerTool(
      name,
      { description: `echo ${name}`, inputSchema: declared(name) },
      async () => ({
        content: [{ type: 'text', text: `${name} ran` }],
      }),
    );
  }
  server.registerPrompt('sast_review_report', { description: 'p' }, () => ({
    messages: [{ role: 'user', content: { type: 'text', text: 'p' } }],
  }));
  return server;
}

/** Starts the recording upstream on 127.0.0.1:0. */
export async function startRecordingUpstream(): Promise<RecordingUpstream> {
  const messages: Recorded[] = [];
  const host = await hostMcp(buildServer, {
    jsonResponse: true,
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

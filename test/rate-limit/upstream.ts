/**
 * A tiny stateful MCP upstream for the replica e2e test (the fake DefectDojo side; our code is all
 * in the proxies). Tools: get_finding (read, readOnlyHint) and close_finding (mutation), each
 * counting calls.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { hostMcp } from '../helpers/mcp-host.js';
import { z } from 'zod';

export interface Upstream {
  url: string;
  calls: { get_finding: number; close_finding: number };
  close: () => Promise<void>;
}

export async function startUpstream(): Promise<Upstream> {
  const calls = { get_finding: 0, close_finding: 0 };
  const build = (): McpServer => {
    const s = new McpServer({ name: 'fake-dojo', version: '1.0.0' });
    s.registerTool(
      'get_finding',
      {
        description: 'Read one finding',
        inputSchema: { finding_id: z.number().int() },
        // Read tools say so: an unannotated tool counts as mutating (src/policy/tool-classes.ts),
        // and mutations are suspended while Redis is down.
        annotations: { readOnlyHint: true },
      },
      async ({ finding_id }) => {
        calls.get_finding++;
        return {
          content: [
            {
              type: 'text',
              // A finding as DefectDojo renders it (the fields the read-tracking guard's shape needs).
              text: JSON.stringify({
                id: finding_id,
                title: 'x',
                severity: 'High',
                numerical_severity: 'S1',
                test: 1,
              }),
            },
          ],
        };
      },
    );
    s.registerTool(
      'close_finding',
      {
        description: 'Close one finding',
        inputSchema: { finding_id: z.number().int(), reason: z.string().optional() },
      },
      async ({ finding_id }) => {
        calls.close_finding++;
        return {
          content: [{ type: 'text', text: JSON.stringify({ id: finding_id, closed: true }) }],
        };
      },
    );
    return s;
  };
  const host = await hostMcp(build);
  return { url: host.url, calls, close: host.close };
}

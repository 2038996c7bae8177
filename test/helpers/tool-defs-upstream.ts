/**
 * A small real MCP upstream for the ops e2e tests: the SDK's low-level Server behind the SDK's
 * Streamable HTTP transport, whose tool definitions and finding results the test can change
 * between sessions (each new session reads the current `defs`).
 */
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { hostMcp } from './mcp-host.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export type ToolDef = Record<string, unknown> & { name: string };

export interface OpsUpstream {
  url: string;
  /** Current tool definitions (mutable: later tools/list answers reflect edits). */
  defs: Map<string, ToolDef>;
  /** Finding ids get_findings returns. */
  findingIds: number[];
  /** tools/call names that reached the upstream. */
  calls: string[];
  close(): Promise<void>;
}

/** A finding object shaped like DefectDojo's (enough for the guards' finding detection). */
export function finding(id: number): Record<string, unknown> {
  return { id, title: `Finding ${id}`, severity: 'High', test: 1, verified: true };
}

export function defaultDefs(): ToolDef[] {
  const obj = (props: Record<string, unknown>) => ({ type: 'object', properties: props });
  return [
    // Read tools say so (readOnlyHint): unannotated tools count as mutating (src/policy/tool-classes.ts).
    {
      name: 'get_findings',
      description: 'List findings.',
      inputSchema: obj({}),
      annotations: { readOnlyHint: true },
    },
    {
      name: 'get_finding_by_id',
      description: 'One finding by id.',
      inputSchema: obj({ finding_id: { type: 'integer', description: 'Finding id.' } }),
      annotations: { readOnlyHint: true },
    },
    {
      name: 'close_finding',
      description: 'Close a finding with a note.',
      inputSchema: obj({ finding_id: { type: 'integer' }, note: { type: 'string' } }),
    },
  ];
}

/** Starts the upstream on 127.0.0.1:0 with the given definitions. */
export async function startOpsUpstream(initial: ToolDef[] = defaultDefs()): Promise<OpsUpstream> {
  const up: OpsUpstream = {
    url: '',
    close: async () => undefined,
    defs: new Map(initial.map((d) => [d.name, d])),
    findingIds: [1, 2, 3],
    calls: [],
  };
  const build = (): Server => {
    const server = new Server(
      { name: 'ops-upstream', version: '1.0.0' },
      { capabilities: { tools: {} } },
    );
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...up.defs.values()] }));
    server.setRequestHandler(CallToolRequestSchema, (req) => {
      const name = req.params.name;
      up.calls.push(name);
      const args = (req.params.arguments ?? {}) as Record<string, unknown>;
      let body: unknown = { ok: true, tool: name };
      if (name === 'get_findings')
        body = { count: up.findingIds.length, results: up.findingIds.map(finding) };
      if (name === 'get_finding_by_id') body = finding(Number(args.finding_id ?? 1));
      return { content: [{ type: 'text', text: JSON.stringify(body) }] };
    });
    return server;
  };
  const host = await hostMcp(build, { jsonResponse: true });
  // One object: the handlers read `up.defs`/`up.findingIds`, so test reassignments take effect.
  up.url = host.url;
  up.close = host.close;
  return up;
}

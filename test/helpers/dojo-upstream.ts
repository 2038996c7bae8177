/**
 * An SDK upstream with every tool name of dojo-guard server, shaped the way the shipped policy
 * needs it end to end: read tools advertise `readOnlyHint: true` (unannotated tools count as
 * mutating, src/policy/tool-classes.ts), every tool declares the arguments `declaredArgs` names
 * (undeclared ones are refused as invalid_arguments), and get_finding_by_id answers with a
 * finding-shaped object, so the proxy adds it to the session's read set (read-before-suppress)
 * and, under a policy with `findings`, reads its facts from it (src/guards/finding-facts/facts.ts
 * needs id, severity and the active/verified/risk_accepted flags, or denies the mutation with
 * finding_facts_unavailable).
 */
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { TOOL_ARGS } from '../rbac/roles.js';
import { hostMcp } from './mcp-host.js';
import { findingRecord } from './finding.js';

/** The read tools of dojo-guard server. */
export const isReadTool = (name: string): boolean => name === 'health_check' || /^get_/.test(name);

/** Starts the upstream; `declaredArgs` adds argument names per tool to TOOL_ARGS' names. */
export async function startDojoUpstream(
  declaredArgs: Record<string, readonly string[]> = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const build = (): McpServer => {
    const server = new McpServer({ name: 'dojo-upstream', version: '1.0.0' });
    for (const name of Object.keys(TOOL_ARGS)) {
      const names = new Set([...Object.keys(TOOL_ARGS[name]!), ...(declaredArgs[name] ?? [])]);
      server.registerTool(
        name,
        {
          description: `echo ${name}`,
          inputSchema: Object.fromEntries([...names].map((n) => [n, z.unknown().optional()])),
          ...(isReadTool(name) ? { annotations: { readOnlyHint: true } } : {}),
        },
        async (args: Record<string, unknown>) => {
          if (name !== 'get_finding_by_id')
            return { content: [{ type: 'text', text: `${name} ran` }] };
          const finding = findingRecord(Number(args.finding_id), {
            title: 'SQL injection',
            severity: 'High',
            numerical_severity: 'S1',
            verified: true,
            test: 3,
          });
          return { content: [{ type: 'text', text: JSON.stringify(finding) }] };
        },
      );
    }
    return server;
  };
  const host = await hostMcp(build, { jsonResponse: true });
  return { url: host.url, close: host.close };
}

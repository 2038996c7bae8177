/**
 * The finding-facts stack for e2e tests: sandbox DefectDojo → `dojo-guard server` →
 * `dojo-guard proxy` with test/fixtures/policies/finding-facts.yaml (or a variant of it), and SDK
 * clients per role.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { expect } from 'vitest';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { REPO_ROOT, startCli, type Running } from '../helpers/process.js';
import { api, TOKENS } from '../sandbox/sandbox-client.js';

export const FACT_ROLES = ['reader', 'writer', 'lead', 'team-web', 'undo'] as const;
export const factToken = (role: string): string => `facts-${role}-token-0123456789abcdef`;
/** Start-up allowance per process: several stacks start at once on a loaded machine. */
const START_MS = 60_000;

export const HMAC_KEY = 'finding-facts-e2e-hmac-key-0123456789abcdef';

export interface Stack {
  origin: string;
  proxyUrl: string;
  auditFile: string;
  procs: Running[];
  clients: Client[];
  connect(role: string): Promise<Client>;
  stop(): Promise<void>;
}

export async function startStack(
  opts: { sandboxArgs?: string[]; policyEdit?: (yaml: string) => string } = {},
): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), 'facts-'));
  const policy = path.join(dir, 'policy.yaml');
  const text = readFileSync(
    path.join(REPO_ROOT, 'test/fixtures/policies/finding-facts.yaml'),
    'utf8',
  );
  writeFileSync(policy, (opts.policyEdit ?? ((t) => t))(text));
  const auditFile = path.join(dir, 'audit.jsonl');
  const procs: Running[] = [];
  const clients: Client[] = [];
  const sandbox = await startCli(['sandbox', '--port', '0', ...(opts.sandboxArgs ?? [])], {
    timeoutMs: START_MS,
  });
  procs.push(sandbox);
  const origin = new URL(sandbox.url).origin;
  const server = await startCli(['server', '--port', '0'], {
    env: { DEFECTDOJO_URL: origin, DEFECTDOJO_API_KEY: TOKENS.admin },
    timeoutMs: START_MS,
  });
  procs.push(server);
  const env: Record<string, string> = { AUDIT_LOG_FILE: auditFile, AUDIT_HMAC_KEY: HMAC_KEY };
  for (const r of FACT_ROLES)
    env[`MCP_ROLE_${r.toUpperCase().replace(/-/g, '_')}`] = `${factToken(r)}:${r}`;
  const proxy = await startCli(
    ['proxy', '--policy', policy, '--upstream', server.url, '--port', '0'],
    { env, timeoutMs: START_MS },
  );
  procs.push(proxy);
  return {
    origin,
    proxyUrl: proxy.url,
    auditFile,
    procs,
    clients,
    async connect(role) {
      const c = new Client({ name: `facts-${role}`, version: '1.0.0' });
      await c.connect(
        new StreamableHTTPClientTransport(new URL(proxy.url), {
          requestInit: { headers: { authorization: `Bearer ${factToken(role)}` } },
        }),
      );
      clients.push(c);
      return c;
    },
    async stop() {
      for (const c of clients) await c.close().catch(() => undefined);
      for (const p of procs.reverse()) await p.stop();
    },
  };
}

/** A finding straight from the sandbox (admin token), never through the proxy. */
export async function dojoFinding(origin: string, id: number): Promise<Record<string, unknown>> {
  const r = await api(origin, `/api/v2/findings/${id}/`, { token: TOKENS.admin });
  return r.body as Record<string, unknown>;
}

/** Findings matching a sandbox query (admin token). */
export async function dojoFindings(
  origin: string,
  query: string,
): Promise<Record<string, unknown>[]> {
  const r = await api(origin, `/api/v2/findings/?${query}`, { token: TOKENS.admin });
  return (r.body as { results: Record<string, unknown>[] }).results;
}

/** JSON payload of a tools/call result. */
export function payload(result: unknown): Record<string, unknown> {
  const r = result as { content?: unknown; structuredContent?: unknown };
  if (r.structuredContent) return r.structuredContent as Record<string, unknown>;
  const c = (r.content as { text: string }[])[0]!;
  return JSON.parse(c.text) as Record<string, unknown>;
}

/** The JSON-RPC error a refused call raises (fails the test when the call is answered). */
export async function refusal(
  c: Client,
  name: string,
  args: Record<string, unknown>,
): Promise<McpError & { data: { code: string } }> {
  const err = await c.callTool({ name, arguments: args }).then(
    (r) => new Error(`allowed: ${JSON.stringify(r).slice(0, 300)}`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(McpError);
  return err as McpError & { data: { code: string } };
}

/**
 * Shared e2e plumbing for the DefectDojo MCP server tests: a real `dojo-guard sandbox` process,
 * a real `dojo-guard server` process, and the real SDK client over Streamable HTTP.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { startCli, type Running } from '../helpers/process.js';

/** Admin token the tests give the sandbox (SANDBOX_ADMIN_TOKEN) and the server. */
export const ADMIN_TOKEN = 'e2e0admin0token0000000000000000000000c0de';

/** Generous: CI runs on two loaded cores and process start-up dominates. */
export const START_TIMEOUT_MS = 45_000;

/** Starts `dojo-guard sandbox --port 0` with extra flags. */
export function startSandbox(args: string[] = []): Promise<Running> {
  return startCli(['sandbox', '--port', '0', ...args], {
    env: { SANDBOX_ADMIN_TOKEN: ADMIN_TOKEN },
    timeoutMs: START_TIMEOUT_MS,
  });
}

/** Starts `dojo-guard server --port 0` against `dojoUrl` with the admin key unless overridden. */
export function startServer(
  dojoUrl: string,
  env: Record<string, string | undefined> = {},
  args: string[] = [],
): Promise<Running> {
  return startCli(['server', '--port', '0', ...args], {
    env: {
      DEFECTDOJO_URL: dojoUrl,
      DEFECTDOJO_API_KEY: ADMIN_TOKEN,
      DEFECTDOJO_READ_API_KEY: undefined,
      DEFECTDOJO_WRITE_API_KEY: undefined,
      LOG_LEVEL: 'debug',
      ...env,
    },
    timeoutMs: START_TIMEOUT_MS,
  });
}

/** Connects the SDK client over Streamable HTTP. */
export async function connectHttp(
  url: string,
  headers: Record<string, string> = {},
): Promise<Client> {
  const client = new Client({ name: 'dojo-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers } }),
  );
  return client;
}

/** Calls a tool and returns the raw result. */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<CallToolResult> {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** Calls a tool that must succeed; returns its structuredContent (checked against the JSON text). */
export async function data<T = any>(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<T> {
  const r = await call(client, name, args);
  if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
  const text = (r.content[0] as { text: string }).text;
  const parsed = JSON.parse(text) as T;
  if (JSON.stringify(parsed) !== JSON.stringify(r.structuredContent)) {
    throw new Error(`${name}: text and structuredContent differ`);
  }
  return parsed;
}

/** Calls a tool that must fail; returns the `{code, message}` of its isError result. */
export async function failure(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<{ code: string; message: string; raw: string }> {
  const r = await call(client, name, args);
  const raw = JSON.stringify(r);
  if (!r.isError) throw new Error(`${name} unexpectedly succeeded: ${raw.slice(0, 300)}`);
  const text = (r.content[0] as { text: string }).text;
  try {
    const { error } = JSON.parse(text) as { error: { code: string; message: string } };
    return { ...error, raw };
  } catch {
    // SDK input-validation failures are plain text.
    return { code: 'input_validation', message: text, raw };
  }
}

/**
 * A real MCP SDK client through the proxy, one fresh session per `connect`, and the two ways the
 * e2e tests read a call's outcome.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';

/** A connected SDK client for one bearer token; `target` is the MCP URL or a started proxy. */
export async function connect(target: string | { url: string }, token: string): Promise<Client> {
  const url = typeof target === 'string' ? target : target.url;
  const client = new Client({ name: 'dojo-guard-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: { headers: { authorization: `Bearer ${token}` } },
    }),
  );
  return client;
}

/** Calls a tool; returns 'ok', 'tool_error', or `rpc CODE: [denial_code] message`. */
export async function call(
  client: Client,
  name: string,
  args: Record<string, unknown> = {},
): Promise<string> {
  try {
    const r = await client.callTool({ name, arguments: args });
    return r.isError ? 'tool_error' : 'ok';
  } catch (err) {
    if (err instanceof McpError) {
      const code = (err.data as { code?: unknown } | undefined)?.code;
      return `rpc ${err.code}: ${typeof code === 'string' ? `[${code}] ` : ''}${err.message}`;
    }
    throw err;
  }
}

/** The JSON-RPC error code of a rejected SDK call, or undefined if it resolved. */
export async function rpcCode(p: Promise<unknown>): Promise<number | undefined> {
  try {
    await p;
    return undefined;
  } catch (err) {
    return (err as { code?: number }).code;
  }
}

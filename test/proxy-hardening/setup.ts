/**
 * Shared setup of the hardening e2e tests: a policy file written to a temp dir, the real
 * `dojo-guard proxy` process (startCli, port 0) in front of the in-test SDK upstream, the real SDK
 * client, and readers for the audit file and /metrics.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { startCli, type Running } from '../helpers/process.js';
import { startHardeningUpstream, type HardeningUpstream } from './upstream.js';
import { policyYaml, type Token } from './policy.js';

export { INJECTED_TENANT, policyYaml, sha, USERS, type Token } from './policy.js';

export interface Harness {
  upstream: HardeningUpstream;
  proxy: Running;
  /** The proxy's MCP endpoint URL. */
  url: string;
  /** The proxy's origin (http://127.0.0.1:PORT). */
  origin: string;
  auditFile: string;
  close(): Promise<void>;
}

/** Starts upstream + proxy; `close` stops both. */
export async function startHarness(
  extra: { caps?: Record<string, number> } = {},
): Promise<Harness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-hardening-'));
  const policy = path.join(dir, 'policy.yaml');
  writeFileSync(policy, policyYaml(extra));
  const auditFile = path.join(dir, 'audit.log');
  const upstream = await startHardeningUpstream();
  const proxy = await startCli(
    ['proxy', '--policy', policy, '--upstream', upstream.url, '--port', '0'],
    { env: { AUDIT_LOG_FILE: auditFile } },
  ).catch(async (err) => {
    await upstream.close();
    throw err;
  });
  return {
    upstream,
    proxy,
    url: proxy.url,
    origin: new URL(proxy.url).origin,
    auditFile,
    close: async () => {
      await proxy.stop();
      await upstream.close();
    },
  };
}

/** An SDK client with sampling, elicitation and roots handlers that count their calls. */
export async function sdkClient(url: string, token: Token) {
  const calls = { sampling: 0, elicitation: 0, roots: 0 };
  const { CreateMessageRequestSchema, ElicitRequestSchema, ListRootsRequestSchema } =
    await import('@modelcontextprotocol/sdk/types.js');
  const client = new Client(
    { name: 'hardening-test', version: '1' },
    { capabilities: { sampling: {}, elicitation: {}, roots: { listChanged: true } } },
  );
  client.setRequestHandler(CreateMessageRequestSchema, async () => {
    calls.sampling++;
    return { role: 'assistant', content: { type: 'text', text: 'model says hi' }, model: 'm' };
  });
  client.setRequestHandler(ElicitRequestSchema, async () => {
    calls.elicitation++;
    return { action: 'accept', content: { name: 'Ada' } };
  });
  client.setRequestHandler(ListRootsRequestSchema, async () => {
    calls.roots++;
    return { roots: [{ uri: 'file:///home/secret-project', name: 'p' }] };
  });
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return { client, calls, sessionId: () => transport.sessionId! };
}

/**
 * Decision records of the audit file (JSON lines), or [] before the file exists. Only complete
 * lines: the proxy may be writing the last one while this reads (a poll would see it half written).
 */
export function auditDecisions(file: string): any[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop(); // after the last newline: empty, or a record still being written
  return lines
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l))
    .filter((r) => r.kind === 'decision');
}

/** Polls `check` until it returns a truthy value (no fixed sleeps), or throws after `ms`. */
export async function waitFor<T>(check: () => T | Promise<T>, ms = 5_000): Promise<NonNullable<T>> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Text of the first content block of a tools/call result. */
export const firstText = (r: unknown): string =>
  ((r as { content: { text: string }[] }).content[0]?.text ?? '') as string;

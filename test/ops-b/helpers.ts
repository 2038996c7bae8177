/**
 * Shared parts of the ops-b e2e suites: policy files in a temp dir, a proxy in front of the
 * recording SDK upstream, SDK clients per token, the audit file, /metrics parsing and polling.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startCli, type Running } from '../helpers/process.js';

export const READER_TOKEN = 'opsb-reader-token-0123456789abcdef';
export const WRITER_TOKEN = 'opsb-writer-token-0123456789abcdef';
export const TOKEN_ENV = {
  MCP_ROLE_ALICE: `${READER_TOKEN}:reader`,
  MCP_ROLE_BOB: `${WRITER_TOKEN}:writer`,
};

/** A small policy: reader may get_findings (+ `readerExtra`), writer inherits and may close. */
export function policyYaml(
  opts: { readerExtra?: string[]; top?: string; tail?: string } = {},
): string {
  const readerTools = ['get_findings', ...(opts.readerExtra ?? [])];
  return [
    'version: 1',
    opts.top ?? '',
    'server: { port: 0 }',
    'auth:',
    '  env_bindings: { prefix: MCP_ROLE_ }',
    'tools:',
    '  classes:',
    '    mutating: [close_finding, add_finding_note]',
    'rbac:',
    '  roles:',
    `    reader: { tools: [${readerTools.join(', ')}] }`,
    '    writer: { inherits: [reader], tools: [close_finding, add_finding_note] }',
    opts.tail ?? '',
    '',
  ].join('\n');
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dojo-guard-${prefix}-`));
}

/** Replaces `file` the way editors do: write a sibling, then rename over it. */
export function replaceFile(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export async function startProxy(
  policyFile: string,
  upstreamUrl: string,
  opts: { audit?: string; extraArgs?: string[] } = {},
): Promise<Running> {
  return startCli(
    [
      'proxy',
      '--policy',
      policyFile,
      '--upstream',
      upstreamUrl,
      '--port',
      '0',
      ...(opts.extraArgs ?? []),
    ],
    { env: { ...TOKEN_ENV, AUDIT_LOG_FILE: opts.audit } },
  );
}

/** Base URL (no path) of a proxy started by startProxy. */
export const baseOf = (proxy: Running): string => new URL(proxy.url).origin;

export async function connect(proxy: Running, token: string): Promise<Client> {
  const client = new Client({ name: 'ops-b', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(proxy.url), {
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

/** Parsed audit records (JSON lines) of `file`. */
export function auditRecords(file: string): Record<string, unknown>[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function metricsText(
  proxy: Running,
  headers: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`${baseOf(proxy)}/metrics`, { headers });
  if (res.status !== 200) throw new Error(`/metrics answered ${res.status}`);
  return res.text();
}

/** Value of one sample `name{labels}` (labels in any order); undefined when absent. */
export function sample(
  text: string,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]),
    );
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** Polls `fn` until it returns a truthy value (or throws after `timeoutMs`). */
export async function waitFor<T>(
  fn: () => Promise<T> | T,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

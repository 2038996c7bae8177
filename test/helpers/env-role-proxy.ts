/**
 * A proxy process in front of a given upstream, its roles bound to tokens by environment
 * (`auth.env_bindings`), and the small policy the reload, shadow and metrics e2e tests start from.
 */
import { startCli, type Running } from './process.js';

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

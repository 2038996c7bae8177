/**
 * Shared setup of the reliability tests: the real `dojo-guard proxy` process (port 0, audit to a
 * temp file) in front of the misbehaving fake upstream (test/helpers/fake-upstream.ts), and raw
 * JSON-RPC calls so each test sees exactly what a client receives.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCli, type Running } from '../helpers/process.js';
import {
  startFakeUpstream,
  type FakeUpstream,
  type FakeUpstreamOptions,
} from '../helpers/fake-upstream.js';
import {
  messagesOf,
  openSession,
  POST_HEADERS,
  raw,
  type RawResponse,
} from '../proxy/helpers/raw.js';

export const TOKEN = 'tok-reliability-alice';
export const TOKEN2 = 'tok-reliability-bob';
const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** A policy: two token principals with every tool, plus the given YAML under `upstream:`/`server:`. */
export function faultPolicy(opts: { upstream?: string[]; server?: string[] } = {}): string {
  return [
    'version: 1',
    ...(opts.server ? ['server:', ...opts.server.map((l) => `  ${l}`)] : []),
    ...(opts.upstream ? ['upstream:', ...opts.upstream.map((l) => `  ${l}`)] : []),
    'auth:',
    '  tokens:',
    `    - { id: alice, role: user, sha256: ${sha(TOKEN)} }`,
    `    - { id: bob, role: user, sha256: ${sha(TOKEN2)} }`,
    'rbac:',
    '  roles:',
    "    user: { tools: ['*'] }",
    '',
  ].join('\n');
}

export interface FaultHarness {
  fake: FakeUpstream;
  proxy: Running;
  url: string;
  auditFile: string;
  dir: string;
  close(): Promise<void>;
}

/** Starts the fake upstream and the proxy with `policyYaml`. */
export async function startFaultHarness(
  policyYaml: string,
  upstreamOpts: FakeUpstreamOptions = {},
): Promise<FaultHarness> {
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-reliability-'));
  const policy = path.join(dir, 'policy.yaml');
  writeFileSync(policy, policyYaml);
  const auditFile = path.join(dir, 'audit.log');
  const fake = await startFakeUpstream(upstreamOpts);
  const proxy = await startCli(
    ['proxy', '--policy', policy, '--upstream', fake.url, '--port', '0'],
    { env: { AUDIT_LOG_FILE: auditFile }, timeoutMs: 45_000 },
  ).catch(async (err) => {
    await fake.close();
    throw err;
  });
  return {
    fake,
    proxy,
    url: proxy.url,
    auditFile,
    dir,
    close: async () => {
      await proxy.stop();
      await fake.close();
    },
  };
}

/** A session through the proxy, with a tools/call helper that returns what the client got. */
export async function session(url: string, token = TOKEN) {
  const sid = await openSession(url, token);
  const headers = {
    ...POST_HEADERS,
    authorization: `Bearer ${token}`,
    'mcp-session-id': sid,
    'mcp-protocol-version': '2025-06-18',
  };
  let next = 100;
  return {
    sid,
    headers,
    /** Calls `tool`; resolves with the HTTP response, its messages and the elapsed time. */
    call: async (tool: string, args: Record<string, unknown> = {}, id: number = next++) => {
      const started = Date.now();
      const res: RawResponse = await raw(url, {
        headers,
        body: JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name: tool, arguments: args },
        }),
      });
      const messages = res.text.length > 0 ? messagesOf(res) : [];
      const answer = messages.find((m) => m.id === id);
      return { res, messages, id, ms: Date.now() - started, answer, text: textOf(answer) };
    },
  };
}

/**
 * The text of a result's first content block; untrusted-wrap (on by default) wraps tool output as
 * `{"value": …, "_warning": …}`, so the value is unwrapped when the text is such an object.
 */
export function textOf(answer: any): string | undefined {
  const t = answer?.result?.content?.[0]?.text;
  if (typeof t !== 'string') return undefined;
  try {
    const v = JSON.parse(t);
    if (v && typeof v === 'object' && typeof v.value === 'string' && '_warning' in v)
      return v.value;
  } catch {
    // plain text
  }
  return t;
}

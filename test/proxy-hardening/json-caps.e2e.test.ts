/**
 * Member/element/value caps through the real proxy under the shipped demo policy
 * (policies/demo.yaml, default caps): the abusive bodies of issue 14 are refused with
 * `json_too_complex` before any guard runs, whether the tool is allowed or forbidden, never reach
 * the upstream, and are audited; bodies at the caps pass whole.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, startCli, type Running } from '../helpers/process.js';
import { startRecordingUpstream, type RecordingUpstream } from '../rbac/recording-upstream.js';
import { openSession, POST_HEADERS, raw } from '../proxy/helpers/raw.js';
import { SERVER_LIMIT_DEFAULTS } from '../../src/policy/compile-server-limits.js';
import { auditDecisions, waitFor } from './setup.js';

const READER = 'demo-only-reader-token-do-not-use-in-production';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-json-caps-'));
const auditFile = path.join(dir, 'audit.jsonl');
let upstream: RecordingUpstream;
let proxy: Running;
let sid: string;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  proxy = await startCli(
    [
      'proxy',
      '--policy',
      path.join(REPO_ROOT, 'policies/demo.yaml'),
      '--upstream',
      upstream.url,
      '--port',
      '0',
    ],
    {
      env: {
        AUDIT_LOG_FILE: auditFile,
        AUDIT_HMAC_KEY: 'json-caps-e2e-hmac-key-0123456789abcdef0123',
      },
      timeoutMs: 60_000,
    },
  );
  sid = await openSession(proxy.url, READER);
});
afterAll(async () => {
  await proxy?.stop();
  await upstream?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const wide = (n: number): string =>
  '{' + Array.from({ length: n }, (_, i) => `"k${i}":${i % 10}`).join(',') + '}';
const list = (n: number): string =>
  '[' + Array.from({ length: n }, (_, i) => (i * 7919) % 1_000_000).join(',') + ']';
let nextId = 100;
const post = (tool: string, args: string) => {
  const id = nextId++;
  return raw(proxy.url, {
    headers: {
      ...POST_HEADERS,
      authorization: `Bearer ${READER}`,
      'mcp-session-id': sid,
      'mcp-protocol-version': '2025-06-18',
    },
    body: `{"jsonrpc":"2.0","id":${id},"method":"tools/call","params":{"name":"${tool}","arguments":${args}}}`,
  });
};

describe('JSON count caps through the proxy (shipped demo policy)', () => {
  const C = SERVER_LIMIT_DEFAULTS.jsonCaps;
  const cases: [string, string, string][] = [
    ['100k argument keys, allowed tool', 'get_findings', wide(100_000)],
    ['100k argument keys, forbidden tool', 'update_finding', wide(100_000)],
    ['500k numbers in one array', 'get_findings', `{"ids":${list(500_000)}}`],
    [
      'one member over the cap, nested',
      'get_findings',
      `{"filter":{"deep":${wide(C.maxMembers + 1)}}}`,
    ],
    [
      'values over the total, each array under its cap',
      'get_findings',
      `{"ids":[${Array(Math.ceil(C.maxValues / 1000) + 1)
        .fill(list(1000))
        .join(',')}]}`,
    ],
  ];

  it.each(cases)(
    'refuses %s with json_too_complex; upstream untouched, audited',
    async (_n, tool, args) => {
      const before = upstream.toolCalls().length;
      const r = await post(tool, args);
      expect(r.status).toBe(400);
      expect(r.json().error).toMatchObject({ code: -32600, data: { code: 'json_too_complex' } });
      const decisionId = r.json().error.data.decisionId as string;
      const rec = await waitFor(() =>
        auditDecisions(auditFile).find((d) => d.decisionId === decisionId),
      );
      expect(rec).toMatchObject({ outcome: 'denied', code: 'json_too_complex' });
      expect(rec.arguments).toBeUndefined();
      expect(upstream.toolCalls().length).toBe(before);
    },
  );

  it('forwards a body at the member and element caps whole', async () => {
    // Under the upstream's one declared argument (`any`), so argument validation lets it pass.
    const r1 = await post('get_findings', `{"any":${wide(C.maxMembers)}}`);
    expect(r1.status).toBe(200);
    expect(r1.json().error).toBeUndefined();
    const a1 = upstream.toolCalls().at(-1)!.params!.arguments!.any as object;
    expect(Object.keys(a1)).toHaveLength(C.maxMembers);
    const r2 = await post('get_findings', `{"any":${list(C.maxElements)}}`);
    expect(r2.status).toBe(200);
    expect(r2.json().error).toBeUndefined();
    const a2 = upstream.toolCalls().at(-1)!.params!.arguments!.any as unknown[];
    expect(a2).toHaveLength(C.maxElements);
  });
});

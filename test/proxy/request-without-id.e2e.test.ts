/**
 * A request method sent without an id (a "notification" `tools/call`) through the real
 * `dojo-guard proxy` process in front of a recording SDK upstream: refused with
 * `request_without_id` (400/-32600), nothing reaches the upstream, and the audit trail holds a
 * denied record naming the method and tool. Real notifications still pass.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../helpers/process.js';
import { KEY, records, tmpDir, waitFor } from '../audit/helpers.js';
import { startUpstream, type TestUpstream } from './helpers/upstream.js';
import { openSession, POST_HEADERS, raw } from './helpers/raw.js';

const TOKEN = 'notif-e2e-writer-token-0123456789abcdef';
let dir: string;
let auditFile: string;
let upstream: TestUpstream;
let proxy: Running;
let sid: string;

beforeAll(async () => {
  dir = tmpDir('dg-notif-e2e-');
  auditFile = path.join(dir, 'audit.log');
  const policy = path.join(dir, 'policy.yaml');
  fs.writeFileSync(
    policy,
    `version: 1
server: { host: 127.0.0.1, port: 0 }
auth:
  env_bindings: { prefix: NOTIFTEST_ROLE_ }
tools:
  classes:
    mutating: [echo]
rbac:
  roles:
    writer: { tools: ['*'], prompts: ['*'], resources: ['*'] }
audit:
  file: { path: ${auditFile}, fsync: never }
`,
  );
  upstream = await startUpstream({ jsonResponse: true });
  proxy = await startCli(['proxy', '--policy', policy, '--upstream', upstream.url, '--port', '0'], {
    env: { AUDIT_HMAC_KEY: KEY, NOTIFTEST_ROLE_W: `${TOKEN}:writer` },
    timeoutMs: 60_000,
  });
  sid = await openSession(proxy.url, TOKEN);
}, 120_000);

afterAll(async () => {
  await proxy?.stop();
  await upstream?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const headers = (): Record<string, string> => ({
  ...POST_HEADERS,
  authorization: `Bearer ${TOKEN}`,
  'mcp-session-id': sid,
  'mcp-protocol-version': '2025-06-18',
});

/** Upstream requests other than the session's own setup. */
const forwarded = (): unknown[] =>
  upstream.seen
    .map((r) => r.body as { method?: string } | undefined)
    .filter((b) => b?.method !== 'initialize' && b?.method !== 'notifications/initialized');

describe('request methods sent without an id', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['tools/call', { method: 'tools/call', params: { name: 'echo', arguments: { text: 'hi' } } }],
    [
      'tools/call, id under another case',
      { method: 'tools/call', ID: 7, params: { name: 'echo' } },
    ],
    ['prompts/get', { method: 'prompts/get', params: { name: 'p' } }],
    ['resources/read', { method: 'resources/read', params: { uri: 'file:///x' } }],
    ['tools/list', { method: 'tools/list' }],
    ['ping', { method: 'ping' }],
    ['initialize', { method: 'initialize', params: {} }],
    ['a notification look-alike', { method: 'notifications_cancelled' }],
    ['a case variant of a notification', { method: 'Notifications/cancelled' }],
  ];

  for (const [label, msg] of cases) {
    it(`refuses ${label} and audits it; nothing reaches the upstream`, async () => {
      const before = forwarded().length;
      const r = await raw(proxy.url, {
        headers: headers(),
        body: JSON.stringify({ jsonrpc: '2.0', ...msg }),
      });
      expect(r.status).toBe(400);
      expect(r.json().error).toMatchObject({ code: -32600, data: { code: 'request_without_id' } });
      const decisionId = r.headers['mcp-guard-decision-id'] as string;
      expect(decisionId).toBeTruthy();
      await waitFor(
        () => records(auditFile).some((x) => x.decisionId === decisionId),
        10_000,
        'audit record',
      );
      const rec = records(auditFile).find((x) => x.decisionId === decisionId)!;
      expect(rec).toMatchObject({
        outcome: 'denied',
        code: 'request_without_id',
        method: msg.method,
        principal: { id: 'w', role: 'writer' },
      });
      if (msg.method === 'tools/call') expect(rec.tool).toBe('echo');
      expect(forwarded().length).toBe(before);
    });
  }

  it('still forwards real notifications (202)', async () => {
    const before = forwarded().length;
    const r = await raw(proxy.url, {
      headers: headers(),
      body: JSON.stringify({
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: 99 },
      }),
    });
    expect(r.status).toBe(202);
    await waitFor(() => forwarded().length === before + 1, 10_000, 'forwarded notification');
    expect(upstream.seen.some((x) => (x.body as any)?.method === 'tools/call')).toBe(false);
  });
});

/**
 * JSON log lines about a request carry its decision id, the same id as the client's answer and
 * the audit record: an MCP `initialize` → `dojo-guard proxy` → an upstream that went away.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingUpstream, type RecordingUpstream } from '../rbac/recording-upstream.js';
import type { Running } from '../helpers/process.js';
import { READER_TOKEN, policyYaml, startProxy } from '../helpers/env-role-proxy.js';
import { readAudit } from '../helpers/audit-file.js';
import { tempDir } from '../helpers/files.js';
import { waitFor } from '../helpers/wait.js';

const dir = tempDir('log-correlation');
const audit = path.join(dir, 'audit.jsonl');
let upstream: RecordingUpstream;
let proxy: Running;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  const file = path.join(dir, 'policy.yaml');
  fs.writeFileSync(file, policyYaml());
  proxy = await startProxy(file, upstream.url, { audit });
});

afterAll(async () => {
  await proxy?.stop();
  await upstream?.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The proxy's stderr as parsed JSON log lines. */
const logLines = (): Record<string, unknown>[] =>
  proxy
    .stderr()
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('request-scoped JSON logs', () => {
  it('name the decision id the client and the audit trail got', async () => {
    await upstream.close();
    const res = await fetch(proxy.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${READER_TOKEN}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'log-correlation', version: '1.0.0' },
        },
      }),
    });
    expect(res.status).toBe(502);
    const body = (await res.json()) as { error: { data: { code: string; decisionId: string } } };
    const data = body.error.data;
    expect(data.code).toBe('upstream_unavailable');
    expect(data.decisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('mcp-guard-decision-id')).toBe(data.decisionId);

    const line = await waitFor(() =>
      logLines().find((l) => l['message'] === 'upstream request failed'),
    );
    expect(line).toMatchObject({ level: 'warn', decisionId: data.decisionId });
    const record = await waitFor(() =>
      readAudit(audit).find((r) => r['code'] === 'upstream_unavailable'),
    );
    expect(record['decisionId']).toBe(data.decisionId);
    // Nothing secret rides along: the bearer token is in no log line.
    expect(proxy.stderr()).not.toContain(READER_TOKEN);
  });
});

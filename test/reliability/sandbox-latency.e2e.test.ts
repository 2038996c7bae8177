/**
 * The SSE timeout with the real stack: SDK client → `dojo-guard proxy` → `dojo-guard server`
 * (which answers every tool call as SSE) → `dojo-guard sandbox --latency-ms` beyond the proxy's
 * idle limit. The call must end at the idle limit with a JSON-RPC upstream_timeout error, not
 * when the sandbox finally answers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { McpError } from '@modelcontextprotocol/sdk/types.js';
import { startCli, type Running } from '../helpers/process.js';
import { auditDecisions, waitFor } from '../proxy-hardening/setup.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { faultPolicy, TOKEN } from './setup.js';

const ADMIN = 'reliability0admin0token00000000000000c0de';
const LATENCY_MS = 8_000;
const IDLE_MS = 2_000;
const procs: Running[] = [];
let client: Client;
let auditFile: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-latency-'));
  const policy = path.join(dir, 'policy.yaml');
  auditFile = path.join(dir, 'audit.log');
  writeFileSync(
    policy,
    faultPolicy({ upstream: [`sse_idle_timeout_ms: ${IDLE_MS}`, 'sse_total_timeout_ms: 60000'] }),
  );
  const opts = { timeoutMs: 45_000 };
  const sandbox = await startCli(['sandbox', '--port', '0', '--latency-ms', String(LATENCY_MS)], {
    ...opts,
    env: { SANDBOX_ADMIN_TOKEN: ADMIN },
  });
  procs.push(sandbox);
  const server = await startCli(['server', '--port', '0'], {
    ...opts,
    env: { DEFECTDOJO_URL: sandbox.url, DEFECTDOJO_API_KEY: ADMIN },
  });
  procs.push(server);
  const proxy = await startCli(
    ['proxy', '--policy', policy, '--upstream', server.url, '--port', '0'],
    { ...opts, env: { AUDIT_LOG_FILE: auditFile } },
  );
  procs.push(proxy);
  client = new Client({ name: 'latency-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(proxy.url), {
      requestInit: { headers: { authorization: `Bearer ${TOKEN}` } },
    }),
  );
}, 150_000);

afterAll(async () => {
  await client?.close().catch(() => undefined);
  for (const p of procs.reverse()) await p.stop();
});

describe('sandbox slower than the SSE idle limit behind dojo-guard server', () => {
  it('ends the tool call at the idle limit with upstream_timeout, audited as error', async () => {
    const started = Date.now();
    const err = await client
      .callTool({ name: 'get_findings', arguments: { limit: 1 } }, undefined, { timeout: 60_000 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    const ms = Date.now() - started;
    expect(err).toBeInstanceOf(McpError);
    expect((err as McpError).code).toBe(-32603);
    expect((err as McpError).data).toMatchObject({ code: 'upstream_timeout' });
    expect(ms).toBeGreaterThanOrEqual(IDLE_MS - 100);
    expect(ms).toBeLessThan(LATENCY_MS);
    const decisionId = ((err as McpError).data as { decisionId: string }).decisionId;
    const rec = await waitFor(() =>
      auditDecisions(auditFile).find((r) => r.decisionId === decisionId),
    );
    expect(rec).toMatchObject({ outcome: 'error', code: 'upstream_timeout', tool: 'get_findings' });
  });
});

/**
 * /metrics and /readyz end to end: real SDK client → `dojo-guard proxy` → SDK upstream. After
 * allowed and denied calls the counters and histograms carry them with bounded labels; /readyz
 * lists its checks and goes 503 when the upstream is down.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startRecordingUpstream, type RecordingUpstream } from '../rbac/recording-upstream.js';
import type { Running } from '../helpers/process.js';
import {
  READER_TOKEN,
  WRITER_TOKEN,
  baseOf,
  policyYaml,
  startProxy,
} from '../helpers/env-role-proxy.js';
import { readAudit } from '../helpers/audit-file.js';
import { call, connect } from '../helpers/mcp-client.js';
import { metricsText, sample } from '../helpers/metrics-text.js';
import { tempDir } from '../helpers/files.js';
import { waitFor } from '../helpers/wait.js';

let upstream: RecordingUpstream;
let proxy: Running;
let authProxy: Running;
let reader: Client;
const dir = tempDir('metrics');

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  const file = path.join(dir, 'policy.yaml');
  fs.writeFileSync(file, policyYaml());
  const authFile = path.join(dir, 'auth.yaml');
  fs.writeFileSync(
    authFile,
    policyYaml().replace(
      'server: { port: 0 }',
      'server: { port: 0, metrics: { path: /internal/metrics, require_auth: true } }',
    ),
  );
  [proxy, authProxy] = await Promise.all([
    startProxy(file, upstream.url),
    startProxy(authFile, upstream.url),
  ]);
  reader = await connect(proxy, READER_TOKEN);
});

afterAll(async () => {
  await reader?.close().catch(() => undefined);
  await proxy?.stop();
  await authProxy?.stop();
  await upstream?.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('/metrics', () => {
  it('counts allowed and denied calls by method, tool and code, with bounded labels', async () => {
    expect(await call(reader, 'get_findings')).toBe('ok');
    expect(await call(reader, 'get_findings')).toBe('ok');
    expect(await call(reader, 'close_finding', { finding_id: 1 })).toMatch(/Unknown tool/);
    // Client-chosen names never become label values.
    expect(await call(reader, 'Attacker_Tool_\u202e_x')).toMatch(/Unknown tool/);
    expect(await call(reader, 'get_findings\u0000')).toMatch(/Unknown tool|rpc/);

    const text = await metricsText(proxy);
    const allowed = {
      method: 'tools/call',
      tool: 'get_findings',
      outcome: 'allowed',
      code: 'none',
    };
    expect(sample(text, 'dojo_guard_requests_total', allowed)).toBe(2);
    expect(
      sample(text, 'dojo_guard_denials_total', {
        method: 'tools/call',
        tool: 'close_finding',
        code: 'unknown_tool',
      }),
    ).toBe(1);
    expect(
      sample(text, 'dojo_guard_denials_total', {
        method: 'tools/call',
        tool: 'other',
        code: 'unknown_tool',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(text).not.toContain('Attacker');
    expect(text).not.toContain('\u202e');
    // initialize and tools/call both counted (the SDK client initialized first).
    expect(
      sample(text, 'dojo_guard_requests_total', { method: 'initialize', outcome: 'allowed' }),
    ).toBeGreaterThanOrEqual(1);
    // Histograms: total, proxy-added (guard time) and upstream time.
    expect(
      sample(text, 'dojo_guard_request_duration_seconds_count', {
        method: 'tools/call',
        outcome: 'allowed',
      }),
    ).toBe(2);
    expect(
      sample(text, 'dojo_guard_request_duration_seconds_bucket', {
        method: 'tools/call',
        outcome: 'allowed',
        le: '+Inf',
      }),
    ).toBe(2);
    expect(
      sample(text, 'dojo_guard_proxy_added_seconds_count', { method: 'tools/call' }),
    ).toBeGreaterThanOrEqual(4);
    expect(
      sample(text, 'dojo_guard_upstream_duration_seconds_count', { http_method: 'POST' }),
    ).toBeGreaterThanOrEqual(3);
    // Process metrics (the benchmark reads CPU from here), sessions, audit, policy.
    expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
    expect(sample(text, 'dojo_guard_active_sessions')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'dojo_guard_audit_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(sample(text, 'dojo_guard_audit_accepting_mutations')).toBe(1);
    expect(sample(text, 'dojo_guard_policy_revision_timestamp_seconds')).toBeGreaterThan(
      Date.now() / 1000 - 600,
    );
    expect(sample(text, 'dojo_guard_state_store_healthy')).toBe(1);
  });

  it('counts a writer call separately and does not count unauthenticated probes as principals', async () => {
    const writer = await connect(proxy, WRITER_TOKEN);
    try {
      expect(await call(writer, 'close_finding', { finding_id: 7 })).toBe('ok');
    } finally {
      await writer.close();
    }
    const res = await fetch(proxy.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(res.status).toBe(401);
    const wrong = await fetch(proxy.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: 'Bearer opsb-not-a-token-0123456789abcdef',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(wrong.status).toBe(401);
    const text = await metricsText(proxy);
    expect(
      sample(text, 'dojo_guard_requests_total', {
        method: 'tools/call',
        tool: 'close_finding',
        outcome: 'allowed',
      }),
    ).toBe(1);
    // Refused before any message is read: counted by code, not as requests of a principal.
    expect(sample(text, 'dojo_guard_gate_refusals_total', { code: 'unauthenticated' })).toBe(1);
    expect(sample(text, 'dojo_guard_gate_refusals_total', { code: 'invalid_token' })).toBe(1);
    expect(text).not.toMatch(/opsb-(reader|writer|not-a)-token/);
  });

  it('refuses foreign Host headers on a loopback bind (DNS rebinding)', async () => {
    const { port } = new URL(proxy.url);
    const get = (host: string) =>
      new Promise<number>((resolve, reject) => {
        http
          .get({ host: '127.0.0.1', port, path: '/metrics', headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          })
          .on('error', reject);
      });
    for (const evil of [
      'evil.example',
      'localhost.evil.example',
      'EVIL.example:80',
      '127.0.0.1.nip.io',
    ]) {
      expect(await get(evil), evil).toBe(403);
    }
    expect(await get(`localhost:${port}`)).toBe(200);
    expect(await get(`LOCALHOST:${port}`)).toBe(200);
  });

  it('honours server.metrics: custom path, bearer auth required', async () => {
    const base = baseOf(authProxy);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const anon = await fetch(`${base}/internal/metrics`);
    expect(anon.status).toBe(401);
    const bad = await fetch(`${base}/internal/metrics`, {
      headers: { authorization: `Bearer ${READER_TOKEN}x` },
    });
    expect(bad.status).toBe(401);
    const ok = await fetch(`${base}/internal/metrics`, {
      headers: { authorization: `Bearer ${READER_TOKEN}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await ok.text()).toContain('dojo_guard_policy_revision_timestamp_seconds');
  });
});

describe('/readyz', () => {
  it('is ready with every check listed, then 503 once the upstream is down', async () => {
    const base = baseOf(proxy);
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    // The proxy's only audit sink is the AUDIT_LOG_FILE the test helpers give it (no forwarder).
    const fileSink = { name: 'file', kind: 'file', up: true };
    expect(await ready.json()).toEqual({
      status: 'ready',
      checks: { upstream: true, store: true, audit: true },
      audit_sinks: [fileSink],
    });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    await upstream.close();
    const body = await waitFor(
      async () => {
        const r = await fetch(`${base}/readyz`);
        return r.status === 503 ? ((await r.json()) as Record<string, unknown>) : undefined;
      },
      15_000,
      '/readyz 503',
    );
    // Only the upstream check fails; the audit file keeps accepting.
    expect(body).toEqual({
      status: 'not_ready',
      checks: { upstream: false, store: true, audit: true },
      audit_sinks: [fileSink],
    });
    // Liveness is unaffected, and a call now counts as an upstream error.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    await expect(reader.callTool({ name: 'get_findings', arguments: {} })).rejects.toThrow(
      /upstream_unavailable/,
    );
    const text = await metricsText(proxy);
    expect(
      sample(text, 'dojo_guard_upstream_errors_total', { kind: 'transport' }),
    ).toBeGreaterThanOrEqual(1);
  });
});

describe('/readyz with Redis', () => {
  const redisDir = tempDir('readyz-redis');
  const audit = path.join(redisDir, 'audit.log');
  let up: Running;
  let down: Running;
  let upstream2: RecordingUpstream;
  const withRedis = (url: string) =>
    policyYaml({
      tail: `state:\n  backend: redis\n  redis: { url: '${url}', key_prefix: 'opsb-${process.pid}:' }`,
    });

  beforeAll(async () => {
    upstream2 = await startRecordingUpstream();
    fs.writeFileSync(path.join(redisDir, 'up.yaml'), withRedis('redis://127.0.0.1:6379'));
    // Port 1: nothing listens there, so the store is down from the start.
    fs.writeFileSync(path.join(redisDir, 'down.yaml'), withRedis('redis://127.0.0.1:1'));
    [up, down] = await Promise.all([
      startProxy(path.join(redisDir, 'up.yaml'), upstream2.url),
      startProxy(path.join(redisDir, 'down.yaml'), upstream2.url, { audit }),
    ]);
  });
  afterAll(async () => {
    await up?.stop();
    await down?.stop();
    await upstream2?.close().catch(() => undefined);
    fs.rmSync(redisDir, { recursive: true, force: true });
  });

  it('is ready with a real Redis, 503 with the store unreachable (and the outage is audited)', async () => {
    const ok = await fetch(`${baseOf(up)}/readyz`);
    expect(ok.status).toBe(200);
    const r = await fetch(`${baseOf(down)}/readyz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toMatchObject({
      status: 'not_ready',
      checks: { upstream: true, store: false },
    });
    const rec = await waitFor(() => readAudit(audit).find((x) => x.type === 'state_unavailable'));
    expect(rec).toMatchObject({ severity: 'critical', detail: { backend: 'redis' } });
    expect(sample(await metricsText(down), 'dojo_guard_state_store_healthy')).not.toBe(1);
  });
});

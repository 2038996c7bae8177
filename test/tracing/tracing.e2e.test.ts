/**
 * OpenTelemetry tracing through the real `dojo-guard proxy` and an SDK MCP server, with the MCP
 * SDK client sending a W3C `traceparent`: the exported span tree (request span under the client's
 * span, guard stages, upstream call and audit sealing beneath it), propagation to the upstream,
 * the decision id ↔ trace id cross-reference, denials exported even at sample_ratio 0, and no
 * argument, token or upstream credential in any exported byte. Without tracing, the client's trace
 * context still reaches the upstream.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostMcp, type McpHost } from '../helpers/mcp-host.js';
import { startCli, type Running } from '../helpers/process.js';
import { readAudit } from '../helpers/audit-file.js';
import { call } from '../helpers/mcp-client.js';
import { tempDir } from '../helpers/files.js';
import { waitFor } from '../helpers/wait.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';

const TOKEN = 'tracing-e2e-reader-token-0123456789abcdef';
const UPSTREAM_SECRET = 'upstream-credential-5f1d0c9a7b3e';
const ARG_SECRET = 'argument-value-never-in-a-span-93c1';
const CLIENT_TRACE = randomBytes(16).toString('hex');
const CLIENT_SPAN = randomBytes(8).toString('hex');
const TRACEPARENT = `00-${CLIENT_TRACE}-${CLIENT_SPAN}-01`;
const TRACESTATE = 'vendor=opaque';

const dir = tempDir('tracing');
const audit = path.join(dir, 'audit.jsonl');
let receiver: OtlpReceiver;
let upstream: McpHost;
const upstreamSeen: Array<{ method?: string; traceparent?: string; tracestate?: string }> = [];
let traced: Running;
let untraced: Running;

function policy(tracing: boolean): string {
  return [
    'version: 1',
    'server: { port: 0 }',
    'upstream:',
    `  headers: { Authorization: 'Token ${UPSTREAM_SECRET}' }`,
    'auth:',
    '  env_bindings: { prefix: MCP_ROLE_ }',
    'tools:',
    '  classes:',
    '    mutating: [close_finding]',
    'rbac:',
    '  roles:',
    '    reader: { tools: [get_findings] }',
    ...(tracing
      ? [
          'observability:',
          '  tracing:',
          `    endpoint: ${receiver.url}`,
          '    sample_ratio: 0 # only the client-sampled traces and the denials',
        ]
      : []),
    '',
  ].join('\n');
}

function buildServer(): McpServer {
  const s = new McpServer({ name: 'tracing-upstream', version: '1.0.0' });
  for (const name of ['get_findings', 'close_finding']) {
    s.registerTool(
      name,
      { description: name, inputSchema: { query: z.string().optional() } },
      async () => ({
        content: [{ type: 'text', text: `${name} ran` }],
      }),
    );
  }
  return s;
}

async function start(name: string, tracing: boolean): Promise<Running> {
  fs.writeFileSync(path.join(dir, `${name}.yaml`), policy(tracing));
  return startCli(
    ['proxy', '--policy', path.join(dir, `${name}.yaml`), '--upstream', upstream.url, '--no-watch'],
    {
      env: {
        MCP_ROLE_ALICE: `${TOKEN}:reader`,
        AUDIT_LOG_FILE: tracing ? audit : path.join(dir, `${name}.jsonl`),
        OTEL_BSP_SCHEDULE_DELAY: '100',
        OTEL_EXPORTER_OTLP_ENDPOINT: '',
        LOG_LEVEL: 'info',
      },
      timeoutMs: 60_000,
    },
  );
}

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  upstream = await hostMcp(buildServer, {
    jsonResponse: true,
    onRequest: (req: Request) => {
      const body = req.body as { method?: string } | undefined;
      const h = req.headers;
      upstreamSeen.push({
        method: body?.method,
        traceparent: h.traceparent as string | undefined,
        tracestate: h.tracestate as string | undefined,
      });
    },
  });
  [traced, untraced] = await Promise.all([start('traced', true), start('untraced', false)]);
}, 60_000);

afterAll(async () => {
  await Promise.all([traced?.stop(), untraced?.stop()]);
  await upstream?.close().catch(() => undefined);
  await receiver?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function connect(url: string): Promise<Client> {
  const client = new Client({ name: 'tracing-e2e', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(url), {
      requestInit: {
        headers: {
          authorization: `Bearer ${TOKEN}`,
          traceparent: TRACEPARENT,
          tracestate: TRACESTATE,
        },
      },
    }),
  );
  return client;
}

const rawPost = (url: string, headers: Record<string, string>): Promise<Response> =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'raw', version: '1' },
      },
    }),
  });

const byName = (name: string): ReceivedSpan | undefined =>
  receiver.spans.find((s) => s.name === name);
const childrenOf = (s: ReceivedSpan): ReceivedSpan[] =>
  receiver.spans.filter((c) => c.parentSpanId === s.spanId && c.traceId === s.traceId);

describe('tracing on (sample_ratio 0, client trace sampled)', () => {
  let allowedDecision = '';

  it('exports the span tree of an allowed tools/call under the client span', async () => {
    const client = await connect(traced.url);
    try {
      expect(await call(client, 'get_findings', { query: ARG_SECRET })).toBe('ok');
      expect(await call(client, 'close_finding', { query: ARG_SECRET })).toMatch(/^rpc /);
    } finally {
      await client.close();
    }
    const root = await waitFor(() => byName('tools/call get_findings'), 20_000, 'request span');
    expect(root).toMatchObject({
      traceId: CLIENT_TRACE,
      parentSpanId: CLIENT_SPAN,
      kind: 2,
      serviceName: 'dojo-guard',
    });
    expect(root.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'get_findings',
      'rpc.system': 'jsonrpc',
      'enduser.id': 'alice',
      'dojo_guard.outcome': 'allowed',
      'http.response.status_code': 200,
    });
    allowedDecision = String(root.attributes['dojo_guard.decision_id']);
    expect(allowedDecision).toMatch(/^[0-9a-f-]{36}$/);

    const kids = await waitFor(
      () => (childrenOf(root).some((c) => c.name === 'audit seal') ? childrenOf(root) : undefined),
      20_000,
      'children',
    );
    const names = kids.map((k) => k.name);
    expect(names).toContain('guard rbac');
    expect(names).toContain('guard chain response');
    expect(names).toContain('audit seal');
    const up = kids.find((k) => k.name === 'POST');
    expect(up).toMatchObject({ kind: 3 });
    expect(up!.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
    });
    const rbac = kids.find((k) => k.name === 'guard rbac')!;
    expect(rbac.attributes).toMatchObject({
      'dojo_guard.verdict': 'continue',
      'dojo_guard.phase': 'request',
    });

    // Propagation: the upstream saw the client's trace with the proxy's upstream span as parent.
    const seen = upstreamSeen.find(
      (u) => u.method === 'tools/call' && u.traceparent === `00-${CLIENT_TRACE}-${up!.spanId}-01`,
    );
    expect(seen, JSON.stringify(upstreamSeen)).toBeDefined();
    expect(seen!.tracestate).toBe(TRACESTATE);
  }, 60_000);

  it('cross-references decision id and trace id (audit record and span)', async () => {
    const rec = await waitFor(() =>
      readAudit(audit).find((r) => r['kind'] === 'decision' && r['decisionId'] === allowedDecision),
    );
    expect(rec['traceId']).toBe(CLIENT_TRACE);
    expect(rec['tool']).toBe('get_findings');
  });

  it('exports a denial with its code and no upstream span', async () => {
    const denied = await waitFor(() => byName('tools/call close_finding'), 20_000, 'denied span');
    expect(denied.attributes).toMatchObject({ 'dojo_guard.outcome': 'denied' });
    const rec = await waitFor(() =>
      readAudit(audit).find(
        (r) =>
          r['kind'] === 'decision' &&
          r['decisionId'] === denied.attributes['dojo_guard.decision_id'],
      ),
    );
    expect(rec['outcome']).toBe('denied');
    expect(denied.attributes['error.type']).toBe(rec['code']);
    expect(rec['traceId']).toBe(CLIENT_TRACE);
    const kids = await waitFor(() => (childrenOf(denied).length ? childrenOf(denied) : undefined));
    expect(kids.map((k) => k.name)).not.toContain('POST');
    expect(kids.find((k) => k.name === 'guard rbac')?.attributes['dojo_guard.verdict']).toBe(
      'deny',
    );
  });

  it('always exports denials, even unsampled: a bad token without traceparent', async () => {
    const ok = await rawPost(traced.url, { authorization: `Bearer ${TOKEN}` });
    expect(ok.status).toBe(200);
    const okDecision = ok.headers.get('mcp-guard-decision-id');
    const bad = await rawPost(traced.url, { authorization: 'Bearer wrong-token-0123456789abcdef' });
    expect(bad.status).toBe(401);
    const badSpan = await waitFor(
      () => receiver.spans.find((s) => s.attributes['http.response.status_code'] === 401),
      20_000,
      '401 span',
    );
    expect(badSpan.traceId).not.toBe(CLIENT_TRACE);
    expect(badSpan.parentSpanId).toBeUndefined();
    expect(badSpan.attributes['dojo_guard.outcome']).toBe('denied');
    // The allowed, unsampled initialize (ratio 0, no client decision) was not exported.
    expect(receiver.spans.some((s) => s.attributes['dojo_guard.decision_id'] === okDecision)).toBe(
      false,
    );
  });

  it('puts no argument, token or upstream credential in any exported span', () => {
    const all = receiver.raw.join('\n');
    expect(all.length).toBeGreaterThan(0);
    for (const secret of [ARG_SECRET, TOKEN, UPSTREAM_SECRET, 'wrong-token-0123456789abcdef']) {
      expect(all).not.toContain(secret);
    }
    for (const s of receiver.spans)
      expect(
        Object.keys(s.attributes).filter((k) => /argument|authorization|token/i.test(k)),
      ).toEqual([]);
  });

  it('logs the trace id with the decision id', async () => {
    // A `_meta` key in the proxy's namespace is stripped, with a request-scoped info line.
    const res = await fetch(traced.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${TOKEN}`,
        traceparent: TRACEPARENT,
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
          _meta: { 'io.dojo-guard/x': 1 },
        },
      }),
    });
    const decisionId = res.headers.get('mcp-guard-decision-id');
    const line = await waitFor(() =>
      traced
        .stderr()
        .split('\n')
        .find((l) => l.includes('stripped client _meta') && l.includes(String(decisionId))),
    );
    expect(JSON.parse(line)).toMatchObject({ decisionId, traceId: CLIENT_TRACE });
  });
});

describe('tracing off', () => {
  it('passes the client trace context to the upstream unchanged, and drops a malformed one', async () => {
    const before = upstreamSeen.length;
    const ok = await rawPost(untraced.url, {
      authorization: `Bearer ${TOKEN}`,
      traceparent: TRACEPARENT,
      tracestate: TRACESTATE,
    });
    expect(ok.status).toBe(200);
    expect(upstreamSeen.slice(before)).toContainEqual({
      method: 'initialize',
      traceparent: TRACEPARENT,
      tracestate: TRACESTATE,
    });
    const mark = upstreamSeen.length;
    await rawPost(untraced.url, {
      authorization: `Bearer ${TOKEN}`,
      // Upper-case hex is not a valid traceparent (W3C trace context §3.2.2).
      traceparent: TRACEPARENT.toUpperCase(),
      tracestate: TRACESTATE,
    });
    expect(upstreamSeen.slice(mark)).toContainEqual({
      method: 'initialize',
      traceparent: undefined,
      tracestate: undefined,
    });
    expect(untraced.stderr()).not.toContain('tracing on');
  });
});

/**
 * Mutation classes from advertised annotations, through the real proxy process: a tool with no
 * readOnlyHint whose name matches no mutating glob is treated as mutating (mutation rate limit,
 * audit `mutation: true`), a readOnlyHint tool as a read, and `class_annotations` classes a tool
 * that claims readOnlyHint but advertises destructiveHint. The client never lists tools first.
 */
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../helpers/process.js';
import { allowAllWith } from '../helpers/policy.js';
import { startSchemaUpstream, type RecordingUpstream } from './upstream.js';

let up: RecordingUpstream;
let proxy: Running;
let auditFile: string;
let sid: string | undefined;
let nextId = 1;

async function post(body: unknown) {
  const res = await fetch(proxy.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2025-06-18',
      ...(sid ? { 'mcp-session-id': sid } : {}),
    },
    body: JSON.stringify(body),
  });
  sid ??= res.headers.get('mcp-session-id') ?? undefined;
  const text = await res.text();
  if (text === '') return {};
  return JSON.parse(/^data: (.*)$/m.exec(text)?.[1] ?? text) as {
    result?: unknown;
    error?: { code: number; message: string };
  };
}
const call = (name: string, args: Record<string, unknown> = {}) =>
  post({ jsonrpc: '2.0', id: nextId++, method: 'tools/call', params: { name, arguments: args } });

/** Audit decision records for `tool`, waiting until at least `n` are written. */
async function decisions(tool: string, n: number): Promise<{ mutation: boolean }[]> {
  for (let i = 0; i < 200; i++) {
    if (existsSync(auditFile)) {
      const recs = readFileSync(auditFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as { tool?: string; mutation?: boolean; kind?: string })
        .filter((r) => r.tool === tool && typeof r.mutation === 'boolean');
      if (recs.length >= n) return recs as { mutation: boolean }[];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no audit records for ${tool}`);
}

beforeAll(async () => {
  up = await startSchemaUpstream(true);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-classes-'));
  auditFile = path.join(dir, 'audit.jsonl');
  const policy = path.join(dir, 'classes.yaml');
  // Replaces the base's rate_limits opt-out with the one-write mutation limit under test.
  writeFileSync(
    policy,
    allowAllWith(`
tools:
  classes:
    mutating: ['close_*']
  class_annotations:
    mutating: [{ destructiveHint: true }]
arguments: {}
rate_limits:
  limits:
    - id: one-write
      match: { classes: [mutating] }
      points: 1
      duration_seconds: 3600
audit:
  file:
    path: ${auditFile}
    fsync: always
`),
  );
  proxy = await startCli(['proxy', '--policy', policy, '--upstream', up.url, '--port', '0'], {
    env: { AUDIT_HMAC_KEY: 'classes-e2e-hmac-key-0123456789abcdef0123456789' },
  });
  await post({
    jsonrpc: '2.0',
    id: 0,
    method: 'initialize',
    params: {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'c', version: '1' },
    },
  });
  await post({ jsonrpc: '2.0', method: 'notifications/initialized' });
});
afterAll(async () => {
  await proxy?.stop();
  await up?.close();
});

describe('mutation classes from tool annotations', () => {
  it('treats a tool with no readOnlyHint and no matching glob as mutating', async () => {
    const first = await call('archive_finding', { finding_id: 1 });
    expect(first.error, JSON.stringify(first)).toBeUndefined();
    const second = await call('archive_finding', { finding_id: 2 });
    expect(second.error?.message).toMatch(/rate limit/i); // the mutation limit applies
    expect(up.toolCalls().filter((m) => m.params?.name === 'archive_finding')).toHaveLength(1);
    const recs = await decisions('archive_finding', 2);
    expect(recs.every((r) => r.mutation)).toBe(true);
  });

  it('treats a readOnlyHint tool as a read (no mutation limit)', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await call('get_findings', { limit: 1 });
      expect(r.error, JSON.stringify(r)).toBeUndefined();
    }
    const recs = await decisions('get_findings', 3);
    expect(recs.some((r) => r.mutation)).toBe(false);
  });

  it('classes a readOnlyHint tool that advertises destructiveHint by class_annotations', async () => {
    const r = await call('purge_cache');
    expect(r.error?.message).toMatch(/rate limit/i); // archive_finding used the one write
    const recs = await decisions('purge_cache', 1);
    expect(recs[0]!.mutation).toBe(true);
  });
});

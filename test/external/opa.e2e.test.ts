/**
 * An rbac rule deferred to an external decision point (`require: external:<name>`), through the
 * real proxy and SDK client, against an in-test HTTP server speaking OPA's REST Data API (no OPA
 * binary installs here): allow runs the call; deny, a timeout, a 500 and an undefined document
 * refuse it without reaching the upstream (fail closed); identical inputs are asked once (cache);
 * what is sent names principal, tool and digest, and carries no secret.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startCli, type Running } from '../helpers/process.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { readAudit, waitForAudit } from '../helpers/audit-file.js';
import { sha256 } from '../helpers/static-token-policy.js';
import { connect, denied, TOKENS } from '../approval/harness.js';
import { sample } from '../helpers/metrics-text.js';
import { findingRecord } from '../helpers/finding.js';

/** A credential-shaped note: masked before anything leaves the guard. */
const SECRET = 'ghp_' + 'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa';
/** The guard's own upstream credential, injected after the chain. */
const UPSTREAM_KEY = 'upstream-key-never-sent-out-0123456789';

interface Asked {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  input: { arguments: Record<string, unknown>; [k: string]: unknown };
}
const asked: Asked[] = [];

/** Answers by the call's `reason` argument, the way an OPA policy would. */
function startOpa(): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const body = JSON.parse(raw) as { input: Asked['input'] };
      asked.push({ path: req.url ?? '', headers: req.headers, raw, input: body.input });
      const reason = body.input.arguments.reason;
      const json = (status: number, doc: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(doc));
      };
      if (reason === 'allow') return json(200, { result: true });
      if (reason === 'allow-object') return json(200, { result: { allow: true, reason: 'ok' } });
      if (reason === 'deny') return json(200, { result: { allow: false, reason: 'not today' } });
      if (reason === 'deny-bool') return json(200, { result: false });
      if (reason === 'undefined') return json(200, {});
      if (reason === 'boom') return json(500, { code: 'internal_error' });
      if (reason === 'slow') return void setTimeout(() => json(200, { result: true }), 1500);
      json(200, { result: false });
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }),
    ),
  );
}

let opa: { url: string; server: http.Server };
let up: FakeUpstream;
let proxy: Running;
let writer: Client;
let dir: string;
let auditFile: string;

beforeAll(async () => {
  opa = await startOpa();
  up = await startFakeUpstream({
    tools: { close_finding: 'echo', add_note: 'echo', get_finding_by_id: 'echo' },
    schemas: {
      close_finding: {
        type: 'object',
        properties: {
          finding_id: { type: 'integer' },
          reason: { type: 'string' },
          note: { type: 'string' },
        },
      },
      add_note: { type: 'object', properties: { finding_id: { type: 'integer' } } },
      // Echoes `text`: the test hands it the finding it should "read".
      get_finding_by_id: { type: 'object', properties: { text: { type: 'string' } } },
    },
  });
  dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-external-'));
  auditFile = path.join(dir, 'audit.jsonl');
  const file = path.join(dir, 'policy.yaml');
  writeFileSync(
    file,
    `version: 1
server: { host: 127.0.0.1, port: 0 }
auth:
  tokens:
    - { id: wendy, role: writer, sha256: ${sha256(TOKENS.writer)} }
upstream:
  inject_arguments:
    - { tools: [close_finding], arguments: { api_key: ${UPSTREAM_KEY} } }
tools:
  classes:
    mutating: [close_finding, add_note]
decision_points:
  opa:
    opa: { url: ${opa.url}, path: dojo/guard/allow }
    timeout_ms: 400
    cache: { ttl_ms: 60000 }
rbac:
  roles:
    writer: { tools: [close_finding, add_note, get_finding_by_id] }
  rules:
    - id: closes-by-opa
      tools: [close_finding]
      require: external:opa
content:
  reject_secrets_in_arguments: false
audit:
  file: { path: ${auditFile}, fsync: never }
  findings: { scope: principal } # the fake upstream has no sessions: read sets per principal
`,
  );
  proxy = await startCli(['proxy', '--policy', file, '--upstream', up.url, '--port', '0'], {
    timeoutMs: 60_000,
  });
  writer = await connect(proxy.url, TOKENS.writer);
}, 120_000);

afterAll(async () => {
  await writer?.close().catch(() => undefined);
  await proxy?.stop();
  await up?.close();
  await new Promise((r) => opa?.server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

const close = (finding_id: number, reason: string, extra: Record<string, unknown> = {}) =>
  writer.callTool({ name: 'close_finding', arguments: { finding_id, reason, ...extra } });
const reached = (id: number) =>
  up.calls('close_finding').filter((c) => c.body?.params?.arguments?.finding_id === id).length;
const askedFor = (id: number) =>
  asked.filter((a) => (a.input.arguments as { finding_id?: number }).finding_id === id).length;

describe('rbac rule decided by an external decision point (OPA API)', { timeout: 60_000 }, () => {
  it('runs a call the engine allows, with the decision input OPA expects', async () => {
    // A finding read first: its id is in the input's read set.
    const read = await writer.callTool({
      name: 'get_finding_by_id',
      arguments: { text: JSON.stringify(findingRecord(77, { numerical_severity: 'S2' })) },
    });
    expect(read.isError).toBeFalsy();
    expect((await close(1, 'allow')).isError).toBeFalsy();
    expect((await close(2, 'allow-object')).isError).toBeFalsy();
    expect(reached(1)).toBe(1);
    expect(reached(2)).toBe(1);
    const a = asked.find((x) => (x.input.arguments as { finding_id?: number }).finding_id === 1)!;
    expect(a.path).toBe('/v1/data/dojo/guard/allow');
    expect(a.input).toMatchObject({
      decision_point: 'opa',
      rule: 'closes-by-opa',
      principal: { id: 'wendy', role: 'writer', auth_method: 'static_token' },
      method: 'tools/call',
      tool: 'close_finding',
      arguments: { finding_id: 1, reason: 'allow' },
      findings: [],
      findings_read: [77],
    });
    expect(a.input.arguments_digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // A tool no external rule names never asks.
    const before = asked.length;
    expect(
      (await writer.callTool({ name: 'add_note', arguments: { finding_id: 1 } })).isError,
    ).toBeFalsy();
    expect(asked.length).toBe(before);
  });

  it('refuses what the engine denies, and fails closed on timeout, 500 and no decision', async () => {
    const cases: [number, string, string][] = [
      [10, 'deny', 'external_decision_denied'],
      [11, 'deny-bool', 'external_decision_denied'],
      [12, 'slow', 'external_decision_unavailable'],
      [13, 'boom', 'external_decision_unavailable'],
      [14, 'undefined', 'external_decision_unavailable'],
    ];
    for (const [id, reason, code] of cases) {
      expect((await denied(close(id, reason))).code, reason).toBe(code);
      expect(reached(id), reason).toBe(0);
    }
    // Failures are not cached: the engine is asked again.
    expect((await denied(close(13, 'boom'))).code).toBe('external_decision_unavailable');
    expect(askedFor(13)).toBe(2);
    await waitForAudit(auditFile, (l) => l.type === 'external_decision');
    const events = readAudit(auditFile).filter((l) => l.type === 'external_decision');
    const outcomes = events.map((e) => (e.detail as { outcome: string }).outcome);
    expect(outcomes).toEqual(expect.arrayContaining(['allow', 'deny', 'unavailable']));
    const decision = readAudit(auditFile).find(
      (l) => l.kind === 'decision' && l.code === 'external_decision_denied',
    ) as { verdicts: { guard: string; ruleId?: string }[] } | undefined;
    expect(decision?.verdicts.at(-1)).toMatchObject({
      guard: 'external-decision',
      ruleId: 'closes-by-opa',
    });
  });

  it('asks once for identical inputs (cache), again for different ones', async () => {
    for (let i = 0; i < 3; i++) expect((await close(20, 'allow')).isError).toBeFalsy();
    expect(reached(20)).toBe(3);
    expect(askedFor(20)).toBe(1);
    const metrics = await (await fetch(new URL('/metrics', proxy.url))).text();
    const line = (outcome: string, cached: string) =>
      sample(metrics, 'dojo_guard_external_decisions_total', {
        decision_point: 'opa',
        outcome,
        cached,
      });
    expect(line('allow', 'true')).toBeGreaterThanOrEqual(2);
    expect(line('unavailable', 'false')).toBeGreaterThanOrEqual(4);
    expect((await denied(close(21, 'deny'))).code).toBe('external_decision_denied');
    expect((await denied(close(21, 'deny'))).code).toBe('external_decision_denied');
    expect(askedFor(21)).toBe(1);
    expect((await close(20, 'allow', { note: 'other' })).isError).toBeFalsy();
    expect(askedFor(20)).toBe(2);
  });

  it('sends no secret: arguments masked, no client token, no injected upstream credential', async () => {
    expect((await close(30, 'allow', { note: `token ${SECRET}` })).isError).toBeFalsy();
    // The upstream got the injected credential; the engine did not.
    const atUpstream = up
      .calls('close_finding')
      .find((c) => c.body?.params?.arguments?.finding_id === 30);
    expect(atUpstream?.body?.params?.arguments?.api_key).toBe(UPSTREAM_KEY);
    const sent = asked.filter(
      (a) => (a.input.arguments as { finding_id?: number }).finding_id === 30,
    );
    expect(sent).toHaveLength(1);
    const everything = asked.map((a) => a.raw + JSON.stringify(a.headers)).join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(UPSTREAM_KEY);
    expect(everything).not.toContain(TOKENS.writer);
    expect(sent[0]!.input.arguments.note).not.toContain(SECRET);
  });
});

/**
 * Argument validation through the real proxy process, against recording upstreams: the shipped
 * policies/dojo-server.yaml (roles from env bindings) and a strict test policy. Asserts on what
 * reached the upstream and on what the client received. The proxy is never shown a tools/list by
 * the client first: it must fetch the upstream's definitions itself.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../helpers/process.js';
import { allowAllWith } from '../helpers/policy.js';
import { roleEnv, roleToken } from '../rbac/roles.js';
import {
  startBrokenListUpstream,
  startSchemaUpstream,
  type RecordingUpstream,
} from './upstream.js';

interface Rpc {
  result?: { content?: { text: string }[]; isError?: boolean };
  error?: { code: number; message: string; data?: Record<string, unknown> };
}

/** One MCP session against a proxy, with raw JSON-RPC posts. */
class Session {
  private sid: string | undefined;
  private id = 0;
  constructor(
    private readonly url: string,
    private readonly token?: string,
  ) {}

  async post(body: unknown): Promise<{ status: number; json: Rpc | undefined; text: string }> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        'mcp-protocol-version': '2025-06-18',
        ...(this.sid ? { 'mcp-session-id': this.sid } : {}),
      },
      body: JSON.stringify(body),
    });
    this.sid ??= res.headers.get('mcp-session-id') ?? undefined;
    const text = await res.text();
    const data = /^data: (.*)$/m.exec(text)?.[1] ?? text;
    return { status: res.status, json: data ? (JSON.parse(data) as Rpc) : undefined, text };
  }

  async open(): Promise<this> {
    const init = await this.post({
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'arguments-e2e', version: '1' },
      },
    });
    expect(init.status).toBe(200);
    await this.post({ jsonrpc: '2.0', method: 'notifications/initialized' });
    return this;
  }

  call(name: string, args: unknown): Promise<{ status: number; json: Rpc | undefined }> {
    return this.post({
      jsonrpc: '2.0',
      id: ++this.id,
      method: 'tools/call',
      params: { name, arguments: args },
    });
  }
}

/** Calls and returns what reached the upstream meanwhile (tools/call only). */
async function through(up: RecordingUpstream, s: Session, name: string, args: unknown) {
  const before = up.toolCalls().length;
  const r = await s.call(name, args);
  return { ...r, arrived: up.toolCalls().slice(before) };
}

function expectInvalid(r: { json: Rpc | undefined }, argPath: string, secret?: string) {
  expect(r.json?.error?.code, JSON.stringify(r.json)).toBe(-32602);
  expect(r.json?.error?.message).toContain('Invalid arguments');
  expect(r.json?.error?.message).toContain(argPath);
  if (secret !== undefined) expect(JSON.stringify(r.json)).not.toContain(secret);
}

const procs: { stop: () => Promise<unknown> }[] = [];
afterAll(async () => {
  for (const p of procs.reverse()) await p.stop();
});

describe('shipped policies/dojo-server.yaml in front of a recording upstream', () => {
  let up: RecordingUpstream;
  let proxy: Running;
  let reader: Session;
  let writer: Session;

  beforeAll(async () => {
    up = await startSchemaUpstream(false);
    procs.push({ stop: up.close });
    proxy = await startCli(
      ['proxy', '--policy', 'policies/dojo-server.yaml', '--upstream', up.url, '--port', '0'],
      { env: roleEnv() },
    );
    procs.push(proxy);
    reader = await new Session(proxy.url, roleToken('reader')).open();
    writer = await new Session(proxy.url, roleToken('writer')).open();
  });

  it('fetches the tool list itself and refuses an undeclared argument (ids on get_findings)', async () => {
    const lists = () => up.messages.filter((m) => m.method === 'tools/list').length;
    expect(lists()).toBe(0); // no client listed tools
    const r = await through(up, reader, 'get_findings', { limit: 1, ids: '261,262' });
    expectInvalid(r, '/ids', '261,262');
    expect(r.arrived).toEqual([]);
    expect(lists()).toBe(1);
    const init = up.messages.find((m) => m.method === 'initialize' && m.params?.clientInfo);
    expect(up.messages.some((m) => m.params?.clientInfo?.name === 'dojo-guard-tool-list')).toBe(
      true,
    );
    expect(init).toBeDefined();
  });

  it('forwards a valid call unchanged', async () => {
    const r = await through(up, reader, 'get_findings', { limit: 1, severity: 'High' });
    expect(r.json?.result?.content?.[0]?.text).toContain('page'); // wrapped as untrusted text
    expect(r.arrived.map((m) => m.params?.arguments)).toEqual([{ limit: 1, severity: 'High' }]);
  });

  it('refuses type mismatches without echoing the value', async () => {
    for (const [args, at] of [
      [{ limit: '1' }, '/limit'],
      [{ limit: 1.5 }, '/limit'],
      [{ limit: [1] }, '/limit'],
      [{ limit: { $gt: 0 } }, '/limit'],
      [{ severity: 'Ignore previous instructions' }, '/severity'],
      [{ filter: 'title=x' }, '/filter'],
    ] as const) {
      const r = await through(up, reader, 'get_findings', args);
      expectInvalid(r, at);
      expect(r.arrived, JSON.stringify(args)).toEqual([]);
    }
    const r = await through(up, writer, 'close_finding', { finding_id: '17', reason: 'mitigated' });
    expectInvalid(r, '/finding_id');
    expect(r.arrived).toEqual([]);
  });

  it('refuses nested undeclared properties', async () => {
    const r = await through(up, reader, 'get_findings', { filter: { title: 'x', ids: [261] } });
    expectInvalid(r, '/filter/ids');
    expect(r.arrived).toEqual([]);
    const ok = await through(up, reader, 'get_findings', { filter: { title: 'x' } });
    expect(ok.arrived).toHaveLength(1);
  });

  it('refuses case and Unicode variants of declared argument names', async () => {
    for (const name of ['Limit', 'LIMIT', 'limit ', ' limit', 'lımit', 'limit\u200b', 'ｌimit']) {
      const r = await through(up, reader, 'get_findings', { [name]: 1 });
      expect(r.json?.error?.code, name).toBe(-32602);
      expect(r.arrived, name).toEqual([]);
    }
    const w = await through(up, writer, 'close_finding', {
      Finding_Id: 17,
      finding_id: 17,
      reason: 'mitigated',
    });
    expectInvalid(w, '/Finding_Id');
    expect(w.arrived).toEqual([]);
  });

  it('refuses a call missing a required argument', async () => {
    const r = await through(up, writer, 'close_finding', { finding_id: 17 });
    expectInvalid(r, '/reason');
    expect(r.arrived).toEqual([]);
  });

  it('keeps a hidden tool unknown (rbac runs first)', async () => {
    const r = await through(up, reader, 'close_finding', { nope: 1 });
    expect(r.json?.error?.message).toContain('Unknown tool');
    expect(r.arrived).toEqual([]);
  });
});

describe('a strict policy', () => {
  let up: RecordingUpstream;
  let broken: RecordingUpstream;
  let proxy: Running;
  let brokenProxy: Running;
  let policy: string;

  beforeAll(async () => {
    up = await startSchemaUpstream(true);
    broken = await startBrokenListUpstream();
    procs.push({ stop: up.close }, { stop: broken.close });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-arguments-'));
    policy = path.join(dir, 'strict.yaml');
    // allowAllWith replaces the fixture's `arguments` opt-out with this section.
    writeFileSync(
      policy,
      allowAllWith(
        "tools:\n  classes:\n    mutating: ['close_*']\narguments:\n  exempt_tools: [archive_*]\n",
      ),
    );
    [proxy, brokenProxy] = await Promise.all([
      startCli(['proxy', '--policy', policy, '--upstream', up.url, '--port', '0']),
      startCli(['proxy', '--policy', policy, '--upstream', broken.url, '--port', '0']),
    ]);
    procs.push(proxy, brokenProxy);
  });

  it('runs advertised patterns in linear time', async () => {
    const s = await new Session(proxy.url).open();
    const t0 = performance.now();
    const r = await through(up, s, 'lookup_code', { code: `${'a'.repeat(100_000)}!` });
    expectInvalid(r, '/code');
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(r.arrived).toEqual([]);
    const ok = await through(up, s, 'lookup_code', { code: 'aaaa' });
    expect(ok.arrived).toHaveLength(1);
  });

  it('makes a tool whose schema is not RE2 uncallable', async () => {
    const s = await new Session(proxy.url).open();
    const r = await through(up, s, 'lookahead_tool', { code: 'x' });
    expect(r.json?.error?.message).toContain('input schema is unavailable or unusable');
    expect(r.arrived).toEqual([]);
  });

  it('skips validation for an exempt tool (per-tool opt-out)', async () => {
    const s = await new Session(proxy.url).open();
    const r = await through(up, s, 'archive_finding', { finding_id: 1, extra: 'x' });
    expect(r.arrived.map((m) => m.params?.arguments)).toEqual([{ finding_id: 1, extra: 'x' }]);
  });

  it('refuses an undeclared argument on a tool the client listed first', async () => {
    const s = await new Session(proxy.url).open();
    await s.post({ jsonrpc: '2.0', id: 99, method: 'tools/list' });
    const r = await through(up, s, 'get_findings', { limit: 1, ids: [261, 262] });
    expectInvalid(r, '/ids');
    expect(r.arrived).toEqual([]);
  });

  it('fails closed when the upstream tool list cannot be had', async () => {
    const s = await new Session(brokenProxy.url).open();
    const r = await through(broken, s, 'get_findings', { limit: 1 });
    expect(r.json?.error?.message).toContain('input schema is unavailable');
    expect(r.arrived).toEqual([]);
    expect(broken.messages.some((m) => m.method === 'tools/list')).toBe(true);
  });
});

describe('secure default: a policy without an arguments section', () => {
  let up: RecordingUpstream;
  let on: Running;
  let off: Running;

  beforeAll(async () => {
    up = await startSchemaUpstream(true);
    procs.push({ stop: up.close });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-arguments-default-'));
    // The fixture without its `arguments` opt-out: the section is absent.
    const absent = allowAllWith('').replace(/^arguments:.*\n/m, '');
    expect(absent).not.toMatch(/^arguments:/m);
    writeFileSync(path.join(dir, 'absent.yaml'), absent);
    writeFileSync(path.join(dir, 'off.yaml'), allowAllWith('arguments: { enabled: false }'));
    const start = (name: string) =>
      startCli(
        ['proxy', '--policy', path.join(dir, `${name}.yaml`), '--upstream', up.url, '--port', '0'],
        { env: { LOG_LEVEL: 'info' } },
      );
    [on, off] = await Promise.all([start('absent'), start('off')]);
    procs.push(on, off);
  });

  it('validates arguments: an undeclared argument never reaches the upstream', async () => {
    const r = await through(up, await new Session(on.url).open(), 'get_findings', {
      limit: 1,
      Limit: 2,
    });
    expectInvalid(r, '/Limit');
    expect(r.arrived).toEqual([]);
    expect(on.stderr()).not.toMatch(/arguments\.enabled: protection off/);
  });

  it('arguments.enabled: false forwards it, and the proxy says so at start', async () => {
    const r = await through(up, await new Session(off.url).open(), 'get_findings', {
      limit: 1,
      Limit: 2,
    });
    expect(r.arrived.map((m) => m.params?.arguments)).toEqual([{ limit: 1, Limit: 2 }]);
    expect(off.stderr()).toMatch(/arguments\.enabled: protection off \(arguments\)/);
  });
});

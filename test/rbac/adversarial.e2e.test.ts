/**
 * Adversarial RBAC suite: ≥200 crafted requests plus a property-based fuzzer against the real
 * `dojo-guard proxy` (policies/dojo-server.yaml) in front of a recording upstream. Asserts that no
 * tools/call reaches the upstream that the policy (stated independently in oracle.ts) should have
 * stopped, and that requests expected to be stopped add nothing at all upstream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startCli, type Running } from '../helpers/process.js';
import { ROLES, ROLE_TOOLS, TOOL_ARGS, roleEnv, roleToken } from './roles.js';
import { mayReachUpstream } from './oracle.js';
import {
  startRecordingUpstream,
  type Recorded,
  type RecordingUpstream,
} from './recording-upstream.js';

let upstream: RecordingUpstream;
let proxy: Running;
const sessions: Record<string, string> = {};
const BASE = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function post(role: string, body: string, headers: Record<string, string> = {}) {
  const res = await fetch(proxy.url, {
    method: 'POST',
    headers: {
      ...BASE,
      authorization: `Bearer ${roleToken(role)}`,
      'mcp-protocol-version': '2025-06-18',
      ...(sessions[role] ? { 'mcp-session-id': sessions[role] } : {}),
      ...headers,
    },
    body,
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  proxy = await startCli(
    ['proxy', '--policy', 'policies/dojo-server.yaml', '--upstream', upstream.url, '--port', '0'],
    {
      env: roleEnv(),
    },
  );
  for (const role of ROLES) {
    const init = await post(
      role,
      JSON.stringify({
        jsonrpc: '2.0',
        id: 0,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'adv', version: '1' },
        },
      }),
    );
    expect(init.status).toBe(200);
    sessions[role] = init.headers.get('mcp-session-id')!;
    expect(sessions[role]).toBeTruthy();
    await post(role, JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }));
  }
});
afterAll(async () => {
  await proxy?.stop();
  await upstream?.close();
});

interface Case {
  label: string;
  role: string;
  body: string;
  headers?: Record<string, string>;
  /** The policy must stop it: nothing of it may reach the upstream. */
  stop: boolean;
}

const call = (
  name: unknown,
  args: unknown = {},
  extra: Record<string, unknown> = {},
  id: unknown = 1,
) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name, arguments: args, ...extra },
  });

/**
 * The proxy's own definition fetch (src/guards/tool-catalog/definitions.ts: initialize, initialized,
 * tools/list with `dojo-guard-` ids, at most once per 10 s) is not the client's request reaching
 * the upstream; everything else is.
 */
function isProxyListing(m: Recorded): boolean {
  if (m.method === 'notifications/initialized') return true;
  const own = typeof m.id === 'string' && m.id.startsWith('dojo-guard-');
  return own && (m.method === 'initialize' || m.method === 'tools/list');
}

/** Checks what arrived upstream while a case ran. */
function verify(c: Case, all: Recorded[]) {
  const arrived = all.filter((m) => !isProxyListing(m));
  for (const m of arrived) {
    if (m.method !== 'tools/call') continue;
    const ok = mayReachUpstream(
      c.role,
      m.params?.name,
      m.params?.arguments,
      m.params as Record<string, unknown>,
    );
    expect(ok, `${c.label}: reached upstream as ${JSON.stringify(m.params)}`).toBe(true);
  }
  if (c.stop) expect(arrived, `${c.label}: something reached the upstream`).toEqual([]);
}

async function run(c: Case) {
  const before = upstream.messages.length;
  const r = await post(c.role, c.body, c.headers);
  verify(c, upstream.messages.slice(before));
  return r;
}

const ALL_TOOLS = Object.keys(TOOL_ARGS);
function lookalikes(name: string): string[] {
  const swap = (s: string, from: string, to: string) => s.replace(from, to);
  return [
    name.toUpperCase(),
    name[0]!.toUpperCase() + name.slice(1),
    String.fromCodePoint(name.codePointAt(0)! + 0xfee0) + name.slice(1), // full-width first letter
    swap(name, 'e', '\u0435'), // Cyrillic е
    swap(name, 'o', '\u043e'), // Cyrillic о
    swap(name, '_', '\uff3f'), // full-width low line
    `${name} `,
    ` ${name}`,
    `${name}\u200b`,
    `${name}\u0000`,
    `${name}\n`,
    name.replace('_', '%5f'),
    `../${name}`,
    `${name}/`,
    `${name}.`,
    name.normalize('NFD') + '\u0301',
  ].filter((v) => v !== name);
}

function crafted(): Case[] {
  const cases: Case[] = [];
  // 1. every forbidden tool for every role
  for (const role of ROLES) {
    for (const t of ALL_TOOLS) {
      if (!ROLE_TOOLS[role]!.has(t))
        cases.push({ label: `${role} calls ${t}`, role, body: call(t, TOOL_ARGS[t]), stop: true });
    }
  }
  // 2. look-alike names of allowed tools (admin sees all, so only exact names may pass)
  for (const t of [
    'get_findings',
    'close_finding',
    'import_scan',
    'get_users',
    'create_product',
    'health_check',
    'reopen_finding',
    'update_finding',
  ]) {
    for (const v of lookalikes(t))
      cases.push({
        label: `admin look-alike ${JSON.stringify(v)}`,
        role: 'admin',
        body: call(v),
        stop: true,
      });
  }
  // 3. non-string and misplaced names
  for (const n of [42, null, true, ['get_findings'], { name: 'get_findings' }, '', '*', 'get_*']) {
    cases.push({
      label: `reader name ${JSON.stringify(n)}`,
      role: 'reader',
      body: call(n),
      stop: true,
    });
  }
  cases.push({
    label: 'name missing, tool in arguments',
    role: 'reader',
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { arguments: { name: 'get_findings' } },
    }),
    stop: true,
  });
  // 4. argument rules with type confusion and defaults
  const scannerImport: [string, Record<string, unknown>][] = [
    ['close_old_findings true', { close_old_findings: true }],
    ['close_old_findings "true"', { close_old_findings: 'true' }],
    ['close_old_findings "True"', { close_old_findings: 'True' }],
    ['close_old_findings 1', { close_old_findings: 1 }],
    ['close_old_findings null', { close_old_findings: null }],
    ['close_old_findings [true]', { close_old_findings: [true] }],
    ['close_old_findings {}', { close_old_findings: {} }],
    ['auto_create_context true', { auto_create_context: true }],
    ['auto_create_context "yes"', { auto_create_context: 'yes' }],
    ['push_to_jira false', { push_to_jira: false }],
    ['push_to_jira true', { push_to_jira: true }],
  ];
  for (const tool of ['import_scan', 'reimport_scan']) {
    for (const [label, extra] of scannerImport) {
      cases.push({
        label: `scanner ${tool} ${label}`,
        role: 'scanner',
        body: call(tool, { ...TOOL_ARGS[tool], ...extra }),
        stop: true,
      });
    }
  }
  for (const v of [false, 'false', 0, null, 'False']) {
    cases.push({
      label: `scanner reimport do_not_reactivate ${JSON.stringify(v)}`,
      role: 'scanner',
      body: call('reimport_scan', { ...TOOL_ARGS.reimport_scan, do_not_reactivate: v }),
      stop: true,
    });
  }
  for (const role of ['writer']) {
    for (const reason of [
      'false_positive',
      'out_of_scope',
      'duplicate',
      'risk_accepted',
      ['false_positive'],
      1,
      null,
      { r: 1 },
    ]) {
      cases.push({
        label: `${role} close reason ${JSON.stringify(reason)}`,
        role,
        body: call('close_finding', { finding_id: 1, reason }),
        stop: true,
      });
    }
    cases.push({
      label: 'writer close with duplicate "reason" keys',
      role,
      body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"close_finding","arguments":{"finding_id":1,"reason":"mitigated","reason":"false_positive"}}}`,
      stop: false,
    });
    cases.push({
      label: 'writer close with escaped key "re\\u0061son"',
      role,
      body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"close_finding","arguments":{"finding_id":1,"re\\u0061son":"false_positive"}}}`,
      stop: true,
    });
  }
  cases.push({
    label: 'scanner __proto__ argument smuggling',
    role: 'scanner',
    body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"import_scan","arguments":{"__proto__":{"close_old_findings":true},"close_old_findings":true}}}`,
    stop: true,
  });
  cases.push({
    label: 'duplicate "name" keys',
    role: 'reader',
    body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"get_findings","name":"close_finding"}}`,
    stop: false,
  });
  cases.push({
    label: 'escaped name "close\\u005ffinding"',
    role: 'reader',
    body: `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"close\\u005ffinding"}}`,
    stop: true,
  });
  // 5. method variants and methods outside the allow-list
  for (const m of [
    'Tools/call',
    'tools/CALL',
    'tools/call ',
    'tools//call',
    'tools/call\u0000',
    'tools.call',
    'tasks/list',
    'tasks/get',
    'tasks/result',
    'vendor/exec',
    'x-dojo/admin',
    'rpc.discover',
  ]) {
    cases.push({
      label: `method ${JSON.stringify(m)}`,
      role: 'admin',
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: m,
        params: { name: 'close_finding', arguments: {} },
      }),
      stop: true,
    });
  }
  // 6. task-augmented calls of allowed tools
  for (const role of ROLES) {
    cases.push({
      label: `${role} task-augmented get_findings`,
      role,
      body: call('get_findings', {}, { task: { ttl: 1000 } }),
      stop: true,
    });
  }
  // 7. batches mixing an allowed and a forbidden call
  for (const role of ['reader', 'scanner']) {
    cases.push({
      label: `${role} batch with forbidden element`,
      role,
      body: `[${call('get_findings', {}, {}, 1)},${call('close_finding', { finding_id: 1, reason: 'false_positive' }, {}, 2)}]`,
      stop: false,
    });
  }
  // 8. header/body disagreement (2026-07-28 style headers)
  cases.push({
    label: 'Mcp-Name header says an allowed tool, body a forbidden one',
    role: 'reader',
    body: call('close_finding'),
    headers: { 'mcp-method': 'tools/call', 'mcp-name': 'get_findings' },
    stop: true,
  });
  // 9. prompts and resources
  cases.push({
    label: 'reader unknown prompt',
    role: 'reader',
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'prompts/get',
      params: { name: 'secret_prompt' },
    }),
    stop: true,
  });
  for (const uri of [
    'file:///etc/passwd',
    'http://169.254.169.254/latest/meta-data/',
    'dojo://findings/1',
  ]) {
    cases.push({
      label: `admin resources/read ${uri}`,
      role: 'admin',
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri } }),
      stop: true,
    });
  }
  return cases;
}

describe('adversarial requests through the real proxy', () => {
  const cases = crafted();

  it(`has at least 200 crafted requests (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(200);
  });

  it('lets no crafted request reach the upstream beyond what policy allows', async () => {
    for (const c of cases) await run(c);
  });

  it('still forwards the legitimate versions (the suite can tell allow from deny)', async () => {
    const before = upstream.toolCalls().length;
    await run({
      label: 'reader get_findings',
      role: 'reader',
      body: call('get_findings', { limit: 1 }),
      stop: false,
    });
    await run({
      label: 'writer close mitigated',
      role: 'writer',
      body: call('close_finding', { finding_id: 1, reason: 'mitigated' }),
      stop: false,
    });
    await run({
      label: 'scanner import plain',
      role: 'scanner',
      body: call('import_scan', TOOL_ARGS.import_scan),
      stop: false,
    });
    await run({
      label: 'scanner import close false',
      role: 'scanner',
      body: call('import_scan', { ...TOOL_ARGS.import_scan, close_old_findings: false }),
      stop: false,
    });
    expect(upstream.toolCalls().length - before).toBe(4);
  });

  it('rejects a session used by another principal (hijack) without reaching the upstream', async () => {
    const before = upstream.messages.length;
    const r = await post('admin', call('get_users'), { 'mcp-session-id': sessions.reader! });
    expect(r.status).toBe(404);
    expect(upstream.messages.length).toBe(before);
  });

  it('property: random roles, names and arguments never get past the policy', async () => {
    const names = [
      ...ALL_TOOLS,
      ...ALL_TOOLS.slice(0, 6).flatMap((n) => lookalikes(n).slice(0, 4)),
      'nope',
    ];
    const boolish = fc.constantFrom<unknown>(true, false, 'true', 'false', 0, 1, null, [], {});
    const args = fc.record(
      {
        reason: fc.constantFrom<unknown>(
          'mitigated',
          'false_positive',
          'out_of_scope',
          'duplicate',
          'risk_accepted',
          'FALSE_POSITIVE',
          3,
        ),
        close_old_findings: boolish,
        auto_create_context: boolish,
        do_not_reactivate: boolish,
        push_to_jira: boolish,
        finding_id: fc.integer({ min: 1, max: 5 }),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROLES),
        fc.constantFrom(...names),
        args,
        fc.boolean(),
        async (role, name, a, task) => {
          const c: Case = {
            label: `fuzz ${role} ${JSON.stringify(name)} ${JSON.stringify(a)} task=${task}`,
            role,
            body: call(name, a, task ? { task: {} } : {}),
            stop: !mayReachUpstream(
              role,
              name,
              a as Record<string, unknown>,
              task ? { task: {} } : {},
            ),
          };
          await run(c);
        },
      ),
      { numRuns: 300, seed: 20261121 },
    );
  });
});

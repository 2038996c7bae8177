/**
 * In-band confirmation through MCP elicitation, with the real proxy and the real SDK client: a
 * client that declared elicitation is asked on the call's own response stream; only an accept
 * with `confirm` ticked forwards the call (once). Decline, cancel and silence are denials with
 * their own codes; forged, replayed or other-session answers are refused and never forwarded;
 * a client without the capability gets the out-of-band `approval_required`.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  ElicitRequestSchema,
  type ElicitRequest,
  type ElicitResult,
} from '@modelcontextprotocol/sdk/types.js';
import { startCli, type Running } from '../helpers/process.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { readAudit, waitForAudit } from '../helpers/audit-file.js';
import { sha256 } from '../helpers/static-token-policy.js';
import { APPROVAL_SCHEMAS, denied, HMAC_KEY, TOKENS } from './harness.js';

const PREFIX = 'dojo-guard-elicit-';

/** Gated tools: import_scan (either), close_finding (either, 1.5 s), reopen/delete (see below). */
function writePolicy(): { file: string; auditFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-elicit-'));
  const auditFile = path.join(dir, 'audit.jsonl');
  const file = path.join(dir, 'policy.yaml');
  writeFileSync(
    file,
    `version: 1
server: { host: 127.0.0.1, port: 0 }
auth:
  tokens:
    - { id: wendy, role: writer, sha256: ${sha256(TOKENS.writer)} }
    - { id: lena, role: lead, sha256: ${sha256(TOKENS.lead)} }
tools:
  classes:
    mutating: [close_*, import_*, reopen_*, delete_*]
rbac:
  roles:
    writer:
      tools: [close_finding, import_scan, reopen_finding, delete_finding, elicit_then_echo]
      server_requests: [elicitation/create]
    lead: { inherits: [writer], permissions: [approve_imports] }
approvals:
  rules:
    - id: import-closes-old-findings
      description: Closes every finding missing from the report.
      tools: [import_scan]
      when: [{ arg: close_old_findings, default: false, equals: true }]
      approvers: { permission: approve_imports, channel: either }
    - id: close-quickly
      tools: [close_finding]
      approvers: { permission: approve_imports, channel: either }
      elicitation_timeout_ms: 1500
    - id: reopen-in-band-only
      tools: [reopen_finding]
      approvers: { permission: approve_imports, channel: elicitation }
    - id: delete-two-person
      tools: [delete_finding]
      approvers: { permission: approve_imports, count: 2 }
findings: {} # looks the target finding up (get_finding_by_id): the question names it
audit:
  hmac_key: ${HMAC_KEY}
  mask_fields: [note]
  file: { path: ${auditFile}, fsync: never }
`,
  );
  return { file, auditFile };
}

type Answer = (req: ElicitRequest) => Promise<ElicitResult>;

/** What the eliciting client's human says next, and every question it was asked (with its id). */
const state: { answer: Answer; asked: { id: string | number; req: ElicitRequest }[] } = {
  answer: async () => ({ action: 'decline' }),
  asked: [],
};

/** A client session; with `eliciting`, it declares elicitation and answers through `state`. */
async function open(
  url: string,
  token: string,
  eliciting: boolean,
): Promise<{ client: Client; sessionId: string }> {
  const client = new Client(
    { name: 'elicit-e2e', version: '1.0.0' },
    eliciting ? { capabilities: { elicitation: {} } } : {},
  );
  if (eliciting) {
    client.setRequestHandler(ElicitRequestSchema, async (req, extra) => {
      state.asked.push({ id: extra.requestId, req });
      return state.answer(req);
    });
  }
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: { headers: { Authorization: `Bearer ${token}` } },
  });
  await client.connect(transport);
  return { client, sessionId: transport.sessionId! };
}

let up: FakeUpstream;
let proxy: Running;
let policy: ReturnType<typeof writePolicy>;
let wendy: Awaited<ReturnType<typeof open>>;

const IMPORT = { scan_type: 'ZAP Scan', engagement: 7, close_old_findings: true };
const importCall = (args: Record<string, unknown> = IMPORT) =>
  wendy.client.callTool({ name: 'import_scan', arguments: args });

/** POSTs a raw JSON-RPC message in a session, as a client would answer a server request. */
async function postRaw(token: string, sessionId: string, body: unknown): Promise<number> {
  const res = await fetch(proxy.url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
    },
    body: JSON.stringify(body),
  });
  await res.body?.cancel();
  return res.status;
}

/** Nothing the upstream received carries the proxy's elicitation traffic. */
function upstreamSawNoElicitation(): void {
  const leaked = up.seen.filter((s) => JSON.stringify(s.body ?? '').includes(PREFIX));
  expect(leaked).toEqual([]);
  expect(up.seen.some((s) => JSON.stringify(s.body ?? '').includes('"action"'))).toBe(false);
}

beforeAll(async () => {
  up = await startFakeUpstream({
    tools: {
      import_scan: 'echo',
      close_finding: 'echo',
      reopen_finding: 'echo',
      delete_finding: 'echo',
      get_finding_by_id: 'finding',
    },
    schemas: {
      ...APPROVAL_SCHEMAS,
      import_scan: {
        ...APPROVAL_SCHEMAS.import_scan!,
        properties: {
          ...(APPROVAL_SCHEMAS.import_scan!.properties as object),
          note: { type: 'string' },
        },
      },
      reopen_finding: APPROVAL_SCHEMAS.close_finding!,
      delete_finding: APPROVAL_SCHEMAS.close_finding!,
      elicit_then_echo: { type: 'object', properties: { elicit_id: { type: 'string' } } },
      get_finding_by_id: { type: 'object', properties: { finding_id: { type: 'integer' } } },
    },
  });
  policy = writePolicy();
  proxy = await startCli(['proxy', '--policy', policy.file, '--upstream', up.url, '--port', '0'], {
    timeoutMs: 60_000,
  });
  wendy = await open(proxy.url, TOKENS.writer, true);
}, 120_000);

afterAll(async () => {
  await wendy?.client.close().catch(() => undefined);
  await proxy?.stop();
  await up?.close();
});

describe('in-band confirmation (elicitation)', { timeout: 120_000 }, () => {
  it('asks in the client, and forwards the call exactly once on accept + confirm', async () => {
    state.answer = async () => ({ action: 'accept', content: { confirm: true } });
    const before = up.calls('import_scan').length;
    const asked = state.asked.length;
    const result = await importCall();
    expect(result.isError).toBeFalsy();
    // The upstream's answer (wrapped as untrusted by the content defaults) on the same stream.
    expect((result.content as { text: string }[])[0]!.text).toContain('"value":"ok"');
    expect(up.calls('import_scan').length).toBe(before + 1);
    expect(up.calls('import_scan').at(-1)!.body.params.arguments).toEqual(IMPORT);

    // The question: the tool, the rule's reason, every argument in plain words, a checkbox.
    expect(state.asked.length).toBe(asked + 1);
    const { id, req } = state.asked.at(-1)!;
    // The proxy's own id namespace: the upstream can never have issued it.
    expect(String(id).startsWith(PREFIX)).toBe(true);
    const q = req.params as {
      message: string;
      requestedSchema: { properties: Record<string, { type: string }> };
    };
    expect(q.message).toContain('Tool: import_scan');
    expect(q.message).toContain('Closes every finding missing from the report.');
    expect(q.message).toContain('close_old_findings = true');
    expect(q.message).toContain('scan_type = "ZAP Scan"');
    expect(q.requestedSchema.properties.confirm!.type).toBe('boolean');

    const confirmed = await waitForAudit(
      policy.auditFile,
      (r) => r.type === 'approval_confirmed_in_band',
    );
    const detail = confirmed.detail as Record<string, unknown>;
    expect(detail).toMatchObject({
      channel: 'elicitation',
      requester: 'wendy',
      tool: 'import_scan',
      action: 'accept',
      ruleId: 'import-closes-old-findings',
    });
    // Never an approval by a second person.
    expect(detail.approver).toBeUndefined();
    const requested = readAudit(policy.auditFile).find(
      (r) =>
        r.type === 'approval_requested' &&
        (r.detail as Record<string, unknown>).approvalId === detail.approvalId,
    );
    expect((requested?.detail as Record<string, unknown>).channel).toBe('elicitation');
    upstreamSawNoElicitation();
  });

  it('shows the arguments masked as the audit records do', async () => {
    state.answer = async () => ({ action: 'decline' });
    // `note` is a configured mask field (audit.mask_fields in the policy above).
    const args = { ...IMPORT, note: 'opensesame-4711' };
    expect((await denied(importCall(args))).code).toBe('approval_declined');
    const q = (state.asked.at(-1)!.req.params as { message: string }).message;
    expect(q).toContain('note = "[MASKED]"');
    expect(q).not.toContain('opensesame');
  });

  it('names the findings the call affects when the finding-facts lookup knows them', async () => {
    state.answer = async () => ({ action: 'decline' });
    const r = await denied(
      wendy.client.callTool({ name: 'close_finding', arguments: { finding_id: 42 } }),
    );
    expect(r.code).toBe('approval_declined');
    const q = (state.asked.at(-1)!.req.params as { message: string }).message;
    expect(q).toContain('Tool: close_finding');
    expect(q).toContain('Findings affected: #42');
  });

  it('does not run an ungated call through the question', async () => {
    const asked = state.asked.length;
    const r = await importCall({ scan_type: 'ZAP Scan', close_old_findings: false });
    expect(r.isError).toBeFalsy();
    expect(state.asked.length).toBe(asked);
  });

  it('denies on decline (approval_declined); the upstream is never called', async () => {
    state.answer = async () => ({ action: 'decline' });
    const before = up.calls('import_scan').length;
    expect((await denied(importCall())).code).toBe('approval_declined');
    expect(up.calls('import_scan').length).toBe(before);
  });

  it('denies an accept with the box unticked or missing (approval_declined)', async () => {
    const before = up.calls('import_scan').length;
    state.answer = async () => ({ action: 'accept', content: { confirm: false } });
    expect((await denied(importCall())).code).toBe('approval_declined');
    state.answer = async () => ({ action: 'accept', content: {} });
    expect((await denied(importCall())).code).toBe('approval_declined');
    state.answer = async () => ({ action: 'accept' });
    expect((await denied(importCall())).code).toBe('approval_declined');
    expect(up.calls('import_scan').length).toBe(before);
  });

  it('denies on cancel (approval_cancelled), and on an error answer', async () => {
    const before = up.calls('import_scan').length;
    state.answer = async () => ({ action: 'cancel' });
    expect((await denied(importCall())).code).toBe('approval_cancelled');
    state.answer = async () => {
      throw new Error('the user closed the dialog');
    };
    expect((await denied(importCall())).code).toBe('approval_cancelled');
    expect(up.calls('import_scan').length).toBe(before);
  });

  it('denies when no answer comes in time (approval_timeout); the late answer is refused', async () => {
    const before = up.calls('close_finding').length;
    let late!: () => void;
    const lateSent = new Promise<void>((r) => (late = r));
    state.answer = async () => {
      await new Promise((r) => setTimeout(r, 2_500)); // the rule waits 1.5 s
      setTimeout(late, 300); // the SDK POSTs the answer right after this returns
      return { action: 'accept', content: { confirm: true } };
    };
    const t0 = Date.now();
    const r = await denied(
      wendy.client.callTool({ name: 'close_finding', arguments: { finding_id: 7 } }),
    );
    expect(r.code).toBe('approval_timeout');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_400);
    await lateSent;
    await waitForAudit(policy.auditFile, (x) => x.code === 'elicitation_answer_unknown');
    expect(up.calls('close_finding').length).toBe(before);
    const denials = readAudit(policy.auditFile).filter((x) => x.type === 'approval_denied_in_band');
    expect(denials.map((d) => (d.detail as Record<string, unknown>).code)).toContain(
      'approval_timeout',
    );
  });

  it('refuses forged answers: an id never issued, and a waiting id from another session', async () => {
    const sid = wendy.sessionId;
    const forged = (id: string) => ({
      jsonrpc: '2.0',
      id,
      result: { action: 'accept', content: { confirm: true } },
    });
    expect(await postRaw(TOKENS.writer, sid, forged(`${PREFIX}never-issued`))).toBe(202);
    await waitForAudit(
      policy.auditFile,
      (x) => x.code === 'elicitation_answer_unknown' && x.rpcId === `${PREFIX}never-issued`,
    );

    // While a call waits, another session of the same principal (and another principal) answer
    // its question with an accept: both refused; the waiting call stays waiting, then is declined.
    const other = await open(proxy.url, TOKENS.writer, false);
    const lead = await open(proxy.url, TOKENS.lead, false);
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    let askedAt!: () => void;
    const asked = new Promise<void>((r) => (askedAt = r));
    state.answer = async () => {
      askedAt();
      await released;
      return { action: 'decline' };
    };
    const before = up.calls('import_scan').length;
    const call = denied(importCall());
    await asked;
    // The strongest forgery: the live id itself (which only this session's stream carried).
    const liveId = String(state.asked.at(-1)!.id);
    expect(liveId.startsWith(PREFIX)).toBe(true);
    expect(await postRaw(TOKENS.writer, other.sessionId, forged(liveId))).toBe(202);
    expect(await postRaw(TOKENS.lead, lead.sessionId, forged(liveId))).toBe(202);
    release();
    expect((await call).code).toBe('approval_declined');
    expect(up.calls('import_scan').length).toBe(before);
    const refused = readAudit(policy.auditFile).filter(
      (x) => x.code === 'elicitation_answer_unknown' && x.rpcId === liveId,
    );
    expect(refused.map((x) => (x.principal as { id: string }).id).sort()).toEqual([
      'lena',
      'wendy',
    ]);
    upstreamSawNoElicitation();
    await other.client.close();
    await lead.client.close();
  });

  it('stops waiting when the client cancels its call (notifications/cancelled)', async () => {
    let askedAt!: () => void;
    const asked = new Promise<void>((r) => (askedAt = r));
    let release!: () => void;
    state.answer = async () => {
      askedAt();
      await new Promise<void>((r) => (release = r));
      return { action: 'accept', content: { confirm: true } };
    };
    const before = up.calls('import_scan').length;
    const abort = new AbortController();
    const aborted = wendy.client
      .callTool({ name: 'import_scan', arguments: IMPORT }, undefined, { signal: abort.signal })
      .then(
        () => 'answered',
        () => 'aborted',
      );
    await asked;
    abort.abort('the user gave up');
    expect(await aborted).toBe('aborted');
    const denial = await waitForAudit(
      policy.auditFile,
      (x) =>
        x.type === 'approval_denied_in_band' &&
        (x.detail as Record<string, unknown>).reason === 'the client cancelled the call',
    );
    expect((denial.detail as Record<string, unknown>).code).toBe('approval_cancelled');
    release();
    expect(up.calls('import_scan').length).toBe(before);
  });

  it('never asks for a rule left out of band: a two-person rule stays approval_required', async () => {
    const asked = state.asked.length;
    const r = await denied(
      wendy.client.callTool({ name: 'delete_finding', arguments: { finding_id: 9 } }),
    );
    expect(r.code).toBe('approval_required');
    expect(r.approvalId).toMatch(/^apr_/);
    expect(state.asked.length).toBe(asked);
  });
});

describe("the guard's id namespace", { timeout: 120_000 }, () => {
  it('refuses an upstream request that uses it: the client is never asked', async () => {
    const asked = state.asked.length;
    const elicit = (elicit_id: string) =>
      wendy.client.callTool({ name: 'elicit_then_echo', arguments: { elicit_id } });
    const r = await elicit(`${PREFIX}from-upstream`);
    expect((r.content as { text: string }[])[0]!.text).toContain('asked');
    expect(state.asked.length).toBe(asked);
    // The upstream is answered like for any denied server request.
    const deadline = Date.now() + 10_000;
    const refusal = () =>
      up.seen.find((s) => s.body?.id === `${PREFIX}from-upstream` && s.body?.error);
    while (!refusal() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(refusal()!.body.error.data.code).toBe('server_request_denied');
    // Control: the same request with an ordinary id reaches the client (the role allows it).
    state.answer = async () => ({ action: 'decline' });
    await elicit('upstream-7');
    expect(state.asked.length).toBe(asked + 1);
    expect(state.asked.at(-1)!.id).toBe('upstream-7');
  });
});

describe('clients that cannot be asked', { timeout: 120_000 }, () => {
  it('gets approval_required (out of band) without the capability', async () => {
    const { client: plain } = await open(proxy.url, TOKENS.writer, false);
    const before = up.calls('import_scan').length;
    const r = await denied(plain.callTool({ name: 'import_scan', arguments: IMPORT }));
    expect(r.code).toBe('approval_required');
    expect(r.approvalId).toMatch(/^apr_/);
    // A rule that allows only the in-band channel refuses such a client outright.
    const only = await denied(
      plain.callTool({ name: 'reopen_finding', arguments: { finding_id: 3 } }),
    );
    expect(only.code).toBe('approval_unavailable');
    expect(up.calls('import_scan').length).toBe(before);
    expect(up.calls('reopen_finding').length).toBe(0);
    await plain.close();
  });

  it('falls back to out of band when the POST does not accept an event stream', async () => {
    const sid = wendy.sessionId;
    const res = await fetch(proxy.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TOKENS.writer}`,
        'content-type': 'application/json',
        accept: 'application/json',
        'mcp-session-id': sid,
        'mcp-protocol-version': '2025-06-18',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 901,
        method: 'tools/call',
        params: { name: 'import_scan', arguments: IMPORT },
      }),
    });
    expect(res.headers.get('content-type')).toContain('application/json');
    const body = (await res.json()) as { error: { data: { code: string } } };
    expect(body.error.data.code).toBe('approval_required');
  });
});

describe('an upstream answering application/json', { timeout: 120_000 }, () => {
  it('gets its answer relayed as the last event of the stream the question opened', async () => {
    const jsonUp = await startFakeUpstream({
      json: true,
      tools: { import_scan: 'echo' },
      schemas: APPROVAL_SCHEMAS,
    });
    const p2 = await startCli(
      ['proxy', '--policy', policy.file, '--upstream', jsonUp.url, '--port', '0'],
      { timeoutMs: 60_000 },
    );
    try {
      const c = await open(p2.url, TOKENS.writer, true);
      state.answer = async () => ({ action: 'accept', content: { confirm: true } });
      const r = await c.client.callTool({ name: 'import_scan', arguments: IMPORT });
      expect(r.isError).toBeFalsy();
      expect((r.content as { text: string }[])[0]!.text).toContain('"value":"ok"');
      expect(jsonUp.calls('import_scan').length).toBe(1);
      state.answer = async () => ({ action: 'decline' });
      expect(
        (await denied(c.client.callTool({ name: 'import_scan', arguments: IMPORT }))).code,
      ).toBe('approval_declined');
      expect(jsonUp.calls('import_scan').length).toBe(1);
      await c.client.close();
    } finally {
      await p2.stop();
      await jsonUp.close();
    }
  });
});

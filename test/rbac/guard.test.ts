import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { loadPolicy } from '../../src/policy/load.js';
import type { Guard, RequestContext, ResponseContext } from '../../src/core/guard.js';
import type { ClassifiedRequest } from '../../src/core/jsonrpc.js';
import { deps } from '../policy/helpers.js';

const TOKEN_ENV = { MCP_ROLE_T: 'tttttttttttttttttttt:reader' };

async function rbacGuard(): Promise<Guard> {
  const { policy } = await loadPolicy([path.join(REPO_ROOT, 'policies/dojo-server.yaml')], {
    env: TOKEN_ENV,
    deps: deps(),
  });
  const g = policy.guards.find((x) => x.name === 'rbac');
  if (!g) throw new Error('no rbac guard');
  return g;
}

function ctx(
  role: string,
  request: Partial<ClassifiedRequest>,
  answeredMethod?: string,
): ResponseContext {
  const req: ClassifiedRequest = { kind: 'request', id: 1, message: {}, ...request };
  return {
    requestId: 'r',
    decisionId: 'd',
    principal: { id: 'p', role, authMethod: 'static_token' },
    sessionId: undefined,
    request: req,
    http: { remoteAddress: '127.0.0.1' },
    store: deps().store,
    facts: new Map(),
    now: () => 0,
    answeredMethod,
  } satisfies RequestContext & { answeredMethod?: string };
}

describe('rbac guard', () => {
  it('filters tools/list to the role and keeps nextCursor and other fields', async () => {
    const g = await rbacGuard();
    const tools = [
      'get_findings',
      'close_finding',
      'Get_findings',
      'get_users',
      'brand_new_tool',
    ].map((name) => ({
      name,
      inputSchema: { type: 'object' },
    }));
    const message = { jsonrpc: '2.0', id: 1, result: { tools, nextCursor: 'c2', _meta: { x: 1 } } };
    const v = await g.onResponse!(ctx('reader', { method: 'tools/list' }, 'tools/list'), message);
    expect(v.kind).toBe('rewrite');
    if (v.kind !== 'rewrite') return;
    const result = v.message.result as {
      tools: { name: string }[];
      nextCursor: string;
      _meta: unknown;
    };
    expect(result.tools.map((t) => t.name)).toEqual(['get_findings']);
    expect(result.nextCursor).toBe('c2');
    expect(result._meta).toEqual({ x: 1 });
  });

  it('keeps an all-visible page untouched and empties a malformed one', async () => {
    const g = await rbacGuard();
    const ok = { jsonrpc: '2.0', id: 1, result: { tools: [{ name: 'get_findings' }] } };
    expect((await g.onResponse!(ctx('reader', {}, 'tools/list'), ok)).kind).toBe('continue');
    const bad = { jsonrpc: '2.0', id: 1, result: { tools: { name: 'close_finding' } } };
    const v = await g.onResponse!(ctx('reader', {}, 'tools/list'), bad);
    expect(v.kind === 'rewrite' && (v.message.result as { tools: unknown[] }).tools).toEqual([]);
  });

  it('filters prompts/list and resources/list with the same decision', async () => {
    const g = await rbacGuard();
    const pm = {
      jsonrpc: '2.0',
      id: 2,
      result: { prompts: [{ name: 'sast_review_report' }, { name: 'x' }] },
    };
    const pv = await g.onResponse!(ctx('reader', {}, 'prompts/list'), pm);
    expect(pv.kind === 'rewrite' && (pv.message.result as { prompts: unknown[] }).prompts).toEqual([
      { name: 'sast_review_report' },
    ]);
    const rm = { jsonrpc: '2.0', id: 3, result: { resources: [{ uri: 'file:///a' }] } };
    const rv = await g.onResponse!(ctx('admin', {}, 'resources/list'), rm);
    expect(
      rv.kind === 'rewrite' && (rv.message.result as { resources: unknown[] }).resources,
    ).toEqual([]);
  });

  it('denies a hidden tool exactly like a missing one', async () => {
    const g = await rbacGuard();
    const hidden = await g.onRequest!(
      ctx('reader', { method: 'tools/call', toolName: 'close_finding' }),
    );
    const missing = await g.onRequest!(
      ctx('reader', { method: 'tools/call', toolName: 'no_such_tool' }),
    );
    expect(hidden).toMatchObject({ kind: 'deny', code: 'unknown_tool' });
    expect(missing).toEqual(hidden);
  });

  it('reads a non-string tool name from the message and denies it', async () => {
    const g = await rbacGuard();
    for (const name of [42, null, ['get_findings'], { toString: 'get_findings' }]) {
      const v = await g.onRequest!(
        ctx('admin', { method: 'tools/call', message: { method: 'tools/call', params: { name } } }),
      );
      expect(v).toMatchObject({ kind: 'deny', code: 'unknown_tool' });
    }
  });

  it('records the rule id of an argument denial', async () => {
    const g = await rbacGuard();
    const v = await g.onRequest!(
      ctx('writer', {
        method: 'tools/call',
        toolName: 'close_finding',
        arguments: { finding_id: 1, reason: 'false_positive' },
      }),
    );
    expect(v).toMatchObject({ kind: 'deny', code: 'rbac_denied', ruleId: 'suppress-finding' });
  });

  it('lets responses to server→client requests pass and ignores errors', async () => {
    const g = await rbacGuard();
    expect(
      (await g.onRequest!(ctx('reader', { kind: 'response', message: { id: 5, result: {} } })))
        .kind,
    ).toBe('continue');
    const err = { jsonrpc: '2.0', id: 1, error: { code: -1, message: 'x' } };
    expect((await g.onResponse!(ctx('reader', {}, 'tools/list'), err)).kind).toBe('continue');
  });
});

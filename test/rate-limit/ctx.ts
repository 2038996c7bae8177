/** Builds real RequestContexts and GuardDeps for driving the rate-limit guard directly. */
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../../src/core/guard.js';
import type { Principal } from '../../src/core/principal.js';
import type { GuardDeps } from '../../src/guards/deps.js';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { PolicySchema, type PolicyFile } from '../../src/policy/schema.js';
import type { StateStore } from '../../src/core/store.js';

export const MUTATING = new Set([
  'close_finding',
  'close_findings',
  'update_finding',
  'import_scan',
]);

export function principal(
  id: string,
  role = 'triager',
  authMethod: Principal['authMethod'] = 'static_token',
): Principal {
  return { id, role, authMethod };
}

export const ANON: Principal = { id: 'anonymous', role: 'anonymous', authMethod: 'anonymous' };

/** A tools/call (or another method) context for `p`. */
export function callCtx(
  store: StateStore,
  p: Principal,
  toolName: string | undefined,
  args: Record<string, unknown> = {},
  method = 'tools/call',
): RequestContext {
  return {
    requestId: randomUUID(),
    decisionId: randomUUID(),
    principal: p,
    sessionId: 's1',
    request: {
      kind: 'request',
      id: 1,
      method,
      ...(toolName !== undefined ? { toolName, arguments: args } : {}),
      message: { jsonrpc: '2.0', id: 1, method, params: { name: toolName, arguments: args } },
    },
    http: { remoteAddress: '127.0.0.1' },
    store,
    facts: new Map(),
    now: () => Date.now(),
  };
}

export function deps(
  store: StateStore,
  recorder = new MemoryRecorder(),
): GuardDeps & { recorder: MemoryRecorder } {
  return {
    store,
    recorder,
    mode: 'enforce',
    injectedArguments: () => [],
    isMutatingTool: (t) => MUTATING.has(t),
    now: () => Date.now(),
  };
}

/** Validates a policy through the real top-level schema (so defaults apply as in production). */
export function policy(rateLimits: unknown, state?: unknown): PolicyFile {
  const r = PolicySchema.safeParse({
    version: 1,
    rate_limits: rateLimits,
    ...(state ? { state } : {}),
  });
  if (!r.success) throw new Error(JSON.stringify(r.error.issues));
  return r.data;
}

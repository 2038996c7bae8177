/**
 * Hand-built CompiledPolicy objects for proxy tests (the proxy consumes the interface; the policy
 * compiler is tested on its own). Static bearer tokens → principals; guards supplied per test.
 */
import type { Guard } from '../../../src/core/guard.js';
import type { CompiledPolicy } from '../../../src/policy/compiled.js';
import { SERVER_LIMIT_DEFAULTS } from '../../../src/policy/compile-server-limits.js';
import { UPSTREAM_SECRET } from './upstream.js';

export const TOKENS: Record<string, { id: string; role: string }> = {
  'tok-alice': { id: 'alice', role: 'writer' },
  'tok-bob': { id: 'bob', role: 'reader' },
};

export function testPolicy(
  upstreamUrl: string,
  opts: {
    guards?: Guard[];
    mode?: 'enforce' | 'shadow';
    inject?: Record<string, string>;
    caps?: Partial<CompiledPolicy['server']>;
    timeoutMs?: number;
  } = {},
): CompiledPolicy {
  return {
    revision: 'test-revision',
    files: [],
    mode: opts.mode ?? 'enforce',
    server: {
      host: '127.0.0.1',
      port: 0,
      path: '/mcp',
      allowedHosts: new Set(),
      allowedOrigins: new Set(),
      maxBodyBytes: 64 * 1024,
      maxJsonDepth: 16,
      maxResponseBytes: 256 * 1024,
      maxSseEventBytes: 128 * 1024,
      sessionTtlMs: 60_000,
      ...SERVER_LIMIT_DEFAULTS,
      ...opts.caps,
    },
    upstream: {
      url: new URL(upstreamUrl),
      headers: { authorization: `Token ${UPSTREAM_SECRET}` },
      injectArguments: (tool) => (tool === 'args' && opts.inject ? opts.inject : undefined),
      connectTimeoutMs: 2_000,
      timeoutMs: opts.timeoutMs ?? 10_000,
      secrets: [UPSTREAM_SECRET, ...Object.values(opts.inject ?? {})],
    },
    authenticate: async ({ headers }) => {
      const h = headers.authorization;
      if (typeof h !== 'string' || !h.startsWith('Bearer ')) {
        return {
          ok: false,
          code: 'unauthenticated',
          wwwAuthenticate:
            'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource"',
          reason: 'no bearer token',
        };
      }
      const p = TOKENS[h.slice(7)];
      if (!p) {
        return {
          ok: false,
          code: 'invalid_token',
          wwwAuthenticate: 'Bearer error="invalid_token"',
          reason: 'unknown token',
        };
      }
      return { ok: true, principal: { ...p, authMethod: 'static_token' } };
    },
    protectedResourceMetadata: { resource: 'http://127.0.0.1/mcp', authorization_servers: [] },
    isMutatingTool: (name) => name.startsWith('update_') || name === 'args',
    guards: opts.guards ?? [],
  };
}

/**
 * The compiler resolves what the proxy reads per request (src/policy/compile-server-limits.ts,
 * literal-tools.ts): caps, body timeouts and metrics settings from `server.caps` /
 * `server.metrics`, defaults from the schema, the compiled rbac, and no raw policy file.
 */
import { describe, expect, it } from 'vitest';
import { SERVER_LIMIT_DEFAULTS } from '../../src/policy/compile-server-limits.js';
import { load, MINIMAL } from './helpers.js';

const WITH_LIMITS = `${MINIMAL}server:
  caps:
    max_json_members: 7
    max_json_elements: 8
    max_json_values: 9
    max_get_streams_per_principal: 2
    max_get_streams: 3
    max_sse_streams_per_principal: 4
    client_notifications_per_minute: 5
    body_idle_timeout_ms: 1234
    body_timeout_ms: 5678
  metrics:
    enabled: false
    path: /stats
    require_auth: true
`;

describe('compiled server limits', () => {
  it('takes every limit from the file', async () => {
    const { server } = (await load([WITH_LIMITS])).policy;
    expect(server.jsonCaps).toEqual({ maxMembers: 7, maxElements: 8, maxValues: 9 });
    expect(server.transportCaps).toEqual({
      maxGetStreamsPerPrincipal: 2,
      maxGetStreams: 3,
      maxSseStreamsPerPrincipal: 4,
      clientNotificationsPerMinute: 5,
    });
    expect(server.bodyTimeouts).toEqual({ idleMs: 1234, totalMs: 5678 });
    expect(server.metrics).toEqual({ enabled: false, path: '/stats', requireAuth: true });
  });

  it('applies the schema defaults when the sections are absent', async () => {
    const { server } = (await load([MINIMAL])).policy;
    expect(server.jsonCaps).toEqual({ maxMembers: 1000, maxElements: 10_000, maxValues: 20_000 });
    expect(server.transportCaps).toEqual(SERVER_LIMIT_DEFAULTS.transportCaps);
    expect(server.bodyTimeouts).toEqual({ idleMs: 10_000, totalMs: 30_000 });
    expect(server.metrics).toEqual({ enabled: true, path: '/metrics', requireAuth: false });
  });

  it('holds the compiled rbac and literal tool names, not the policy file', async () => {
    const { policy } = await load([
      `${MINIMAL}tools:\n  classes:\n    mutating: [update_finding, 'close_*']\n`,
    ]);
    expect(policy).not.toHaveProperty('source');
    expect(policy.rbac?.roles.get('reader')).toBeDefined();
    expect([...(policy.literalTools ?? [])]).toEqual(['update_finding']);
  });

  it('carries a static-token principal into the policy by its id, and refuses an unknown one', async () => {
    const { policy } = await load([MINIMAL]);
    expect(
      policy.principalUnder?.({ id: 'alice', role: 'writer', authMethod: 'static_token' }),
    ).toEqual({ id: 'alice', role: 'reader', authMethod: 'static_token' });
    expect(
      policy.principalUnder?.({ id: 'eve', role: 'reader', authMethod: 'static_token' }),
    ).toMatchObject({ allow: false, code: 'invalid_token' });
  });
});

/** The proxy-hardening test policy: its principals and low caps (setup.ts starts a proxy on it). */
import { createHash } from 'node:crypto';

export const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** Principals of the test policy: token → id/role. */
export const USERS = {
  'tok-plain': { id: 'plain-user', role: 'plain' },
  'tok-plain2': { id: 'plain-user-2', role: 'plain' },
  'tok-plain3': { id: 'plain-user-3', role: 'plain' },
  'tok-sampler': { id: 'sampler-user', role: 'sampler' },
  'tok-asker': { id: 'asker-user', role: 'asker' },
} as const;
export type Token = keyof typeof USERS;

export const INJECTED_TENANT = 'tenant-7731-injected';

/** The policy YAML: roles with and without server_requests, low caps so tests hit them fast. */
export function policyYaml(extra: { caps?: Record<string, number> } = {}): string {
  const caps = {
    max_get_streams_per_principal: 2,
    max_get_streams: 3,
    max_sse_streams_per_principal: 3,
    client_notifications_per_minute: 20,
    ...extra.caps,
  };
  return [
    'version: 1',
    'server:',
    '  caps:',
    ...Object.entries(caps).map(([k, v]) => `    ${k}: ${v}`),
    'upstream:',
    '  inject_arguments:',
    `    - { tools: [args], arguments: { tenant: "${INJECTED_TENANT}" } }`,
    'auth:',
    '  tokens:',
    ...Object.entries(USERS).map(
      ([tok, u]) => `    - { id: ${u.id}, role: ${u.role}, sha256: ${sha(tok)} }`,
    ),
    'rbac:',
    '  roles:',
    "    plain: { tools: ['*'] }",
    "    sampler: { tools: ['*'], server_requests: [sampling/createMessage, roots/list] }",
    '    asker: { inherits: [sampler], server_requests: [elicitation/create] }',
    // opt-out: the traps compare tool answers (echo, sampled/elicited text) byte for byte.
    'content:',
    '  wrap: { enabled: false } # opt-out: tests assert the raw answer text',
    '',
  ].join('\n');
}

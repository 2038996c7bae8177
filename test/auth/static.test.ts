import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { load, loadIssues } from '../policy/helpers.js';

const sha = (t: string) => createHash('sha256').update(t).digest('hex');
const TOKEN = 'tok-alice-0123456789abcdef';
const POLICY = `version: 1
upstream: { url: 'http://127.0.0.1:9/mcp' }
server: { port: 8123 }
auth:
  tokens:
    - { id: alice, role: reader, sha256: ${sha(TOKEN)} }
    - { id: bob, role: admin, sha256: ${sha('tok-bob-0123456789abcdef').toUpperCase()} }
  env_bindings: { prefix: MCP_ROLE_ }
rbac:
  roles:
    reader: { tools: [get_*] }
    admin: { inherits: [reader], tools: ['*'] }
`;
const req = (authorization?: string | string[], host = '127.0.0.1:8123') => ({
  headers: { authorization, host },
  remoteAddress: '127.0.0.1',
});

describe('static bearer tokens', () => {
  it('accepts a configured token and maps it to its id and role (hex case-insensitive)', async () => {
    const { policy } = await load([POLICY]);
    expect(await policy.authenticate(req(`Bearer ${TOKEN}`))).toEqual({
      ok: true,
      principal: { id: 'alice', role: 'reader', authMethod: 'static_token' },
    });
    const bob = await policy.authenticate(req('bearer tok-bob-0123456789abcdef'));
    expect(bob).toMatchObject({ ok: true, principal: { id: 'bob', role: 'admin' } });
  });

  it('answers a missing credential with 401 unauthenticated and a resource_metadata challenge', async () => {
    const { policy } = await load([POLICY]);
    const r = await policy.authenticate(req(undefined));
    expect(r).toMatchObject({ ok: false, code: 'unauthenticated' });
    if (r.ok) return;
    expect(r.wwwAuthenticate).toBe(
      'Bearer resource_metadata="http://127.0.0.1:8123/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('rejects wrong, near-miss and malformed tokens as invalid_token without echoing them', async () => {
    const { policy } = await load([POLICY]);
    const bad = [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN.toUpperCase()}`,
      `Bearer  ${TOKEN}`.replace('  ', '\t'),
      `Basic ${Buffer.from(`alice:${TOKEN}`).toString('base64')}`,
      `Token ${TOKEN}`,
      `Bearer ${TOKEN} extra`,
      `Bearer ${sha(TOKEN)}`, // the stored hash is not a credential
      'Bearer',
      'Bearer ',
      `Bearer ${TOKEN}\u0000`,
      `Bearer \ufeff${TOKEN}`,
      ['Bearer ' + TOKEN, 'Bearer ' + TOKEN],
    ];
    for (const h of bad) {
      const r = await policy.authenticate(req(h));
      expect(r.ok, JSON.stringify(h)).toBe(false);
      if (r.ok) continue;
      expect(r.code).toBe('invalid_token');
      expect(r.wwwAuthenticate).toContain('error="invalid_token"');
      expect(r.reason).not.toContain(TOKEN);
    }
  });

  it('never falls back to anonymous when a bad token is presented', async () => {
    const open = POLICY.replace(
      'auth:\n',
      'auth:\n  allow_anonymous: true\n  anonymous_role: reader\n',
    );
    const { policy } = await load([open]);
    expect(await policy.authenticate(req(undefined))).toMatchObject({
      ok: true,
      principal: { id: 'anonymous' },
    });
    expect(await policy.authenticate(req('Bearer nope'))).toMatchObject({
      ok: false,
      code: 'invalid_token',
    });
  });

  it('uses the configured resource URI in the challenge and the metadata document', async () => {
    const p = POLICY.replace(
      '  env_bindings',
      '  resource_metadata: { resource: "https://guard.example/mcp", scopes_supported: [dojo] }\n  env_bindings',
    );
    const { policy } = await load([p]);
    const r = await policy.authenticate(req(undefined, 'evil.example'));
    expect(!r.ok && r.wwwAuthenticate).toBe(
      'Bearer resource_metadata="https://guard.example/.well-known/oauth-protected-resource/mcp", scope="dojo"',
    );
    expect(policy.protectedResourceMetadata).toMatchObject({
      resource: 'https://guard.example/mcp',
    });
  });

  it('derives the metadata resource from the request Host unless configured', async () => {
    const { policy } = await load([POLICY.replace('port: 8123', 'port: 0')]);
    expect(policy.resourceMetadataFor!(req(undefined, '127.0.0.1:4567'))).toMatchObject({
      resource: 'http://127.0.0.1:4567/mcp',
      bearer_methods_supported: ['header'],
    });
    expect(policy.resourceMetadataFor!(req(undefined, 'bad host"'))).toMatchObject({
      resource: 'http://127.0.0.1:0/mcp',
    });
  });

  it('does not put a hostile Host header into the challenge', async () => {
    const { policy } = await load([POLICY]);
    const r = await policy.authenticate(req(undefined, 'a", error="x'));
    expect(!r.ok && r.wwwAuthenticate).toBe(
      'Bearer resource_metadata="http://127.0.0.1:8123/.well-known/oauth-protected-resource/mcp"',
    );
  });

  it('takes about the same time for a right and a wrong token (constant-time path)', async () => {
    const { policy } = await load([POLICY]);
    const batch = async (h: string) => {
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < 300; i++) await policy.authenticate(req(h));
      return Number(process.hrtime.bigint() - t0);
    };
    // Interleaved rounds, fastest of each: robust against a busy CI box (noise only adds time).
    const fastest = async (headers: string[]): Promise<number[]> => {
      const best = headers.map(() => Infinity);
      for (let round = 0; round < 15; round++)
        for (const [k, h] of headers.entries()) best[k] = Math.min(best[k]!, await batch(h));
      return best;
    };
    // The comparison itself: a wrong token that shares all but its last character with the real
    // one must cost what a wrong token sharing nothing costs (no early exit on a prefix).
    const [near, far, good] = await fastest([
      `Bearer ${TOKEN.slice(0, -1)}${TOKEN.endsWith('z') ? 'y' : 'z'}`,
      `Bearer ${'z'.repeat(TOKEN.length)}`,
      `Bearer ${TOKEN}`,
    ]);
    expect(near! / far!).toBeLessThan(1.5);
    expect(far! / near!).toBeLessThan(1.5);
    // Right vs wrong: the refusal also builds its challenge, so only a gross difference counts.
    expect(far! / good!).toBeLessThan(3);
    expect(good! / far!).toBeLessThan(3);
  });
});

describe('env bindings (MCP_ROLE_<NAME>=<token>:<role>)', () => {
  it('binds the token to the lower-cased name and the role after the last colon', async () => {
    const { policy } = await load([POLICY], { MCP_ROLE_CI_BOT: 'abc:def:0123456789abcdef:admin' });
    expect(await policy.authenticate(req('Bearer abc:def:0123456789abcdef'))).toMatchObject({
      ok: false, // ':' is not a b64token character: such tokens are unusable as Bearer values
    });
    const { policy: p2 } = await load([POLICY], { MCP_ROLE_CI_BOT: 'ci-token-0123456789:admin' });
    expect(await p2.authenticate(req('Bearer ci-token-0123456789'))).toEqual({
      ok: true,
      principal: { id: 'ci_bot', role: 'admin', authMethod: 'env_token' },
    });
  });

  it('skips malformed bindings and unknown roles with a warning that never shows the token', async () => {
    const { warnings, policy } = await load([POLICY], {
      MCP_ROLE_A: 'secret-aaaaaaaaaaaa:ghost',
      MCP_ROLE_B: 'no-colon-secret',
      MCP_ROLE_C: ':reader',
      MCP_ROLE_D: 'good-token-0123456789:reader',
    });
    expect(warnings.join('\n')).toMatch(/MCP_ROLE_A: unknown role ghost/);
    expect(warnings.join('\n')).not.toMatch(/secret|no-colon/);
    expect(await policy.authenticate(req('Bearer secret-aaaaaaaaaaaa'))).toMatchObject({
      ok: false,
    });
    expect(await policy.authenticate(req('Bearer good-token-0123456789'))).toMatchObject({
      ok: true,
    });
  });

  it('fails closed when bindings exist but none is usable and nothing else is configured', async () => {
    const only = `version: 1\nauth:\n  env_bindings: {}\nrbac:\n  roles:\n    reader: { tools: ['*'] }\n`;
    const issues = await loadIssues([only], { MCP_ROLE_X: 'broken' });
    expect(issues.join('\n')).toMatch(/none usable/);
    expect(issues.join('\n')).not.toContain('broken');
    expect((await loadIssues([only], {})).join('\n')).toMatch(/no authentication configured/);
  });

  it('refuses a binding id that collides with a static token id', async () => {
    const issues = await loadIssues([POLICY], { MCP_ROLE_ALICE: 'other-token-0123456789:admin' });
    expect(issues.join('\n')).toMatch(/MCP_ROLE_ALICE: principal id alice is already bound/);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWK, type CryptoKey } from 'jose';
import { load, loadIssues } from '../policy/helpers.js';

const ISS = 'https://idp.test/';
const AUD = 'https://guard.test/mcp';

let server: Server;
let jwksUrl: string;
let jwks: { keys: JWK[] } = { keys: [] };
let fetches = 0;
let k1: { privateKey: CryptoKey; publicKey: CryptoKey };
let k2: { privateKey: CryptoKey; publicKey: CryptoKey };

async function publish(...keys: { kid: string; publicKey: CryptoKey }[]) {
  jwks = {
    keys: await Promise.all(
      keys.map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: 'RS256' })),
    ),
  };
}

beforeAll(async () => {
  k1 = await generateKeyPair('RS256', { extractable: true });
  k2 = await generateKeyPair('RS256', { extractable: true });
  await publish({ kid: 'k1', publicKey: k1.publicKey });
  server = createServer((_req, res) => {
    fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(jwks));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const policy = (jwt: string) => `version: 1
upstream: { url: 'http://127.0.0.1:9/mcp' }
auth:
  jwt:
${jwt}
rbac:
  roles:
    reader: { tools: [get_*] }
    admin: { inherits: [reader], tools: ['*'] }
`;
const remote = () =>
  policy(`    jwks_url: ${jwksUrl}
    jwks_cooldown_seconds: 0
    issuer: ${ISS}
    audience: ${AUD}
    algorithms: [RS256]
    role_claim: groups
    role_map: { appsec-admins: admin, everyone: reader }`);

async function token(
  claims: Record<string, unknown> = {},
  opts: {
    kid?: string;
    key?: CryptoKey;
    alg?: string;
    iss?: string;
    aud?: string;
    exp?: number | string;
    nbf?: number | string;
  } = {},
) {
  const jwt = new SignJWT({ groups: ['everyone'], ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'RS256', kid: opts.kid ?? 'k1' })
    .setSubject('user-1')
    .setIssuer(opts.iss ?? ISS)
    .setAudience(opts.aud ?? AUD)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m');
  if (opts.nbf !== undefined) jwt.setNotBefore(opts.nbf);
  return jwt.sign(opts.key ?? k1.privateKey);
}
const auth = (t: string) => ({
  headers: { authorization: `Bearer ${t}` },
  remoteAddress: '127.0.0.1',
});

describe('JWT authentication (local JWKS server)', () => {
  it('accepts a good token and maps the group claim to a role (policy order wins)', async () => {
    const { policy: p } = await load([remote()]);
    expect(await p.authenticate(auth(await token()))).toEqual({
      ok: true,
      principal: { id: 'user-1', role: 'reader', authMethod: 'jwt', attributes: { iss: ISS } },
    });
    const both = await p.authenticate(auth(await token({ groups: ['everyone', 'appsec-admins'] })));
    expect(both).toMatchObject({ ok: true, principal: { role: 'admin' } });
  });

  it('rejects wrong issuer, wrong audience, expired and not-yet-valid tokens', async () => {
    const { policy: p } = await load([remote()]);
    const now = Math.floor(Date.now() / 1000);
    const cases: [string, string][] = [
      [await token({}, { iss: 'https://evil.test/' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
      [await token({}, { aud: 'https://other.test/mcp' }), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
      [await token({}, { exp: now - 120 }), 'ERR_JWT_EXPIRED'],
      [await token({}, { nbf: now + 600 }), 'ERR_JWT_CLAIM_VALIDATION_FAILED'],
    ];
    for (const [t, code] of cases) {
      const r = await p.authenticate(auth(t));
      expect(r).toMatchObject({ ok: false, code: 'invalid_token', reason: `jwt: ${code}` });
    }
  });

  it('tolerates clock skew within clock_skew_seconds', async () => {
    const { policy: p } = await load([remote()]);
    const now = Math.floor(Date.now() / 1000);
    expect(await p.authenticate(auth(await token({}, { exp: now - 10 })))).toMatchObject({
      ok: true,
    });
  });

  it('rejects a token without a mapped role or without exp', async () => {
    const { policy: p } = await load([remote()]);
    expect(await p.authenticate(auth(await token({ groups: ['strangers'] })))).toMatchObject({
      ok: false,
      reason: 'jwt: no role for token',
    });
    const noExp = await new SignJWT({ groups: ['everyone'] })
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setSubject('u')
      .setIssuer(ISS)
      .setAudience(AUD)
      .sign(k1.privateKey);
    expect(await p.authenticate(auth(noExp))).toMatchObject({ ok: false, code: 'invalid_token' });
  });

  it('rejects algorithms outside the allow-list: HS256 with the public key as secret, and none', async () => {
    const { policy: p } = await load([remote()]);
    const pub = new TextEncoder().encode(await exportSPKI(k1.publicKey));
    const hs = await new SignJWT({ groups: ['appsec-admins'] })
      .setProtectedHeader({ alg: 'HS256', kid: 'k1' })
      .setSubject('attacker')
      .setIssuer(ISS)
      .setAudience(AUD)
      .setExpirationTime('5m')
      .sign(pub);
    expect(await p.authenticate(auth(hs))).toMatchObject({ ok: false, code: 'invalid_token' });
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const exp = Math.floor(Date.now() / 1000) + 300;
    const none = `${b64({ alg: 'none' })}.${b64({ sub: 'x', iss: ISS, aud: AUD, exp, groups: ['appsec-admins'] })}.`;
    expect(
      await p.authenticate({
        headers: { authorization: `Bearer ${none}` },
        remoteAddress: undefined,
      }),
    ).toMatchObject({
      ok: false,
    });
    // A signature from a key not in the JWKS, under a known kid.
    const forged = await token({ groups: ['appsec-admins'] }, { key: k2.privateKey });
    expect(await p.authenticate(auth(forged))).toMatchObject({
      ok: false,
      reason: 'jwt: ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
    });
  });

  it('refuses HS256 and none in the policy itself', async () => {
    for (const alg of ['HS256', 'none']) {
      const issues = await loadIssues([
        remote().replace('algorithms: [RS256]', `algorithms: [${alg}]`),
      ]);
      expect(issues.join('\n')).toMatch(/auth\.jwt\.algorithms\.0/);
    }
  });

  it('refetches the JWKS when a token names an unknown kid (key rotation)', async () => {
    const { policy: p } = await load([remote()]);
    expect(await p.authenticate(auth(await token()))).toMatchObject({ ok: true });
    const before = fetches;
    await publish({ kid: 'k1', publicKey: k1.publicKey }, { kid: 'k2', publicKey: k2.publicKey });
    const rotated = await token({}, { kid: 'k2', key: k2.privateKey });
    expect(await p.authenticate(auth(rotated))).toMatchObject({
      ok: true,
      principal: { id: 'user-1' },
    });
    expect(fetches).toBeGreaterThan(before);
    await publish({ kid: 'k1', publicKey: k1.publicKey });
  });

  it('accepts a static PEM public key', async () => {
    const pem = await exportSPKI(k1.publicKey);
    const text = policy(`    public_key: |\n${pem
      .trim()
      .split('\n')
      .map((l) => `      ${l}`)
      .join('\n')}
    issuer: ${ISS}
    audience: [${AUD}, https://alt.test/mcp]
    algorithms: [RS256]
    role_claim: groups
    default_role: reader`);
    const { policy: p } = await load([text]);
    expect(await p.authenticate(auth(await token({ groups: [] })))).toMatchObject({
      ok: true,
      principal: { role: 'reader' },
    });
    expect(await p.authenticate(auth(await token({}, { key: k2.privateKey })))).toMatchObject({
      ok: false,
    });
  });

  it('refuses a plain-http JWKS URL off loopback and a policy with both key sources', async () => {
    const off = remote().replace(jwksUrl, 'http://idp.example/jwks.json');
    expect((await loadIssues([off])).join('\n')).toMatch(/must be https/);
    const both = remote().replace('    issuer:', '    public_key: x\n    issuer:');
    expect((await loadIssues([both])).join('\n')).toMatch(/exactly one of jwks_url and public_key/);
  });

  it('publishes RFC 9728 metadata naming the issuer as authorization server', async () => {
    const { policy: p } = await load([remote()]);
    expect(p.protectedResourceMetadata).toMatchObject({
      authorization_servers: [ISS],
      bearer_methods_supported: ['header'],
    });
  });
});

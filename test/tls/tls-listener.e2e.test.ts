/**
 * HTTPS on the listener, through the real `dojo-guard proxy` process and the MCP SDK client:
 * client certificates mapped to principals (SAN URI, fingerprint, CN), refusal of missing,
 * untrusted and unmapped certificates, modern-only protocol versions and ciphers, certificate
 * rotation without a restart (connections already open keep theirs), and the bind rules.
 */
import fs from 'node:fs';
import path from 'node:path';
import type tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordingUpstream, type RecordingUpstream } from '../rbac/recording-upstream.js';
import { runCli, startCli, type Running } from '../helpers/process.js';
import { makeCa, type Issued, type TestCa } from '../helpers/certs.js';
import { writeAtomically, tempDir } from '../helpers/files.js';
import { readAudit } from '../helpers/audit-file.js';
import { call } from '../helpers/mcp-client.js';
import { waitFor } from '../helpers/wait.js';
import { connectSdk, getOnSocket, handshake, postInitialize } from './tls-client.js';

const TOKEN = 'tls-e2e-reader-token-0123456789abcdef';
const dir = tempDir('tls');
const file = (name: string): string => path.join(dir, name);
let serverCa: TestCa;
let clientCa: TestCa;
let rogueCa: TestCa;
let agentA: Issued; // SAN URI spiffe://corp/agent-a → reader
let ops: Issued; // pinned by fingerprint → writer
let cnAgent: Issued; // subject CN → reader
let unmapped: Issued;
let rogueAgentA: Issued; // same SAN as agentA, wrong CA
let upstream: RecordingUpstream;
let required: Running;
let optional: Running;

function policy(opts: { clientAuth: 'required' | 'optional'; extraServer?: string[] }): string {
  return [
    'version: 1',
    'server:',
    '  port: 0',
    ...(opts.extraServer ?? []),
    '  tls:',
    `    cert_file: ${file('server.crt')}`,
    `    key_file: ${file('server.key')}`,
    `    client_ca_file: ${file('clients-ca.pem')}`,
    `    client_auth: ${opts.clientAuth}`,
    'auth:',
    '  env_bindings: { prefix: MCP_ROLE_ }',
    '  client_certificates:',
    "    - { id: agent-a, role: reader, san_uri: 'spiffe://corp/agent-a' }",
    `    - { id: ops, role: writer, sha256: '${ops.fingerprint}' }`,
    '    - { id: cn-agent, role: reader, subject_cn: cn-agent }',
    'tools:',
    '  classes:',
    '    mutating: [close_finding]',
    'rbac:',
    '  roles:',
    '    reader: { tools: [get_findings] }',
    '    writer: { inherits: [reader], tools: [close_finding] }',
    '',
  ].join('\n');
}

const env = (audit: string): Record<string, string> => ({
  MCP_ROLE_TLSREADER: `${TOKEN}:reader`,
  AUDIT_LOG_FILE: audit,
  AUDIT_HMAC_KEY: 'tls-e2e-audit-hmac-key-0123456789abcdef',
  LOG_LEVEL: 'info',
});

async function start(name: string, clientAuth: 'required' | 'optional'): Promise<Running> {
  fs.writeFileSync(file(`${name}.yaml`), policy({ clientAuth }));
  return startCli(
    ['proxy', '--policy', file(`${name}.yaml`), '--upstream', upstream.url, '--no-watch'],
    { env: env(file(`${name}.jsonl`)), timeoutMs: 60_000 },
  );
}

const portOf = (r: Running): number => Number(new URL(r.url).port);

beforeAll(async () => {
  serverCa = makeCa('dojo-guard test server CA');
  clientCa = makeCa('dojo-guard test client CA');
  rogueCa = makeCa('dojo-guard test client CA'); // same name, other key
  const serverCert = serverCa.issue({
    cn: 'localhost',
    usage: 'server',
    sans: ['DNS:localhost', 'IP:127.0.0.1'],
  });
  agentA = clientCa.issue({ cn: 'agent-a', usage: 'client', sans: ['URI:spiffe://corp/agent-a'] });
  ops = clientCa.issue({ cn: 'ops', usage: 'client' });
  cnAgent = clientCa.issue({ cn: 'cn-agent', usage: 'client' });
  unmapped = clientCa.issue({ cn: 'nobody', usage: 'client', sans: ['URI:spiffe://corp/x'] });
  rogueAgentA = rogueCa.issue({
    cn: 'agent-a',
    usage: 'client',
    sans: ['URI:spiffe://corp/agent-a'],
  });
  fs.writeFileSync(file('server.crt'), serverCert.cert);
  fs.writeFileSync(file('server.key'), serverCert.key, { mode: 0o600 });
  fs.writeFileSync(file('clients-ca.pem'), clientCa.cert);
  upstream = await startRecordingUpstream();
  [required, optional] = await Promise.all([
    start('required', 'required'),
    start('optional', 'optional'),
  ]);
}, 60_000);

afterAll(async () => {
  await Promise.all([required?.stop(), optional?.stop()]);
  await upstream?.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('client certificates mapped to principals (client_auth: required)', () => {
  it('announces an https URL', () => {
    expect(required.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/mcp$/);
  });

  it('a certificate matched by SAN URI acts as its principal and role through the SDK client', async () => {
    const client = await connectSdk(required.url, { ca: serverCa.cert, identity: agentA });
    try {
      expect(await call(client, 'get_findings')).toBe('ok');
      expect(await call(client, 'close_finding', { id: 1 })).toMatch(
        /^rpc -32602: .*unknown tool/i,
      );
    } finally {
      await client.close();
    }
    const rec = await waitFor(() =>
      readAudit(file('required.jsonl')).find(
        (r) => r['tool'] === 'get_findings' && r['outcome'] === 'allowed',
      ),
    );
    expect(rec['principal']).toMatchObject({ id: 'agent-a', authMethod: 'client_certificate' });
  });

  it('a certificate pinned by SHA-256 fingerprint gets its own (writer) role', async () => {
    const client = await connectSdk(required.url, { ca: serverCa.cert, identity: ops });
    try {
      expect(await call(client, 'close_finding', { finding_id: 1 })).toBe('ok');
    } finally {
      await client.close();
    }
  });

  it('a certificate matched by subject CN works', async () => {
    const r = await postInitialize(required.url, { ca: serverCa.cert, identity: cnAgent });
    expect(r).toMatchObject({ status: 200 });
  });

  it('refuses the handshake without a client certificate, even with a valid token', async () => {
    const r = await postInitialize(required.url, { ca: serverCa.cert, token: TOKEN });
    expect(r).toHaveProperty('error');
  });

  it('refuses a certificate from another CA that carries the same names', async () => {
    const r = await postInitialize(required.url, { ca: serverCa.cert, identity: rogueAgentA });
    expect(r).toHaveProperty('error');
  });

  it('answers 401 invalid_token for a trusted certificate that maps to no principal', async () => {
    const r = await postInitialize(required.url, { ca: serverCa.cert, identity: unmapped });
    expect(r).toMatchObject({ status: 401 });
    expect((r as { body: string }).body).toContain('invalid_token');
  });
});

describe('client_auth: optional', () => {
  it('lets a client without a certificate in with a token', async () => {
    const client = await connectSdk(optional.url, { ca: serverCa.cert, token: TOKEN });
    try {
      expect(await call(client, 'get_findings')).toBe('ok');
    } finally {
      await client.close();
    }
  });

  it('never uses an untrusted certificate as a credential (401, not its SAN principal)', async () => {
    const r = await postInitialize(optional.url, { ca: serverCa.cert, identity: rogueAgentA });
    expect(r).toMatchObject({ status: 401 });
  });

  it('without a certificate or token is 401 unauthenticated', async () => {
    const r = await postInitialize(optional.url, { ca: serverCa.cert });
    expect(r).toMatchObject({ status: 401 });
  });
});

describe('protocol versions and ciphers', () => {
  const id = (): tls.ConnectionOptions => ({ ca: serverCa.cert, cert: ops.cert, key: ops.key });

  it('accepts TLS 1.3 and TLS 1.2 with ECDHE + AES-GCM', async () => {
    for (const o of [
      { minVersion: 'TLSv1.3' as const },
      { maxVersion: 'TLSv1.2' as const, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
    ]) {
      const r = await handshake(portOf(required), { ...id(), ...o });
      expect(r).toHaveProperty('socket');
      if ('socket' in r) r.socket.destroy();
    }
  });

  it('refuses TLS 1.1 and TLS 1.0', async () => {
    for (const v of ['TLSv1', 'TLSv1.1'] as const) {
      const r = await handshake(portOf(required), {
        ...id(),
        minVersion: v,
        maxVersion: v,
        ciphers: 'DEFAULT:@SECLEVEL=0',
      });
      expect(r).toHaveProperty('error');
    }
  });

  it('refuses TLS 1.2 CBC, SHA-1 and static-RSA suites that Node would accept by default', async () => {
    for (const c of ['ECDHE-RSA-AES128-SHA256', 'ECDHE-RSA-AES256-SHA', 'AES128-GCM-SHA256']) {
      const r = await handshake(portOf(required), { ...id(), maxVersion: 'TLSv1.2', ciphers: c });
      expect(r, c).toHaveProperty('error');
    }
  });
});

describe('certificate rotation', () => {
  it('new connections get the new certificate once cert and key agree; open ones keep theirs', async () => {
    const port = portOf(optional);
    const opts: tls.ConnectionOptions = { ca: serverCa.cert, cert: ops.cert, key: ops.key };
    const before = await handshake(port, opts);
    if (!('socket' in before)) throw new Error(`handshake failed: ${before.error}`);
    const old = before.socket;
    const oldFp = old.getPeerX509Certificate()!.fingerprint256;
    expect(await getOnSocket(old, '/healthz')).toBe('HTTP/1.1 200 OK');

    const next = serverCa.issue({
      cn: 'localhost',
      usage: 'server',
      sans: ['DNS:localhost', 'IP:127.0.0.1'],
    });
    const peerFp = async (): Promise<string> => {
      const r = await handshake(port, opts);
      if (!('socket' in r)) throw new Error(r.error);
      const fp = r.socket.getPeerX509Certificate()!.fingerprint256;
      r.socket.destroy();
      return fp;
    };
    // Polls until `done`, sending a request on the old connection each round: it must keep
    // answering throughout (and is kept from idling out, which the server does after 5 s).
    const pollWithOld = async (done: () => Promise<boolean>): Promise<void> => {
      const deadline = Date.now() + 30_000;
      for (let round = 0; ; round++) {
        const t = Date.now();
        const line = await getOnSocket(old, '/healthz').catch((e: Error) => {
          throw new Error(`round ${round}, after ${Date.now() - t} ms: ${e.message}`);
        });
        expect(line).toBe('HTTP/1.1 200 OK');
        if (await done()) return;
        if (Date.now() > deadline) throw new Error('rotation not seen in 30 s');
        await new Promise((r) => setTimeout(r, 300));
      }
    };
    // Half a rotation: the new certificate with the old key is not a usable pair.
    writeAtomically(file('server.crt'), next.cert);
    await pollWithOld(async () => /tls reload skipped/.test(optional.stderr()));
    expect(await peerFp()).toBe(oldFp);

    writeAtomically(file('server.key'), next.key);
    await pollWithOld(async () => (await peerFp()) === next.fingerprint);
    // The connection opened before the rotation still answers.
    expect(await getOnSocket(old, '/healthz')).toBe('HTTP/1.1 200 OK');
    old.destroy();

    // The SDK client works across the rotation.
    const client = await connectSdk(optional.url, { ca: serverCa.cert, identity: agentA });
    try {
      expect(await call(client, 'get_findings')).toBe('ok');
    } finally {
      await client.close();
    }
  }, 120_000);
});

describe('startup and bind rules', () => {
  it('binding 0.0.0.0 still requires server.allowed_hosts with TLS on', async () => {
    fs.writeFileSync(file('bind.yaml'), policy({ clientAuth: 'required' }));
    const r = await runCli(
      ['proxy', '--policy', file('bind.yaml'), '--upstream', upstream.url, '--host', '0.0.0.0'],
      { env: env(file('bind.jsonl')) },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('server.allowed_hosts: required when binding to non-loopback');
  });

  it('on 0.0.0.0 with allowed_hosts, a listed Host works and another is refused', async () => {
    fs.writeFileSync(
      file('bind-ok.yaml'),
      policy({ clientAuth: 'required', extraServer: ["  allowed_hosts: ['127.0.0.1']"] }),
    );
    const p = await startCli(
      ['proxy', '--policy', file('bind-ok.yaml'), '--upstream', upstream.url, '--host', '0.0.0.0'],
      { env: env(file('bind-ok.jsonl')), timeoutMs: 60_000 },
    );
    try {
      const url = `https://127.0.0.1:${portOf(p)}/mcp`;
      const o = { ca: serverCa.cert, identity: agentA };
      expect(await postInitialize(url, o)).toMatchObject({ status: 200 });
      expect(await postInitialize(url, { ...o, host: 'evil.example' })).toMatchObject({
        status: 403,
      });
    } finally {
      await p.stop();
    }
  });

  it('exits 1 naming the setting when a TLS file is missing or the pair does not match', async () => {
    fs.writeFileSync(
      file('missing.yaml'),
      policy({ clientAuth: 'required' }).replace(file('server.key'), file('absent.key')),
    );
    const r = await runCli(
      ['proxy', '--policy', file('missing.yaml'), '--upstream', upstream.url],
      {
        env: env(file('missing.jsonl')),
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('server.tls.key_file: cannot read');

    fs.writeFileSync(file('other.key'), ops.key);
    fs.writeFileSync(
      file('mismatch.yaml'),
      policy({ clientAuth: 'required' }).replace(file('server.key'), file('other.key')),
    );
    const m = await runCli(
      ['proxy', '--policy', file('mismatch.yaml'), '--upstream', upstream.url],
      {
        env: env(file('mismatch.jsonl')),
      },
    );
    expect(m.code).toBe(1);
    expect(m.stderr).toContain('server.tls: certificate, key or client CA unusable');
  });

  it('refuses auth.client_certificates without a client CA', async () => {
    const text = policy({ clientAuth: 'required' }).replace(/ {4}client_ca_file: .*\n/, '');
    fs.writeFileSync(file('noca.yaml'), text);
    const r = await runCli(['proxy', '--policy', file('noca.yaml'), '--upstream', upstream.url], {
      env: env(file('noca.jsonl')),
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('auth.client_certificates: needs server.tls with client_ca_file');
  });
});

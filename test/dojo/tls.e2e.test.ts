/**
 * https to DefectDojo: an untrusted certificate is a clear TLS error (never silently accepted),
 * and DEFECTDOJO_CA_FILE makes a private CA trusted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DojoClient, createDojoAgent } from '../../src/dojo/client.js';
import { loadClientConfig } from '../../src/dojo/config.js';
import { DojoUnreachableError } from '../../src/dojo/errors.js';

let dir: string;
let server: https.Server;
let url: string;
let seenAuth: string[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  seenAuth = [];
  server = https.createServer(
    {
      key: readFileSync(path.join(dir, 'key.pem')),
      cert: readFileSync(path.join(dir, 'cert.pem')),
    },
    (req, res) => {
      seenAuth.push(req.headers.authorization ?? '');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ user: { username: 'tls' } }));
    },
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});

function client(env: Record<string, string>): DojoClient {
  const cfg = loadClientConfig(
    { DEFECTDOJO_URL: url, DEFECTDOJO_API_KEY: 'tls-key', DEFECTDOJO_MAX_RETRIES: '0', ...env },
    { requireCredentials: true },
  );
  return new DojoClient(cfg, createDojoAgent(cfg));
}

describe('TLS to DefectDojo', () => {
  it('refuses a certificate it does not trust, before sending the key', async () => {
    const err = await client({})
      .get('user_profile/')
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DojoUnreachableError);
    expect((err as Error).message).toMatch(/TLS|certificate/);
    expect(seenAuth).toEqual([]);
  });

  it('trusts a private CA given in DEFECTDOJO_CA_FILE', async () => {
    const r = await client({ DEFECTDOJO_CA_FILE: path.join(dir, 'cert.pem') }).get<{
      user: { username: string };
    }>('user_profile/');
    expect(r.user.username).toBe('tls');
    expect(seenAuth).toEqual(['Token tls-key']);
  });
});

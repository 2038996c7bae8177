/**
 * Test certificates made at test time: a CA and leaf certificates it signs (server or client).
 * Keys come from node:crypto (fast, native); node-forge builds and signs the X.509 structures,
 * which node:crypto cannot.
 */
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import forge from 'node-forge';

export interface Issued {
  cert: string;
  key: string;
  /** SHA-256 fingerprint as `AB:CD:…` (what `openssl x509 -fingerprint -sha256` prints). */
  fingerprint: string;
}

export interface TestCa extends Issued {
  issue(opts: LeafOptions): Issued;
}

export interface LeafOptions {
  cn: string;
  /** `DNS:x`, `IP:127.0.0.1`, `URI:spiffe://…`, `email:a@b`. */
  sans?: string[];
  usage: 'server' | 'client';
  /** Defaults to valid from an hour ago for a day. */
  notBefore?: Date;
  notAfter?: Date;
}

let serial = 1;

function rsaKey(): {
  publicKey: forge.pki.PublicKey;
  privateKey: forge.pki.rsa.PrivateKey;
  pem: string;
} {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const priv = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return {
    privateKey: priv,
    publicKey: forge.pki.setRsaPublicKey(priv.n, priv.e),
    pem: privateKey,
  };
}

const altName = (s: string): Record<string, unknown> => {
  const cut = s.indexOf(':');
  const type = s.slice(0, cut);
  const value = s.slice(cut + 1);
  if (type === 'DNS') return { type: 2, value };
  if (type === 'URI') return { type: 6, value };
  if (type === 'email') return { type: 1, value };
  if (type === 'IP') return { type: 7, ip: value };
  throw new Error(`unsupported SAN ${s}`);
};

function build(
  subjectCn: string,
  pub: forge.pki.PublicKey,
  issuer: { cn: string; key: forge.pki.rsa.PrivateKey },
  extensions: unknown[],
  notBefore: Date,
  notAfter: Date,
): string {
  const c = forge.pki.createCertificate();
  c.publicKey = pub;
  // DER integers are minimal: a leading 1 nibble keeps the first byte non-zero and positive.
  c.serialNumber = `1${(serial++).toString(16).padStart(7, '0')}`;
  c.validity.notBefore = notBefore;
  c.validity.notAfter = notAfter;
  c.setSubject([{ name: 'commonName', value: subjectCn }]);
  c.setIssuer([{ name: 'commonName', value: issuer.cn }]);
  c.setExtensions(extensions as never);
  c.sign(issuer.key, forge.md.sha256.create());
  return forge.pki.certificateToPem(c);
}

const fingerprintOf = (pem: string): string => new X509Certificate(pem).fingerprint256;

/**
 * Makes a CA.
 * @example const ca = makeCa('test-ca'); const srv = ca.issue({ cn: 'localhost', usage: 'server', sans: ['DNS:localhost','IP:127.0.0.1'] });
 */
export function makeCa(cn: string): TestCa {
  const k = rsaKey();
  const now = Date.now();
  const cert = build(
    cn,
    k.publicKey,
    { cn, key: k.privateKey },
    [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
      { name: 'subjectKeyIdentifier' },
    ],
    new Date(now - 3600_000),
    new Date(now + 10 * 86400_000),
  );
  return {
    cert,
    key: k.pem,
    fingerprint: fingerprintOf(cert),
    issue(opts: LeafOptions): Issued {
      const leaf = rsaKey();
      const pem = build(
        opts.cn,
        leaf.publicKey,
        { cn, key: k.privateKey },
        [
          { name: 'basicConstraints', cA: false },
          { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
          {
            name: 'extKeyUsage',
            serverAuth: opts.usage === 'server',
            clientAuth: opts.usage === 'client',
          },
          ...(opts.sans?.length
            ? [{ name: 'subjectAltName', altNames: opts.sans.map(altName) }]
            : []),
        ],
        opts.notBefore ?? new Date(Date.now() - 3600_000),
        opts.notAfter ?? new Date(Date.now() + 86400_000),
      );
      return { cert: pem, key: leaf.pem, fingerprint: fingerprintOf(pem) };
    },
  };
}

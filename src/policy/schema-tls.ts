/**
 * `server.tls` (HTTPS on the listener, for the cross-host case) and `auth.client_certificates`
 * (client certificates mapped to principals the way tokens are). The listener itself lives in
 * src/proxy/tls.ts, the mapping in src/guards/authn-cert.ts.
 */
import { z } from 'zod';

const roleName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'role names are [A-Za-z0-9_.-]{1,64}');

export const ServerTlsSchema = z
  .object({
    cert_file: z
      .string()
      .min(1)
      .describe(
        'PEM certificate chain of the listener (leaf first). Re-read when the file changes: new ' +
          'connections get the new certificate, connections already open keep theirs.',
      ),
    key_file: z
      .string()
      .min(1)
      .describe(
        'PEM private key of cert_file. Re-read with it; a pair that does not match (one file ' +
          'written, the other not yet) keeps the previous pair until both agree.',
      ),
    client_ca_file: z
      .string()
      .min(1)
      .optional()
      .describe(
        'PEM bundle of the CAs that issue client certificates. Absent: no client certificates are ' +
          'requested. Re-read with the pair.',
      ),
    client_auth: z
      .enum(['required', 'optional'])
      .default('required')
      .describe(
        'With client_ca_file: `required` (default) refuses the TLS handshake of a client without a ' +
          'certificate from client_ca_file; `optional` also lets clients without one connect (they ' +
          'then need a token). An untrusted certificate is never used as a credential.',
      ),
    min_version: z
      .enum(['TLSv1.2', 'TLSv1.3'])
      .default('TLSv1.2')
      .describe(
        'Lowest TLS version accepted (default TLSv1.2). TLS 1.2 is limited to ECDHE key exchange ' +
          'with AEAD ciphers (AES-GCM, ChaCha20-Poly1305): no CBC, RC4, 3DES, static RSA or SHA-1 MACs.',
      ),
  })
  .strict()
  .describe(
    'Serve HTTPS instead of HTTP. Absent: plain HTTP (fine on loopback or behind a TLS-terminating ' +
      'proxy). Changing these settings needs a restart; rotating the files does not.',
  );

/** The certificate fields a mapping may match on; exactly one per entry. */
export const CLIENT_CERT_SELECTORS = [
  'sha256',
  'subject_cn',
  'san_dns',
  'san_uri',
  'san_email',
] as const;

export const ClientCertificateSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.@:-]{1,128}$/)
      .describe('Principal id recorded in audit records (e.g. `ci-importer`).'),
    role: roleName.describe('Role granted to this certificate (must exist in rbac.roles).'),
    sha256: z
      .string()
      .regex(
        /^(?:[0-9a-fA-F]{2}:){31}[0-9a-fA-F]{2}$|^[0-9a-fA-F]{64}$/,
        'sha256 must be 64 hex digits (colons between bytes allowed)',
      )
      .optional()
      .describe(
        'SHA-256 fingerprint of the DER certificate (`openssl x509 -noout -fingerprint -sha256`). ' +
          'Pins one certificate; compared in constant time.',
      ),
    subject_cn: z
      .string()
      .min(1)
      .optional()
      .describe('Exact subject common name. A certificate with several CNs never matches.'),
    san_dns: z
      .string()
      .min(1)
      .optional()
      .describe('Exact DNS subject alternative name (no wildcard expansion, case-insensitive).'),
    san_uri: z
      .string()
      .min(1)
      .optional()
      .describe('Exact URI subject alternative name, e.g. a SPIFFE id `spiffe://corp/agent`.'),
    san_email: z
      .string()
      .min(1)
      .optional()
      .describe('Exact e-mail subject alternative name (case-insensitive).'),
  })
  .strict()
  .refine((c) => CLIENT_CERT_SELECTORS.filter((k) => c[k] !== undefined).length === 1, {
    message: `exactly one of ${CLIENT_CERT_SELECTORS.join(', ')} is required`,
  });

export type ServerTls = z.infer<typeof ServerTlsSchema>;
export type ClientCertificateMapping = z.infer<typeof ClientCertificateSchema>;

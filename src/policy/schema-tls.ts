/**
 * `server.tls` (HTTPS on the listener, for the cross-host case). The listener itself lives in
 * src/proxy/tls.ts; `auth.client_certificates` is in src/guards/authn/schema.ts.
 */
import { z } from 'zod';

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

export type ServerTls = z.infer<typeof ServerTlsSchema>;

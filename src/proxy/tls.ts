/**
 * HTTPS on the listener (`server.tls`). Modern defaults: TLS 1.2 or later, and for TLS 1.2 only
 * ECDHE key exchange with AEAD ciphers (Mozilla's "intermediate" list): no CBC, RC4, 3DES, static
 * RSA key exchange or SHA-1 MACs; the server's cipher order wins; TLS 1.3 suites as OpenSSL ships.
 *
 * Rotation: the certificate, key and client CA files are polled (fs.watchFile stats the path, so
 * editors' rename-over and Kubernetes' `..data` symlink swap are both seen). When their bytes
 * change the new material is built into a complete secure context first; only then
 * `server.setSecureContext` swaps it, which affects new handshakes only: connections already open
 * keep the context they were made with. A broken or half-written pair (key and certificate that do
 * not match) keeps the previous context and is logged; the next change is tried again.
 */
import { createHash, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import type https from 'node:https';
import tls from 'node:tls';
import type { CompiledTls } from '../policy/compiled.js';
import { logger } from '../shared/logger.js';

/** TLS 1.2 suites: ECDHE + AEAD only. TLS 1.3 suites are listed first (all three are AEAD). */
export const TLS_CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'TLS_CHACHA20_POLY1305_SHA256',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
].join(':');

interface Material {
  cert: Buffer;
  key: Buffer;
  ca?: Buffer;
  digest: string;
}

/** Reads the files named by the policy; throws with the setting's name when one is unreadable. */
function readMaterial(cfg: CompiledTls): Material {
  const read = (file: string, setting: string): Buffer => {
    try {
      return fs.readFileSync(file);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? 'error';
      throw new Error(`server.tls.${setting}: cannot read ${file} (${code})`);
    }
  };
  const cert = read(cfg.certFile, 'cert_file');
  const key = read(cfg.keyFile, 'key_file');
  const ca = cfg.clientCaFile === undefined ? undefined : read(cfg.clientCaFile, 'client_ca_file');
  const h = createHash('sha256').update(cert).update('\0').update(key);
  if (ca) h.update('\0').update(ca);
  return { cert, key, ca, digest: h.digest('hex') };
}

/** Secure-context options for `material` (the same for the first context and every reload). */
function contextOptions(cfg: CompiledTls, m: Material): tls.SecureContextOptions {
  return {
    cert: m.cert,
    key: m.key,
    ...(m.ca && { ca: m.ca }),
    minVersion: cfg.minVersion,
    ciphers: TLS_CIPHERS,
    honorCipherOrder: true,
  };
}

/** Builds a context now, so a bad pair fails here (startup, or a reload that is then skipped). */
function checkedContext(cfg: CompiledTls, m: Material): tls.SecureContextOptions {
  const opts = contextOptions(cfg, m);
  try {
    tls.createSecureContext(opts);
  } catch (err) {
    const msg = err instanceof Error ? err.message : 'invalid';
    throw new Error(`server.tls: certificate, key or client CA unusable (${msg})`);
  }
  return opts;
}

/** Subject and expiry of the leaf certificate, for the log (never key material). */
function describeCert(m: Material): Record<string, string> {
  try {
    const x = new X509Certificate(m.cert);
    return {
      subject: x.subject.replace(/\n/g, ', '),
      validTo: x.validTo,
      sha256: x.fingerprint256,
    };
  } catch {
    return {};
  }
}

export interface TlsListener {
  /** Options for `https.createServer`. */
  readonly serverOptions: https.ServerOptions;
  /** Starts watching the files and swapping the context of `server` when they change. */
  watch(server: tls.Server, intervalMs?: number): void;
  /** Re-reads the files now; resolves true when a new context was installed. */
  reload(server: tls.Server): boolean;
  close(): void;
}

/**
 * Reads and checks the TLS material once (throws a clear error when it is unusable).
 * @example const t = createTlsListener(policy.server.tls); https.createServer(t.serverOptions, app)
 */
export function createTlsListener(cfg: CompiledTls): TlsListener {
  let current = readMaterial(cfg);
  const serverOptions: https.ServerOptions = {
    ...checkedContext(cfg, current),
    // Ask for a certificate only when there is a CA to verify it against. `rejectUnauthorized`
    // ends the handshake of a client without a trusted one; with `optional` the request goes on
    // and src/proxy/client-cert.ts ignores any unverified certificate.
    requestCert: cfg.clientCaFile !== undefined,
    rejectUnauthorized: cfg.clientCaFile !== undefined && cfg.clientAuth === 'required',
  };
  logger.info('tls certificate loaded', describeCert(current));
  const files = [cfg.certFile, cfg.keyFile, ...(cfg.clientCaFile ? [cfg.clientCaFile] : [])];
  let timer: NodeJS.Timeout | undefined;
  let watching = false;

  const reload = (server: tls.Server): boolean => {
    let next: Material;
    let opts: tls.SecureContextOptions;
    try {
      next = readMaterial(cfg);
      if (next.digest === current.digest) return false;
      opts = checkedContext(cfg, next);
    } catch (err) {
      logger.warn('tls reload skipped; previous certificate kept', {
        error: err instanceof Error ? err.message : 'unknown',
      });
      return false;
    }
    server.setSecureContext(opts);
    current = next;
    logger.info('tls certificate reloaded', describeCert(next));
    return true;
  };

  return {
    serverOptions,
    reload,
    watch(server, intervalMs = 1000) {
      watching = true;
      const changed = (): void => {
        // Debounced: certificate and key are usually replaced one after the other.
        clearTimeout(timer);
        timer = setTimeout(() => void reload(server), 200);
        timer.unref();
      };
      for (const f of files) fs.watchFile(f, { interval: intervalMs, persistent: false }, changed);
    },
    close() {
      clearTimeout(timer);
      if (watching) for (const f of files) fs.unwatchFile(f);
    },
  };
}

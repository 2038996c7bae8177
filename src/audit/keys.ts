/**
 * Where the audit HMAC key comes from, and when running without one is allowed. The proxy CLI
 * calls `resolveAuditKey` with its bind host before it listens.
 */
import { randomBytes } from 'node:crypto';
import { ConfigError } from '../shared/errors.js';
import { isLoopbackHost } from '../shared/loopback.js';
import { deriveKeyId, keyFromText, type AuditKey } from './chain.js';

export interface ResolvedAuditKey {
  key: AuditKey;
  /** True when no key was configured and a random one is used: the trail is unverifiable later. */
  ephemeral: boolean;
  /** Lifecycle warnings the recorder writes at start (severity critical for a waived network bind). */
  warnings: { severity: 'warning' | 'critical'; detail: Record<string, unknown> }[];
}

/** Minimum key length accepted (bytes of UTF-8). */
export const MIN_KEY_BYTES = 16;

/**
 * Resolves the key: `hmac_key` from the policy (usually `${env:AUDIT_HMAC_KEY}`), else the
 * AUDIT_HMAC_KEY environment variable. Without a key: on a loopback bind an ephemeral key plus a
 * warning record; on a network bind a ConfigError unless `allowUnkeyedNetworkBind` (then an
 * ephemeral key plus a CRITICAL record).
 * @example resolveAuditKey({ bindHost: '0.0.0.0', env: process.env })
 */
export function resolveAuditKey(opts: {
  bindHost?: string;
  hmacKey?: string;
  keyId?: string;
  allowUnkeyedNetworkBind?: boolean;
  env?: NodeJS.ProcessEnv;
}): ResolvedAuditKey {
  const env = opts.env ?? process.env;
  const text = opts.hmacKey && opts.hmacKey.length > 0 ? opts.hmacKey : env.AUDIT_HMAC_KEY;
  if (text && text.length > 0) {
    if (Buffer.byteLength(text, 'utf8') < MIN_KEY_BYTES) {
      throw new ConfigError(`audit HMAC key is shorter than ${MIN_KEY_BYTES} bytes`);
    }
    return { key: keyFromText(text, opts.keyId), ephemeral: false, warnings: [] };
  }
  const network = opts.bindHost !== undefined && !isLoopbackHost(opts.bindHost);
  if (network && !opts.allowUnkeyedNetworkBind) {
    throw new ConfigError(
      'AUDIT_HMAC_KEY is required on a non-loopback bind (or set audit.allow_unkeyed_network_bind)',
    );
  }
  const secret = randomBytes(32);
  return {
    key: { id: 'ephemeral-' + deriveKeyId(secret).slice(2), secret },
    ephemeral: true,
    warnings: [
      {
        severity: network ? 'critical' : 'warning',
        detail: {
          problem: 'no_audit_hmac_key',
          bindHost: opts.bindHost ?? null,
          waived: network,
          effect: 'records are chained with a random key and cannot be verified later',
        },
      },
    ],
  };
}

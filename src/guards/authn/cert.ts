/**
 * Client certificates mapped to principals (`auth.client_certificates`). The TLS layer has already
 * verified the chain against `server.tls.client_ca_file` (src/proxy/tls.ts); only a verified
 * certificate reaches this table (src/proxy/client-cert.ts). Matching is exact, never by wildcard:
 * a CA that issues `*.corp` must not thereby mint every `x.corp` principal.
 *
 * Every entry is evaluated, without an early exit, and fingerprints are compared with
 * crypto.timingSafeEqual. Entries that match but name different principals make the certificate
 * ambiguous: it is refused rather than resolved by order.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../../core/principal.js';
import type { ClientCertificateMapping } from './schema.js';

/** What the proxy read from a verified peer certificate. */
export interface ClientCertificateFacts {
  /** SHA-256 of the DER certificate, 32 bytes. */
  sha256: Buffer;
  /** Subject CNs (usually one). */
  subjectCn: readonly string[];
  sanDns: readonly string[];
  sanUri: readonly string[];
  sanEmail: readonly string[];
}

export type CertLookup =
  | { ok: true; principal: Principal }
  | {
      ok: false;
      reason: 'certificate not mapped to a principal' | 'certificate matches several principals';
    };

export interface ClientCertTable {
  readonly size: number;
  lookup(cert: ClientCertificateFacts): CertLookup;
}

interface Entry {
  id: string;
  role: string;
  matches(cert: ClientCertificateFacts): boolean;
}

const fingerprintBytes = (hex: string): Buffer => Buffer.from(hex.replace(/:/g, ''), 'hex');

const lower = (s: string): string => s.toLowerCase();

function entryOf(m: ClientCertificateMapping): Entry['matches'] {
  if (m.sha256 !== undefined) {
    const want = fingerprintBytes(m.sha256);
    return (c) => c.sha256.length === want.length && timingSafeEqual(c.sha256, want);
  }
  // Exactly one selector is set (schema refine); keep this order in step with CLIENT_CERT_SELECTORS.
  if (m.subject_cn !== undefined) {
    const want = m.subject_cn;
    return (c) => c.subjectCn.length === 1 && c.subjectCn[0] === want;
  }
  if (m.san_dns !== undefined) {
    const want = lower(m.san_dns);
    return (c) => c.sanDns.some((v) => lower(v) === want);
  }
  if (m.san_uri !== undefined) {
    const want = m.san_uri;
    return (c) => c.sanUri.includes(want);
  }
  const want = lower(m.san_email ?? '');
  return (c) => c.sanEmail.some((v) => lower(v) === want);
}

/**
 * Builds the table; unknown roles are returned as errors (the loader reports them all).
 * @example buildClientCertTable(auth.client_certificates, roles).table.lookup(facts)
 */
export function buildClientCertTable(
  mappings: readonly ClientCertificateMapping[],
  roles: ReadonlySet<string>,
): { table: ClientCertTable; errors: string[] } {
  const errors: string[] = [];
  const entries: Entry[] = mappings.map((m, i) => {
    if (!roles.has(m.role))
      errors.push(`auth.client_certificates.${i}.role: unknown role ${m.role}`);
    return { id: m.id, role: m.role, matches: entryOf(m) };
  });
  const frozen = Object.freeze(entries);
  return {
    errors,
    table: {
      size: frozen.length,
      lookup(cert: ClientCertificateFacts): CertLookup {
        let found: Entry | undefined;
        let ambiguous = false;
        for (const e of frozen) {
          // No early exit: every entry is evaluated whatever matched before it.
          if (!e.matches(cert)) continue;
          if (found === undefined) found = e;
          else if (found.id !== e.id || found.role !== e.role) ambiguous = true;
        }
        if (ambiguous) return { ok: false, reason: 'certificate matches several principals' };
        if (!found) return { ok: false, reason: 'certificate not mapped to a principal' };
        return {
          ok: true,
          principal: { id: found.id, role: found.role, authMethod: 'client_certificate' },
        };
      },
    },
  };
}

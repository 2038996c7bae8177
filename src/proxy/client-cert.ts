/**
 * What authentication sees of an HTTP request: the headers, the remote address and, on an HTTPS
 * listener, the client certificate, but only when the TLS layer verified it against
 * `server.tls.client_ca_file` (`socket.authorized`). With `client_auth: optional` an unverified
 * certificate can reach the socket; it is dropped here, so it can never act as a credential.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { ClientCertificateFacts } from '../guards/authn/cert.js';
import type { AuthRequest } from '../guards/authn/authenticator.js';

/**
 * Splits Node's `subjectaltname` string (`DNS:a, URI:spiffe://x, email:b@c`). Since Node 17.3
 * (CVE-2021-44532) a value that contains a comma, quote or other special character is written as a
 * JSON string (`DNS:"a, b"`), so splitting on `, ` outside quotes is unambiguous.
 * @example parseSubjectAltName('DNS:a.corp, URI:spiffe://corp/x') // [['DNS','a.corp'],['URI','spiffe://corp/x']]
 */
export function parseSubjectAltName(text: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let i = 0;
  while (i < text.length) {
    const colon = text.indexOf(':', i);
    if (colon < 0) break;
    const type = text.slice(i, colon);
    let j = colon + 1;
    let value: string;
    if (text[j] === '"') {
      let k = j + 1;
      while (k < text.length && text[k] !== '"') k += text[k] === '\\' ? 2 : 1;
      try {
        value = JSON.parse(text.slice(j, k + 1)) as string;
      } catch {
        return []; // A string Node never writes: trust none of it.
      }
      j = k + 1;
    } else {
      const end = text.indexOf(', ', j);
      j = end < 0 ? text.length : end;
      value = text.slice(colon + 1, j);
    }
    out.push([type, value]);
    if (text.startsWith(', ', j)) j += 2;
    i = j;
  }
  return out;
}

/** Facts of the verified peer certificate of `socket`, or undefined when there is none. */
export function verifiedClientCertificate(socket: unknown): ClientCertificateFacts | undefined {
  const tls = socket as Partial<TLSSocket> | undefined;
  if (!tls || tls.encrypted !== true || tls.authorized !== true) return undefined;
  const cert = tls.getPeerCertificate?.();
  if (!cert || !cert.raw) return undefined;
  const cn = cert.subject?.CN as string | string[] | undefined;
  const san = cert.subjectaltname ? parseSubjectAltName(cert.subjectaltname) : [];
  const of = (t: string): string[] => san.filter(([k]) => k === t).map(([, v]) => v);
  return {
    sha256: createHash('sha256').update(cert.raw).digest(),
    subjectCn: cn === undefined ? [] : Array.isArray(cn) ? cn : [cn],
    sanDns: of('DNS'),
    sanUri: of('URI'),
    sanEmail: of('email'),
  };
}

/** The authentication input of one request (every caller of `policy.authenticate` uses this). */
export function authRequestOf(req: IncomingMessage): AuthRequest {
  const clientCertificate = verifiedClientCertificate(req.socket);
  return {
    headers: req.headers,
    remoteAddress: req.socket.remoteAddress,
    ...(clientCertificate && { clientCertificate }),
  };
}

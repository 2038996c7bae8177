/**
 * RFC 9728 protected-resource metadata, per request. With `--port 0` (or any policy that does not
 * set `auth.resource_metadata.resource`) the static document names the configured port (`:0`);
 * the per-request one names the `Host` the client actually used (already validated against the
 * allow-list), so it agrees with the `resource_metadata` URL in the 401 `WWW-Authenticate`.
 */
import type { Request } from 'express';
import type { CompiledPolicy } from '../policy/compiled.js';

const WELL_KNOWN = '/.well-known/oauth-protected-resource';

/** The metadata document for this request (falls back to the static one). */
export function resourceMetadata(
  policy: CompiledPolicy,
  req: Pick<Request, 'headers' | 'socket'>,
): Readonly<Record<string, unknown>> {
  if (!policy.resourceMetadataFor) return policy.protectedResourceMetadata;
  return policy.resourceMetadataFor({
    headers: req.headers,
    remoteAddress: req.socket.remoteAddress,
  });
}

/**
 * True when `path` is the bare well-known URL or the one carrying the resource's own path
 * (RFC 9728 §3.1: `/.well-known/oauth-protected-resource` + path of the resource identifier).
 */
export function metadataPathMatches(path: string, doc: Readonly<Record<string, unknown>>): boolean {
  if (path === WELL_KNOWN) return true;
  const resource = doc.resource;
  if (typeof resource !== 'string') return false;
  let resourcePath: string;
  try {
    resourcePath = new URL(resource).pathname;
  } catch {
    return false;
  }
  if (resourcePath === '/') return false;
  return path === `${WELL_KNOWN}${resourcePath}`;
}

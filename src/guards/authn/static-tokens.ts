/**
 * Static bearer tokens: from the policy (as SHA-256) and from env bindings in the peer's format
 * `MCP_ROLE_<NAME>=<token>:<role>`. Lookup hashes the presented token once and compares it with
 * every entry using crypto.timingSafeEqual, without an early exit, so timing reveals neither the
 * token nor which entry matched.
 */
import { timingSafeEqual } from 'node:crypto';
import { sha256BytesOf } from '../../shared/sha256.js';
import type { Principal } from '../../core/principal.js';
import type { AuthPolicy } from './schema.js';

interface TokenEntry {
  digest: Buffer;
  id: string;
  role: string;
  method: 'static_token' | 'env_token';
}

/** A constant-time token table. */
export interface StaticTokenTable {
  readonly size: number;
  lookup(token: string): Principal | undefined;
}

export function sha256(token: string): Buffer {
  return sha256BytesOf(token);
}

/**
 * Builds the table from `auth.tokens` and (when enabled) env bindings. Throws on duplicate ids or
 * unknown roles; collects warnings for skipped env bindings (never their values).
 * @example buildStaticTokens(auth, process.env, new Set(['reader'])).table.lookup(token)
 */
export function buildStaticTokens(
  auth: AuthPolicy,
  env: NodeJS.ProcessEnv,
  roles: ReadonlySet<string>,
): { table: StaticTokenTable; warnings: string[]; errors: string[] } {
  const entries: TokenEntry[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const ids = new Set<string>();
  auth.tokens.forEach((t, i) => {
    if (ids.has(t.id)) errors.push(`auth.tokens.${i}.id: duplicate id ${t.id}`);
    if (!roles.has(t.role)) errors.push(`auth.tokens.${i}.role: unknown role ${t.role}`);
    ids.add(t.id);
    entries.push({
      digest: Buffer.from(t.sha256.toLowerCase(), 'hex'),
      id: t.id,
      role: t.role,
      method: 'static_token',
    });
  });
  if (auth.env_bindings?.enabled) {
    const prefix = auth.env_bindings.prefix;
    let seen = 0;
    let usable = 0;
    for (const key of Object.keys(env).sort()) {
      if (!key.startsWith(prefix) || key.length === prefix.length) continue;
      seen++;
      const raw = env[key] ?? '';
      const cut = raw.lastIndexOf(':');
      const token = cut < 0 ? '' : raw.slice(0, cut);
      const role = cut < 0 ? '' : raw.slice(cut + 1);
      const id = key.slice(prefix.length).toLowerCase();
      if (!token || !role) {
        warnings.push(`${key}: expected <token>:<role>; binding skipped`);
        continue;
      }
      if (!roles.has(role)) {
        warnings.push(`${key}: unknown role ${role}; binding skipped`);
        continue;
      }
      if (token.length < 16) warnings.push(`${key}: token shorter than 16 characters`);
      if (ids.has(id)) {
        errors.push(`${key}: principal id ${id} is already bound`);
        continue;
      }
      ids.add(id);
      usable++;
      entries.push({ digest: sha256(token), id, role, method: 'env_token' });
    }
    // Peer DEC-021: bindings that exist but all fail to parse must not leave the proxy open.
    if (seen > 0 && usable === 0)
      errors.push(`auth.env_bindings: ${seen} ${prefix}* variables, none usable`);
  }
  const frozen = Object.freeze(entries);
  return {
    warnings,
    errors,
    table: {
      size: frozen.length,
      lookup(token: string): Principal | undefined {
        const digest = sha256(token);
        let found: TokenEntry | undefined;
        for (const e of frozen) {
          // No early exit: every entry is compared.
          if (timingSafeEqual(e.digest, digest) && found === undefined) found = e;
        }
        return found && { id: found.id, role: found.role, authMethod: found.method };
      },
    },
  };
}

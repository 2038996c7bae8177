/**
 * `auth` section: how the proxy authenticates its clients (it is the OAuth resource server toward
 * them, mcp-protocol.md §3.2). Every request is authenticated, sessions are never credentials.
 */
import { z } from 'zod';

/** Asymmetric JWS algorithms only: no shared secrets in policy files, never `none`. */
export const JWT_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

const roleName = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, 'role names are [A-Za-z0-9_.-]{1,64}');

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

export const StaticTokenSchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9_.@:-]{1,128}$/)
      .describe('Principal id recorded in audit records (e.g. `ci-importer`). Unique.'),
    role: roleName.describe('Role granted to this token (must exist in rbac.roles).'),
    sha256: z
      .string()
      .regex(/^[0-9a-fA-F]{64}$/, 'sha256 must be 64 hex digits')
      .describe(
        'Hex SHA-256 of the bearer token (`printf %s "$TOKEN" | sha256sum`). The token itself never ' +
          'appears in the policy. Compared in constant time.',
      ),
  })
  .strict();

export const EnvBindingsSchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Read bindings from the environment (default true when the section is present).'),
    prefix: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .default('MCP_ROLE_')
      .describe(
        "Environment variable prefix. `MCP_ROLE_<NAME>=<token>:<role>` (the peer's format): split on " +
          'the last colon; principal id = `<name>` lower-cased. Malformed entries or unknown roles are ' +
          'skipped with a warning; if variables exist but none is usable, loading fails.',
      ),
  })
  .strict();

export const JwtAuthSchema = z
  .object({
    jwks_url: z
      .string()
      .url()
      .optional()
      .describe(
        'JWKS endpoint (https, or http on loopback only). Keys are cached; an unknown `kid` triggers a refetch (rotation).',
      ),
    jwks_cooldown_seconds: z
      .number()
      .min(0)
      .max(3600)
      .default(30)
      .describe('Minimum time between JWKS refetches caused by unknown `kid`s (default 30 s).'),
    jwks_cache_seconds: z
      .number()
      .min(0)
      .max(86400)
      .default(600)
      .describe('Maximum age of the cached JWKS (default 600 s).'),
    public_key: z
      .string()
      .optional()
      .describe(
        'Static PEM public key (SPKI). Exactly one of jwks_url and public_key is required.',
      ),
    issuer: z.string().min(1).describe('Required `iss` value (exact match).'),
    audience: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .describe(
        "Accepted `aud` value(s): the proxy's own resource URI (RFC 8707). Tokens for other audiences are rejected.",
      ),
    algorithms: z
      .array(z.enum(JWT_ALGORITHMS))
      .min(1)
      .describe('Allow-list of `alg` values. Symmetric algorithms and `none` are not accepted.'),
    clock_skew_seconds: z
      .number()
      .int()
      .min(0)
      .max(300)
      .default(30)
      .describe('Tolerance for exp/nbf/iat (default 30 s).'),
    principal_claim: z
      .string()
      .min(1)
      .default('sub')
      .describe('Claim used as principal id (default `sub`).'),
    role_claim: z
      .string()
      .min(1)
      .default('role')
      .describe(
        'Claim holding the role(s): a string or an array of strings; dotted path for nested claims (default `role`).',
      ),
    role_map: z
      .record(z.string(), roleName)
      .optional()
      .describe(
        'Claim value → role. Absent: the claim value must itself be a role name. With several claim ' +
          'values, the first entry of role_map (policy order) that matches wins.',
      ),
    default_role: roleName
      .optional()
      .describe('Role for valid tokens without a mapped role. Absent: such tokens are rejected.'),
  })
  .strict()
  .refine((j) => (j.jwks_url === undefined) !== (j.public_key === undefined), {
    message: 'exactly one of jwks_url and public_key is required',
  });

export const ResourceMetadataSchema = z
  .object({
    resource: z
      .string()
      .url()
      .optional()
      .describe(
        "Canonical URI of this proxy's MCP endpoint (RFC 9728 `resource`). Absent: http://<host>:<port><path>.",
      ),
    authorization_servers: z
      .array(z.string().url())
      .optional()
      .describe('RFC 9728 `authorization_servers`. Absent: [jwt.issuer] when JWT is configured.'),
    scopes_supported: z.array(z.string()).optional().describe('RFC 9728 `scopes_supported`.'),
    resource_name: z
      .string()
      .optional()
      .describe('Human-readable name (RFC 9728 `resource_name`).'),
    resource_documentation: z
      .string()
      .url()
      .optional()
      .describe('RFC 9728 `resource_documentation`.'),
  })
  .strict();

export const AuthPolicySchema = z
  .object({
    allow_anonymous: z
      .boolean()
      .default(false)
      .describe(
        'Accept requests without credentials as principal `anonymous` with anonymous_role. ' +
          'Default false. A request that presents a bad token is rejected even when true.',
      ),
    anonymous_role: roleName
      .optional()
      .describe('Role of anonymous callers. Required when allow_anonymous is true.'),
    tokens: z
      .array(StaticTokenSchema)
      .default([])
      .describe('Static bearer tokens, stored as SHA-256.'),
    env_bindings: EnvBindingsSchema.optional().describe(
      'Tokens from environment variables. Absent: not read.',
    ),
    jwt: JwtAuthSchema.optional().describe('JWT bearer tokens. Absent: JWTs are not accepted.'),
    client_certificates: z
      .array(ClientCertificateSchema)
      .default([])
      .describe(
        'Client certificates (verified against server.tls.client_ca_file) mapped to principals. ' +
          'Used when a request carries no Authorization header; a verified certificate that maps to ' +
          'no entry, or to entries of different principals, is refused (401), never anonymous.',
      ),
    resource_metadata: ResourceMetadataSchema.default({}).describe(
      'OAuth protected-resource metadata (RFC 9728).',
    ),
  })
  .strict()
  .describe(
    'Client authentication. Absent or without any method (tokens, env_bindings, jwt, ' +
      'client_certificates): loading fails unless allow_anonymous is ' +
      'true (the proxy never runs open by accident).',
  );

export type AuthPolicy = z.infer<typeof AuthPolicySchema>;
export type JwtAuth = z.infer<typeof JwtAuthSchema>;
export type ClientCertificateMapping = z.infer<typeof ClientCertificateSchema>;

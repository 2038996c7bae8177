/** Who is calling, as established by the proxy's own authentication (never client-claimed). */
export interface Principal {
  /** Stable id, e.g. token binding id or JWT `sub`. */
  id: string;
  /** Effective role (after claim mapping). */
  role: string;
  authMethod: 'static_token' | 'env_token' | 'jwt' | 'client_certificate' | 'anonymous';
  /** Extra, already-verified attributes (e.g. selected JWT claims) for audit. */
  attributes?: Record<string, string>;
}

/**
 * The demo's bearer tokens. DEMO ONLY: they are public (printed, and written in policies/demo.yaml,
 * which holds their SHA-256). Deterministic so a README, a test and a client config can name them.
 */
export const DEMO_ROLES = ['reader', 'scanner', 'writer', 'admin', 'team'] as const;
export type DemoRole = (typeof DEMO_ROLES)[number];

/**
 * Token of one demo role.
 * @example demoToken('reader') // 'demo-only-reader-token-do-not-use-in-production'
 */
export function demoToken(role: DemoRole): string {
  return `demo-only-${role}-token-do-not-use-in-production`;
}

/** The sandbox finding planted as a tripwire in policies/demo.yaml. */
export const DEMO_DECOY_FINDING = 613;

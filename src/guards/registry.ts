/**
 * Builds the guard chain from a validated policy (STYLE.md §3: factories validate and precompute
 * once per policy; guard instances hold no per-request state). Order matters: request hooks run
 * top to bottom, response hooks bottom to top (Envoy's encoder order).
 *
 * Each feature adds one line here; keep this file to wiring.
 */
import type { Guard } from './guard.js';
import type { PolicyFile } from '../policy/schema.js';
import type { StateStore } from '../state/store.js';
import type { AuditRecorder } from '../audit/recorder-api.js';
import { createReadTrackingGuard } from './read-tracking.js';
import { createTripwireGuard } from './tripwire.js';
import { createToolPinningGuard } from './tool-pinning.js';
import { createRbacGuard } from './rbac.js';
import { createServerRequestsGuard } from './server-requests.js';
import { createRateLimitGuard } from './rate-limit/rate-limit.js';
import { createInjectionGuard } from './injection/injection-filter.js';
import { createToolCatalogGuard } from './tool-catalog.js';
import type { ToolDefinitions } from './tool-definitions.js';
import { createArgumentValidationGuard } from './arguments/argument-validation.js';
import { createFindingFactsGuard } from './finding-facts/finding-facts.js';
import type { FactSource } from './finding-facts/upstream-source.js';
import type { CompiledUpstream } from '../policy/compiled.js';
import {
  createSecretArgsGuardFromPolicy,
  createSecretRedactGuardFromPolicy,
  createUntrustedWrapGuardFromPolicy,
} from './content/factories.js';

export interface GuardDeps {
  store: StateStore;
  recorder: AuditRecorder;
  /** True for tools that change DefectDojo (from the policy's tool classes). */
  isMutatingTool: (toolName: string) => boolean;
  /** The upstream's tool definitions (catalog, else the proxy's own tools/list). */
  toolDefinitions?: ToolDefinitions;
  /** The compiled upstream (the finding-facts guard looks findings up through it). */
  upstream?: CompiledUpstream;
  /** Replaces the upstream fact lookup (policy tests give facts per case). */
  factSource?: FactSource;
  now: () => number;
}

export type GuardFactory = (policy: PolicyFile, deps: GuardDeps) => Guard | undefined;

/**
 * Keep this order: identity-based decisions first (rbac), then cheap counters (rate limits), then
 * content inspection (injection), then state checks that need reads (read-before-mutation).
 */
export const GUARD_FACTORIES: GuardFactory[] = [
  createRbacGuard,
  // Server→client requests (sampling, elicitation, roots) by role; response phase only.
  createServerRequestsGuard,
  createRateLimitGuard,
  // Arguments against the upstream's advertised inputSchema (may fetch tools/list once).
  createArgumentValidationGuard,
  createInjectionGuard,
  // rbac, rate-limit, injection-filter, secret-args, read-tracking, untrusted-wrap, secret-redact
  createSecretArgsGuardFromPolicy,
  // Response hooks run bottom to top: secret-redact first, so markers end up inside envelopes.
  createUntrustedWrapGuardFromPolicy,
  createSecretRedactGuardFromPolicy,
  // After the cheap checks (a denied call costs no lookup). Its response hook runs before the
  // content guards', so an out-of-scope answer is replaced before wrapping.
  createFindingFactsGuard,
  // Last: its request check needs the store (after the cheap guards), and its response hook runs
  // first, so it reads finding ids from the upstream result before wrapping/redaction rewrite it.
  createReadTrackingGuard,
  // Tripwire near the end: its response hook must see finding ids in the raw upstream result
  // (before wrapping/redaction); a request denied earlier (e.g. by rbac) still trips via onDenied.
  createTripwireGuard,
  // After every rewriting guard, so its response hook runs before them: it must hash tools/list
  // definitions exactly as the upstream sent them, before rbac filters the list and untrusted-wrap
  // rewrites output schemas (only non-rewriting observers may follow it).
  // Its request hook runs after rbac, so a tool hidden from the caller stays `unknown_tool`.
  createToolPinningGuard,
  // Observes tools/list results (never changes them) so the injection filter knows the
  // upstream's real tool names; last, so it sees the list before RBAC filters it.
  createToolCatalogGuard,
];

export function buildGuards(policy: PolicyFile, deps: GuardDeps): Guard[] {
  return GUARD_FACTORIES.map((f) => f(policy, deps)).filter((g): g is Guard => g !== undefined);
}

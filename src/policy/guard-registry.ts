/**
 * Builds the guard chain from a validated policy (STYLE.md §3: factories validate and precompute
 * once per policy; guard instances hold no per-request state). Order matters: request hooks run
 * top to bottom, response hooks bottom to top (Envoy's encoder order).
 *
 * Each feature adds one line here; keep this file to wiring.
 */
import type { Guard } from '../core/guard.js';
import type { PolicyFile } from './schema.js';
import type { GuardDeps } from '../guards/deps.js';
import { createReadTrackingGuard } from '../guards/read-tracking/guard.js';
import { FINDINGS_TRACKING_DEFAULTS } from '../guards/read-tracking/schema.js';
import { createTripwireGuard } from '../guards/tripwire/guard.js';
import { createToolPinningGuard } from '../guards/tool-pinning/guard.js';
import { createRbacGuard } from '../guards/rbac/guard.js';
import { createServerRequestsGuard } from '../guards/server-requests/guard.js';
import { createRateLimitGuard } from '../guards/rate-limit/rate-limit.js';
import { createInjectionGuard } from '../guards/injection/injection-filter.js';
import { policyToolNames } from '../guards/injection/detect.js';
import { createResultsScanGuard } from '../guards/injection/results-scan.js';
import { createToolCatalogGuard } from '../guards/tool-catalog/guard.js';
import { createArgumentValidationGuard } from '../guards/arguments/argument-validation.js';
import { createApprovalGuard } from '../guards/approval/guard.js';
import { auditMaskOptions } from '../guards/content/mask.js';
import { createFindingFactsGuard } from '../guards/finding-facts/finding-facts.js';
import { createExternalDecisionGuard } from '../guards/external/guard.js';
import {
  createSecretArgsGuardFromPolicy,
  createSecretRedactGuardFromPolicy,
  createUntrustedWrapGuardFromPolicy,
} from '../guards/content/factories.js';

export type GuardFactory = (policy: PolicyFile, deps: GuardDeps) => Guard | undefined;

/**
 * Keep this order: identity-based decisions first (rbac), then cheap counters (rate limits), then
 * content inspection (injection), then state checks that need reads (read-before-mutation).
 */
export const GUARD_FACTORIES: GuardFactory[] = [
  (p, deps) => createRbacGuard(p.rbac, deps),
  // Server→client requests (sampling, elicitation, roots) by role; response phase only.
  (p, deps) => createServerRequestsGuard(p.rbac, deps),
  (p, deps) => createRateLimitGuard(p.rate_limits, deps, p.state?.reads_when_unavailable),
  // Arguments against the upstream's advertised inputSchema (may fetch tools/list once).
  (p, deps) => createArgumentValidationGuard(p.arguments, deps),
  (p, deps) => createInjectionGuard(p.injection, deps, policyToolNames(p)),
  // rbac, rate-limit, injection-filter, secret-args, read-tracking, untrusted-wrap, secret-redact
  (p) => createSecretArgsGuardFromPolicy(p.content),
  // Response hooks run bottom to top: secret-redact first, so markers end up inside envelopes.
  (p) => createUntrustedWrapGuardFromPolicy(p.content),
  // Read-side injection scan: after secret-redact (response order), before wrapping, so it
  // judges redacted text and its marker ends up inside the envelope.
  (p, deps) => createResultsScanGuard(p.injection, deps, policyToolNames(p)),
  (p) => createSecretRedactGuardFromPolicy(p.content),
  // After the cheap checks (a denied call costs no lookup). Its response hook runs before the
  // content guards', so an out-of-scope answer is replaced before wrapping.
  (p, deps) => createFindingFactsGuard(p.findings, p.rbac, deps),
  // rbac rules with `require: external:<name>`: after every rule decided here (a refused call is
  // never sent out), before approvals. The engine sees the arguments masked as in the audit trail.
  (p, deps) =>
    createExternalDecisionGuard(
      p.decision_points,
      p.rbac,
      deps,
      auditMaskOptions(p.audit),
      p.audit?.findings ?? FINDINGS_TRACKING_DEFAULTS,
    ),
  // After every stateless check and the finding-fact rules (nobody approves a call policy refuses anyway), before the
  // read-tracking state check. Approvers read the arguments masked as in the audit trail.
  (p, deps) => createApprovalGuard(p.approvals, deps, auditMaskOptions(p.audit)),
  // Last: its request check needs the store (after the cheap guards), and its response hook runs
  // first, so it reads finding ids from the upstream result before wrapping/redaction rewrite it.
  (p, deps) => createReadTrackingGuard(p.audit?.findings ?? FINDINGS_TRACKING_DEFAULTS, deps),
  // Tripwire near the end: its response hook must see finding ids in the raw upstream result
  // (before wrapping/redaction); a request denied earlier (e.g. by rbac) still trips via onDenied.
  (p, deps) => createTripwireGuard(p.tripwires, deps),
  // After every rewriting guard, so its response hook runs before them: it must hash tools/list
  // definitions exactly as the upstream sent them, before rbac filters the list and untrusted-wrap
  // rewrites output schemas (only non-rewriting observers may follow it).
  // Its request hook runs after rbac, so a tool hidden from the caller stays `unknown_tool`.
  (p, deps) => createToolPinningGuard(p.pinning, deps),
  // Observes tools/list results (never changes them) so the injection filter knows the
  // upstream's real tool names; last, so it sees the list before RBAC filters it.
  () => createToolCatalogGuard(),
];

export function buildGuards(policy: PolicyFile, deps: GuardDeps): Guard[] {
  return GUARD_FACTORIES.map((f) => f(policy, deps)).filter((g): g is Guard => g !== undefined);
}

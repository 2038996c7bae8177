/**
 * Builds the guard chain from a validated policy (STYLE.md §3: factories validate and precompute
 * once per policy; guard instances hold no per-request state). Order matters for request hooks
 * (top to bottom). The response phase is ordered by each guard's declared role instead
 * (`Guard.response`: observers, then transforms by `TRANSFORM_STEPS` in src/core/guard.ts).
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
import { policyTools, type PolicyTools } from '../guards/injection/detect.js';
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

/** One `policyTools` per policy (it compiles the RBAC roles): both injection guards share it. */
const toolsByPolicy = new WeakMap<PolicyFile, PolicyTools>();
function toolsOf(p: PolicyFile): PolicyTools {
  let tools = toolsByPolicy.get(p);
  if (!tools) toolsByPolicy.set(p, (tools = policyTools(p)));
  return tools;
}

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
  (p, deps) => createInjectionGuard(p.injection, deps, toolsOf(p)),
  // rbac, rate-limit, injection-filter, secret-args, read-tracking, untrusted-wrap, secret-redact
  (p) => createSecretArgsGuardFromPolicy(p.content),
  // Response transforms (wrap, read-side injection scan, redaction): order by TRANSFORM_STEPS.
  (p) => createUntrustedWrapGuardFromPolicy(p.content),
  (p, deps) => createResultsScanGuard(p.injection, deps, toolsOf(p)),
  (p) => createSecretRedactGuardFromPolicy(p.content),
  // After the cheap checks (a denied call costs no lookup). Its response step (`scope-rows`)
  // replaces an out-of-scope answer before the content transforms.
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
  // Last: its request check needs the store (after the cheap guards). Its response hook is an
  // observer: it reads finding ids from the upstream result as it came.
  (p, deps) => createReadTrackingGuard(p.audit?.findings ?? FINDINGS_TRACKING_DEFAULTS, deps),
  // Tripwire near the end; its response observer sees finding ids in the upstream result as it
  // came (observers run in reverse order, so before read-tracking records a read it refuses); a
  // request denied earlier (e.g. by rbac) still trips via onDenied.
  (p, deps) => createTripwireGuard(p.tripwires, deps),
  // Its request hook runs after rbac, so a tool hidden from the caller stays `unknown_tool`; its
  // response step (`pin-tools`) is the first transform, on definitions as the upstream sent them.
  (p, deps) => createToolPinningGuard(p.pinning, deps),
  // Observes tools/list results (never changes them) so the injection filter knows the
  // upstream's real tool names, as listed before pinning or RBAC filter them.
  () => createToolCatalogGuard(),
];

export function buildGuards(policy: PolicyFile, deps: GuardDeps): Guard[] {
  return GUARD_FACTORIES.map((f) => f(policy, deps)).filter((g): g is Guard => g !== undefined);
}

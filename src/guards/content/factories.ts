/**
 * Registry adapters for the content guards: each takes the whole policy file and reads the
 * `content` section (secure defaults in src/guards/content/schema.ts: absent means on).
 */
import type { PolicyFile } from '../../policy/schema.js';
import type { Guard } from '../../core/guard.js';
import { createSecretArgsGuard } from './secret-args.js';
import { createSecretRedactGuard } from './secret-redact.js';
import { createUntrustedWrapGuard } from './untrusted-wrap.js';

/** `secret-args` (request phase) from `content.reject_secrets_in_arguments`. */
export function createSecretArgsGuardFromPolicy(policy: PolicyFile): Guard | undefined {
  const content = policy.content;
  return createSecretArgsGuard(
    content?.reject_secrets_in_arguments ?? true,
    content?.redact?.patterns ?? [],
  );
}

/** `untrusted-wrap` (response phase) from `content.wrap`. */
export function createUntrustedWrapGuardFromPolicy(policy: PolicyFile): Guard | undefined {
  return createUntrustedWrapGuard(policy.content?.wrap);
}

/** `secret-redact` (response phase) from `content.redact` (absent: enabled). */
export function createSecretRedactGuardFromPolicy(policy: PolicyFile): Guard | undefined {
  return createSecretRedactGuard(policy.content?.redact);
}

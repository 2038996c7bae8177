/**
 * Registry adapters for the content guards: each takes the `content` section (secure defaults in
 * src/guards/content/schema.ts: absent means on).
 */
import type { ContentPolicy } from './schema.js';
import type { Guard } from '../../core/guard.js';
import { createSecretArgsGuard } from './secret-args.js';
import { createSecretRedactGuard } from './secret-redact.js';
import { createUntrustedWrapGuard } from './untrusted-wrap.js';

/** `secret-args` (request phase) from `content.reject_secrets_in_arguments`. */
export function createSecretArgsGuardFromPolicy(
  content: ContentPolicy | undefined,
): Guard | undefined {
  return createSecretArgsGuard(
    content?.reject_secrets_in_arguments ?? true,
    content?.redact?.patterns ?? [],
  );
}

/** `untrusted-wrap` (response phase) from `content.wrap`. */
export function createUntrustedWrapGuardFromPolicy(
  content: ContentPolicy | undefined,
): Guard | undefined {
  return createUntrustedWrapGuard(content?.wrap);
}

/** `secret-redact` (response phase) from `content.redact` (absent: enabled). */
export function createSecretRedactGuardFromPolicy(
  content: ContentPolicy | undefined,
): Guard | undefined {
  return createSecretRedactGuard(content?.redact);
}

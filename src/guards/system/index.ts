/**
 * The system guards, in the order they run (system-guard.ts says what makes a guard a system
 * guard). ADMISSION_GUARDS run once per HTTP exchange before the request chain (GET streams too);
 * SYSTEM_GUARDS run first in every request chain. Keep this order: a header that disagrees with
 * the body is refused before anything reads the body's `_meta`; fail-closed comes last, just
 * before the policy's guards, so it judges the message they will see.
 */
import { failClosedGuard } from './fail-closed.js';
import { metaNamespaceGuard } from './meta-namespace.js';
import { notificationLimitGuard } from './notification-limit.js';
import { paramHeadersGuard } from './param-headers.js';
import { streamLimitsGuard } from './stream-limits.js';
import type { AdmissionGuard, SystemGuard } from './system-guard.js';

export type {
  Admission,
  AdmissionGuard,
  AdmissionPort,
  AdmissionVerdict,
  SystemGuard,
  TransportCaps,
  TransportFacts,
} from './system-guard.js';

export const ADMISSION_GUARDS: readonly AdmissionGuard[] = [
  streamLimitsGuard,
  notificationLimitGuard,
];

export const SYSTEM_GUARDS: readonly SystemGuard[] = [
  paramHeadersGuard,
  metaNamespaceGuard,
  failClosedGuard,
];

/**
 * The system guards, in the order they run, first in every request chain (system-guard.ts says
 * what makes a guard a system guard). Keep this order: a header that disagrees with the body is
 * refused before anything reads the body's `_meta`; fail-closed comes last, just before the
 * policy's guards, so it judges the message they will see.
 */
import { failClosedGuard } from './fail-closed.js';
import { metaNamespaceGuard } from './meta-namespace.js';
import { paramHeadersGuard } from './param-headers.js';
import type { SystemGuard } from './system-guard.js';

export type { SystemGuard, TransportFacts } from './system-guard.js';

export const SYSTEM_GUARDS: readonly SystemGuard[] = [
  paramHeadersGuard,
  metaNamespaceGuard,
  failClosedGuard,
];

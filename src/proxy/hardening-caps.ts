/**
 * The policy caps added by the proxy hardening follow-ups (`server.caps`), with their defaults.
 */
import type { TransportCaps } from '../guards/system/index.js';
import type { CompiledPolicy } from '../policy/compiled.js';

/** Caps of the hardening follow-ups, resolved from a policy (the admission guards judge them). */
export type HardeningCaps = TransportCaps;

/** Defaults (mirror src/policy/schema-server.ts). */
export const DEFAULT_HARDENING_CAPS: Readonly<HardeningCaps> = Object.freeze({
  maxGetStreamsPerPrincipal: 8,
  maxGetStreams: 1024,
  maxSseStreamsPerPrincipal: 32,
  clientNotificationsPerMinute: 600,
});

/**
 * The hardening caps of a policy. Read from the validated source (defaults applied by zod); a
 * hand-built CompiledPolicy without them gets the same defaults.
 */
export function hardeningCaps(policy: CompiledPolicy): HardeningCaps {
  const caps = (policy.source as Partial<CompiledPolicy['source']> | undefined)?.server?.caps;
  return {
    maxGetStreamsPerPrincipal:
      caps?.max_get_streams_per_principal ?? DEFAULT_HARDENING_CAPS.maxGetStreamsPerPrincipal,
    maxGetStreams: caps?.max_get_streams ?? DEFAULT_HARDENING_CAPS.maxGetStreams,
    maxSseStreamsPerPrincipal:
      caps?.max_sse_streams_per_principal ?? DEFAULT_HARDENING_CAPS.maxSseStreamsPerPrincipal,
    clientNotificationsPerMinute:
      caps?.client_notifications_per_minute ?? DEFAULT_HARDENING_CAPS.clientNotificationsPerMinute,
  };
}

/**
 * `server.caps` / `server.metrics` → the resolved limits the proxy reads per request. The schema
 * (src/policy/schema-server.ts) is the one place that holds the defaults; SERVER_LIMIT_DEFAULTS
 * is what a policy without those sections gets (and what hand-built policies use).
 */
import type { ServerLimits } from './compiled.js';
import { ServerCapsSchema, ServerMetricsSchema } from './schema-server.js';
import type { PolicyFile } from './schema.js';

/**
 * The limits of a validated `server` section.
 * @example compileServerLimits(source.server).jsonCaps.maxMembers // 1000
 */
export function compileServerLimits(
  server: Pick<PolicyFile['server'], 'caps' | 'metrics'>,
): ServerLimits {
  const { caps, metrics } = server;
  return {
    jsonCaps: Object.freeze({
      maxMembers: caps.max_json_members,
      maxElements: caps.max_json_elements,
      maxValues: caps.max_json_values,
    }),
    transportCaps: Object.freeze({
      maxGetStreamsPerPrincipal: caps.max_get_streams_per_principal,
      maxGetStreams: caps.max_get_streams,
      maxSseStreamsPerPrincipal: caps.max_sse_streams_per_principal,
      clientNotificationsPerMinute: caps.client_notifications_per_minute,
    }),
    bodyTimeouts: Object.freeze({
      idleMs: caps.body_idle_timeout_ms,
      totalMs: caps.body_timeout_ms,
    }),
    metrics: Object.freeze({
      enabled: metrics.enabled,
      path: metrics.path,
      requireAuth: metrics.require_auth,
    }),
  };
}

/** The limits of a policy that sets none of them. */
export const SERVER_LIMIT_DEFAULTS: Readonly<ServerLimits> = Object.freeze(
  compileServerLimits({ caps: ServerCapsSchema.parse({}), metrics: ServerMetricsSchema.parse({}) }),
);

/**
 * Whether tracing is on, and with what settings: policy `observability.tracing` first, then the
 * standard OpenTelemetry environment variables. Kept apart from tracing-sdk.ts so that deciding
 * "off" loads nothing of the SDK.
 */
import type { PolicyFile } from '../policy/schema.js';
import type { TracingSettings } from './tracing-sdk.js';

/**
 * The settings, or undefined when tracing is off. Throws when it is on without an endpoint.
 * @example const s = tracingSettings(read.source, process.env, '1.2.3');
 */
export function tracingSettings(
  source: PolicyFile,
  env: NodeJS.ProcessEnv,
  serviceVersion: string,
): TracingSettings | undefined {
  const cfg = source.observability?.tracing;
  if (cfg?.enabled === false || env.OTEL_SDK_DISABLED === 'true') return undefined;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  const fromEnv =
    env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ||
    (base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined);
  if (!cfg && !fromEnv) return undefined;
  const endpoint = cfg?.endpoint ?? fromEnv;
  if (!endpoint) {
    throw new Error(
      'observability.tracing: no endpoint (set endpoint, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT)',
    );
  }
  return {
    endpoint,
    headers: { ...(cfg?.headers ?? {}) },
    sampleRatio: cfg?.sample_ratio ?? 1,
    parentBased: cfg?.parent_based ?? true,
    serviceName: cfg?.service_name ?? env.OTEL_SERVICE_NAME ?? 'dojo-guard',
    serviceVersion,
  };
}

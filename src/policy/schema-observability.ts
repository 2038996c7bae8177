/**
 * `observability` section: OpenTelemetry tracing (src/proxy/tracing.ts, src/proxy/tracing-sdk.ts).
 * Metrics live under `server.metrics`; log correlation needs no setting.
 */
import { z } from 'zod';

export const TracingPolicySchema = z
  .object({
    enabled: z
      .boolean()
      .default(true)
      .describe('Export traces (default true when the section is present).'),
    endpoint: z
      .string()
      .url()
      .optional()
      .describe(
        'OTLP/HTTP traces URL, e.g. http://otel-collector:4318/v1/traces. Absent: ' +
          '`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`, else `OTEL_EXPORTER_OTLP_ENDPOINT` + `/v1/traces`; ' +
          'with neither, loading fails.',
      ),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/), z.string())
      .default({})
      .describe('Headers sent to the collector, e.g. `Authorization: "Bearer ${env:OTLP_TOKEN}"`.'),
    sample_ratio: z
      .number()
      .min(0)
      .max(1)
      .default(1)
      .describe(
        'Share of requests traced when the client sent no sampling decision (default 1 = all). ' +
          'Requests that end denied or in error are always exported, whatever this says.',
      ),
    parent_based: z
      .boolean()
      .default(true)
      .describe(
        "Follow the sampled flag of the client's `traceparent` when there is one (default true).",
      ),
    service_name: z
      .string()
      .min(1)
      .default('dojo-guard')
      .describe('`service.name` of the exported spans (default dojo-guard).'),
  })
  .strict()
  .describe(
    'OpenTelemetry traces over OTLP/HTTP (JSON). Absent: off unless OTEL_EXPORTER_OTLP_ENDPOINT ' +
      '(or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set; off, the SDK is not even loaded. Read at ' +
      'start: changing it needs a restart.',
  );

export const ObservabilityPolicySchema = z
  .object({ tracing: TracingPolicySchema.optional() })
  .strict()
  .describe('Telemetry the proxy exports besides /metrics.');

export type TracingPolicy = z.infer<typeof TracingPolicySchema>;

/**
 * `server` and `upstream` sections of the policy: where the proxy listens, what it accepts, and
 * how it reaches the MCP server it protects. Defaults are the safe ones (loopback, small caps).
 */
import { z } from 'zod';
import { ServerTlsSchema } from './schema-tls.js';

const positiveInt = (max: number) => z.number().int().positive().max(max);

/** Caps on everything the proxy buffers or keeps. */
export const ServerCapsSchema = z
  .object({
    max_body_bytes: positiveInt(64 * 1024 * 1024)
      .default(4 * 1024 * 1024)
      .describe(
        'Largest accepted request body in bytes (default 4 MiB, the SDK default). Larger → 413.',
      ),
    max_json_depth: positiveInt(1024)
      .default(64)
      .describe('Deepest accepted JSON nesting of a request or response message (default 64).'),
    max_json_members: positiveInt(1_000_000)
      .default(1000)
      .describe('Most members in one object of a client message (default 1000). More → 400.'),
    max_json_elements: positiveInt(10_000_000)
      .default(10_000)
      .describe('Most elements in one array of a client message (default 10000). More → 400.'),
    max_json_values: positiveInt(10_000_000)
      .default(20_000)
      .describe(
        'Most values (scalars, objects, arrays) in one client message: the work budget of a ' +
          'request, checked while parsing, before any guard or audit work (default 20000). More → 400.',
      ),
    max_response_bytes: positiveInt(1024 * 1024 * 1024)
      .default(16 * 1024 * 1024)
      .describe(
        'Largest buffered JSON response from the upstream (default 16 MiB); larger → error.',
      ),
    max_sse_event_bytes: positiveInt(1024 * 1024 * 1024)
      .default(4 * 1024 * 1024)
      .describe('Largest single SSE event from the upstream (default 4 MiB); larger → error.'),
    session_ttl_seconds: positiveInt(7 * 24 * 3600)
      .default(3600)
      .describe(
        'Idle lifetime of a session binding (session id → principal), default 3600 s. On Redis the expiry is refreshed at most once per min(60 s, TTL/10), so an idle session may end up to that much early.',
      ),
    max_get_streams_per_principal: positiveInt(100_000)
      .default(8)
      .describe(
        'Concurrently open GET (server → client) streams per principal (default 8); one more → 429. ' +
          'Anonymous callers share one principal.',
      ),
    max_get_streams: positiveInt(1_000_000)
      .default(1024)
      .describe('Concurrently open GET streams for all principals together (default 1024).'),
    max_sse_streams_per_principal: positiveInt(100_000)
      .default(32)
      .describe(
        'Concurrently open SSE streams per principal: GET streams and POST requests in flight ' +
          '(any of which may be answered as SSE) together (default 32). At the cap, new GET ' +
          'streams and new POST requests get 429; the count is exact under concurrency.',
      ),
    body_idle_timeout_ms: positiveInt(600_000)
      .default(10_000)
      .describe(
        'Longest silence while a request body is being received (default 10000 ms): the client ' +
          'gets 408 with a JSON-RPC error (request_timeout) and the connection is closed.',
      ),
    body_timeout_ms: positiveInt(3_600_000)
      .default(30_000)
      .describe(
        'Longest time to receive a whole request, headers and body (default 30000 ms): 408 ' +
          '(request_timeout) and the connection is closed. Response streams are not limited by it.',
      ),
    client_notifications_per_minute: positiveInt(1_000_000)
      .default(600)
      .describe(
        'Client notifications (cancelled, progress, roots/list_changed...) accepted per session per ' +
          'minute (default 600). Excess ones are dropped with 202 and counted.',
      ),
  })
  .strict()
  .describe('Resource caps. Absent: all defaults. Each absent field takes its default.');

/** The proxy's Prometheus endpoint (served on the proxy's own port). */
export const ServerMetricsSchema = z
  .object({
    enabled: z.boolean().default(true).describe('Serve Prometheus metrics (default true).'),
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~\-/]*$/)
      .default('/metrics')
      .describe('Path of the metrics endpoint (default /metrics); must differ from server.path.'),
    require_auth: z
      .boolean()
      .default(false)
      .describe(
        'Require a credential the proxy accepts (any role) to read metrics (default false: the ' +
          'endpoint is unauthenticated, so bind to loopback or restrict the port).',
      ),
  })
  .strict()
  .describe('Prometheus /metrics endpoint. Absent: enabled at /metrics, no authentication.');

export const ServerPolicySchema = z
  .object({
    host: z
      .string()
      .min(1)
      .default('127.0.0.1')
      .describe('Bind address (default 127.0.0.1). The CLI flag --host overrides it.'),
    port: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .default(8080)
      .describe('Bind port (default 8080; 0 = any free port). The CLI flag --port overrides it.'),
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9._~\-/]*$/)
      .default('/mcp')
      .describe('Path of the MCP endpoint (default /mcp).'),
    allowed_hosts: z
      .array(z.string().min(1))
      .optional()
      .describe(
        'Accepted Host header values (DNS-rebinding protection), compared lower-cased; an entry ' +
          'without a port accepts any port. Absent: the loopback names (localhost, 127.0.0.1, [::1]) ' +
          'when bound to loopback; required when bound to any other address. Empty list: only the loopback names.',
      ),
    allowed_origins: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Exact Origin values accepted (browser clients). A request without Origin is accepted; a ' +
          'request with an Origin not listed is rejected (403). Empty (default): only loopback origins.',
      ),
    caps: ServerCapsSchema.default(ServerCapsSchema.parse({})),
    metrics: ServerMetricsSchema.default(ServerMetricsSchema.parse({})),
    tls: ServerTlsSchema.optional(),
  })
  .strict()
  .describe('The listening side of the proxy. Absent: all defaults (loopback 127.0.0.1:8080/mcp).');

export const InjectArgumentsSchema = z
  .object({
    tools: z
      .array(z.string().min(1))
      .min(1)
      .describe('Tool name patterns (exact or `*` globs) whose tools/call gets these arguments.'),
    arguments: z
      .record(z.string().min(1), z.string())
      .describe(
        'Argument name → value, usually `${env:NAME}`. Replaces any client-supplied value of the ' +
          'same name, so the model never sees (or chooses) it. Values are secrets unless the name is `url`.',
      ),
  })
  .strict();

/** Timeouts for some tools only (`upstream.tool_timeouts[]`). */
export const ToolTimeoutsSchema = z
  .object({
    tools: z
      .array(z.string().min(1))
      .min(1)
      .describe('Tool name patterns (exact or `*` globs) these timeouts apply to.'),
    timeout_ms: positiveInt(3_600_000).optional().describe('Overrides upstream.timeout_ms.'),
    sse_idle_timeout_ms: positiveInt(3_600_000)
      .optional()
      .describe('Overrides upstream.sse_idle_timeout_ms.'),
    sse_total_timeout_ms: positiveInt(24 * 3_600_000)
      .optional()
      .describe('Overrides upstream.sse_total_timeout_ms.'),
  })
  .strict();

export const UpstreamPolicySchema = z
  .object({
    url: z
      .string()
      .url()
      .optional()
      .describe(
        'MCP endpoint of the upstream, e.g. https://dojo.example/mcp. The CLI flag --upstream overrides it; one of the two is required.',
      ),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/), z.string())
      .default({})
      .describe(
        'Headers the proxy adds upstream: its own credential, e.g. `Authorization: "Token ${env:DEFECTDOJO_API_KEY}"`. ' +
          "The client's Authorization and Cookie headers are never forwarded. Values are treated as secrets " +
          '(redacted from responses, never logged).',
      ),
    inject_arguments: z
      .array(InjectArgumentsSchema)
      .default([])
      .describe(
        'Arguments added to tools/call for matching tools; every matching entry applies, later entries win.',
      ),
    connect_timeout_ms: positiveInt(600_000)
      .default(5000)
      .describe('Upstream connect timeout (default 5000 ms).'),
    timeout_ms: positiveInt(3_600_000)
      .default(120_000)
      .describe(
        'Upstream timeout per request until the response headers, and for a whole JSON body ' +
          '(default 120000 ms). SSE responses: see sse_idle_timeout_ms and sse_total_timeout_ms.',
      ),
    sse_idle_timeout_ms: positiveInt(3_600_000)
      .default(60_000)
      .describe(
        'Longest silence on an SSE response to a client request (default 60000 ms): no byte from ' +
          'the upstream for this long ends the request with a JSON-RPC error (upstream_timeout). ' +
          'Progress notifications and comments count as activity. GET streams have no idle cut.',
      ),
    sse_total_timeout_ms: positiveInt(24 * 3_600_000)
      .default(600_000)
      .describe(
        'Longest an SSE response to a client request may last from the moment it was sent ' +
          'upstream (default 600000 ms); then the request ends with a JSON-RPC error (upstream_timeout).',
      ),
    tool_timeouts: z
      .array(ToolTimeoutsSchema)
      .default([])
      .describe(
        'Per-tool timeouts (e.g. long scan imports); every matching entry applies, later entries ' +
          'win, fields absent from an entry keep the upstream-wide value.',
      ),
    ca_file: z
      .string()
      .min(1)
      .optional()
      .describe('PEM file of extra CA certificates trusted for the upstream.'),
  })
  .strict()
  .describe(
    'The protected MCP server. Absent: no headers, no injected arguments; URL from --upstream.',
  );

export type ServerPolicy = z.infer<typeof ServerPolicySchema>;
export type UpstreamPolicy = z.infer<typeof UpstreamPolicySchema>;

import { z } from 'zod';
import { FindingsTrackingSchema } from '../guards/read-tracking/schema.js';

/**
 * The `audit` policy section. String fields accept `${env:NAME}` values: the policy
 * loader interpolates them before validation, so the shipped policies read the file path from
 * `AUDIT_LOG_FILE` and the key from `AUDIT_HMAC_KEY` without edits. An empty string after
 * interpolation means "not configured" (e.g. `file.path: ${env:AUDIT_LOG_FILE}` with the variable
 * unset disables the file sink).
 */
const FileSinkSchema = z
  .object({
    path: z.string().describe('JSON-lines audit file. Empty disables the file sink.'),
    fsync: z
      .enum(['always', 'interval', 'never'])
      .default('always')
      .describe('always: fsync after each write batch; interval: every fsync_interval_ms.'),
    fsync_interval_ms: z
      .number()
      .int()
      .positive()
      .default(1000)
      .describe('fsync period (interval).'),
    max_bytes: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Rotate (rename to PATH.1, PATH.2, ...) when the file exceeds this size.'),
    keep_files: z.number().int().min(1).default(10).describe('Rotated files kept.'),
  })
  .strict();

const DeliverySchema = {
  batch_size: z.number().int().min(1).max(10_000).default(100).describe('Records per send.'),
  batch_interval_ms: z
    .number()
    .int()
    .min(0)
    .default(200)
    .describe('Wait this long for a batch to fill before sending.'),
  retry_initial_ms: z
    .number()
    .int()
    .min(1)
    .default(200)
    .describe('First retry delay (doubles, jittered).'),
  retry_max_ms: z.number().int().min(1).default(30_000).describe('Longest retry delay.'),
  breaker_failures: z
    .number()
    .int()
    .min(1)
    .default(5)
    .describe('Consecutive failures that open the circuit breaker.'),
  breaker_cooldown_ms: z
    .number()
    .int()
    .min(1)
    .default(10_000)
    .describe('How long an open breaker waits before one trial send.'),
  timeout_ms: z.number().int().min(1).default(10_000).describe('Connect/request timeout.'),
};

const port = z.number().int().min(1).max(65535);

const SyslogSinkSchema = z
  .object({
    name: z.string().min(1).optional().describe('Sink name (spool folder, metrics, audit).'),
    transport: z
      .enum(['udp', 'tcp', 'tls'])
      .default('tls')
      .describe(
        'tcp/tls use RFC 6587 octet counting; udp is lossy (no spool guarantee past send).',
      ),
    host: z
      .string()
      .describe(
        'Collector host. Empty (e.g. `${env:AUDIT_SYSLOG_HOST:-}` unset) drops this sink, as an ' +
          'empty file.path drops the file sink.',
      ),
    port: z
      .union([
        port,
        z
          .string()
          .regex(/^[0-9]{0,5}$/)
          .transform((v) => (v === '' ? undefined : Number(v)))
          .pipe(port.optional()),
      ])
      .optional()
      .describe(
        'Default 6514 (tls) / 514. A string of digits (from `${env:…}`) is accepted; empty: default.',
      ),
    ca_file: z.string().optional().describe('PEM CA bundle that signs the collector (tls).'),
    server_name: z.string().optional().describe('TLS server name, defaults to host.'),
    facility: z.number().int().min(0).max(23).default(13).describe('13 = log audit.'),
    app_name: z.string().min(1).max(48).default('dojo-guard'),
    ...DeliverySchema,
  })
  .strict();

const HttpsSinkSchema = z
  .object({
    name: z.string().min(1).optional().describe('Sink name (spool folder, metrics, audit).'),
    url: z.string().url().describe('https:// collector URL (http:// only to loopback).'),
    format: z
      .enum(['generic', 'splunk_hec'])
      .default('generic')
      .describe('generic: JSON array of records; splunk_hec: HEC event objects.'),
    token: z.string().optional().describe('Bearer token (Splunk: HEC token). Use ${env:NAME}.'),
    ca_file: z.string().optional().describe('PEM CA bundle that signs the collector.'),
    splunk_sourcetype: z.string().default('dojo-guard:audit').describe('HEC sourcetype.'),
    ...DeliverySchema,
  })
  .strict();

export const AuditPolicySchema = z
  .object({
    hmac_key: z
      .string()
      .optional()
      .describe('HMAC key (use ${env:AUDIT_HMAC_KEY}). Empty/absent: AUDIT_HMAC_KEY env.'),
    key_id: z.string().optional().describe('Key id; default derived from the key (not secret).'),
    allow_unkeyed_network_bind: z
      .boolean()
      .default(false)
      .describe('Waive the key requirement on a non-loopback bind (CRITICAL record at start).'),
    allow_no_sink: z
      .boolean()
      .default(false)
      .describe(
        'Start even though no sink (file, syslog, https) is configured: decisions are then ' +
          'kept nowhere. Without this the proxy refuses to start; with it, a CRITICAL ' +
          '`insecure_config` record and a warning are written at start.',
      ),
    file: FileSinkSchema.optional(),
    spool_dir: z.string().optional().describe('Per-sink disk spools. Default: FILE.spool/.'),
    spool_max_bytes: z
      .number()
      .int()
      .positive()
      .default(64 * 1024 * 1024)
      .describe('Pending bytes per sink above which mutations are denied (audit_unavailable).'),
    deny_reads_when_unavailable: z
      .boolean()
      .default(false)
      .describe('Also deny non-mutating calls while the trail is back-pressured.'),
    read_records: z
      .enum(['async', 'sync'])
      .default('async')
      .describe(
        "How records other than a mutation's write-ahead intent reach the disk (the answer is " +
          'sent before its record in both modes: the record states the outcome the client saw). ' +
          'async: written on the drain tick after the answer; with file.fsync: always, fsynced ' +
          'in the background, so the event loop never waits on the disk for them. sync: the ' +
          'drain tick also waits for that fsync. Intents are always written and fsynced before ' +
          'the mutation is forwarded. See src/audit/README.md.',
      ),
    checkpoint_interval_ms: z
      .number()
      .int()
      .min(100)
      .default(60_000)
      .describe('Seal a signed checkpoint at least this often (when records were written).'),
    checkpoint_every: z.number().int().min(1).default(1000).describe('Records per checkpoint.'),
    mask_fields: z
      .array(z.string())
      .default([])
      .describe('Argument names always masked in records (case-insensitive).'),
    max_argument_chars: z
      .number()
      .int()
      .min(16)
      .default(2048)
      .describe('Longer argument strings are shortened in records (the digest covers them).'),
    syslog: z
      .array(SyslogSinkSchema)
      .default([])
      .transform((sinks) => sinks.filter((s) => s.host !== ''))
      .describe('Syslog forwarders (RFC 5424). Entries with an empty host are dropped.'),
    https: z.array(HttpsSinkSchema).default([]).describe('HTTPS forwarders (JSON batches).'),
    findings: FindingsTrackingSchema.optional().describe(
      'findings_read_before_mutation tracking; absent = defaults, tracking on, nothing required.',
    ),
  })
  .strict()
  .describe('Audit trail: HMAC chain, sinks, spool, findings_read_before_mutation.');

export type AuditPolicy = z.infer<typeof AuditPolicySchema>;
export type SyslogSinkSpec = z.infer<typeof SyslogSinkSchema>;
export type HttpsSinkSpec = z.infer<typeof HttpsSinkSchema>;
export type FileSinkSpec = z.infer<typeof FileSinkSchema>;

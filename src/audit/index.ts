/**
 * Public entry of the audit module: `createAuditRecorder` builds the chained recorder with its
 * file sink, spooled syslog/HTTPS sinks, resume point and key, and writes the start records.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditPolicySchema, type AuditPolicy } from './schema.js';
import type { LifecycleEvent } from '../core/recorder.js';
import { resolveAuditKey } from './keys.js';
import { auditMaskOptions } from '../guards/content/mask.js';
import { findResumePoint } from './resume.js';
import { ChainedRecorder } from './recorder.js';
import { FileSinkTransport } from './sinks/file.js';
import { SpooledSinkTransport, type RecordSender } from './sinks/delivery.js';
import { DiskSpool, seqOfLine } from './spool.js';
import { auditSinkFailuresTotal } from './metrics.js';
import { auditFilePath, auditSinkConfigured } from './sinks-configured.js';
import { ConfigError } from '../shared/errors.js';

export { ChainedRecorder } from './recorder.js';
export { resolveAuditKey } from './keys.js';
export { verifyAuditFiles } from './verify.js';
export type { AuditEventV1 } from './event.js';

export interface CreateAuditRecorderOptions {
  /** The proxy's bind host: a non-loopback host requires a key (see keys.ts). */
  bindHost?: string;
  env?: NodeJS.ProcessEnv;
  /** Extra detail for the `start` record (component, version...). */
  startDetail?: Record<string, unknown>;
  /** Re-open the file sink on SIGHUP (logrotate). Default true. */
  handleSighup?: boolean;
}

/**
 * Builds and starts the recorder for a policy's `audit` section (absent = defaults, file sink at
 * AUDIT_LOG_FILE if set). Throws ConfigError when a network bind has no key.
 * @example const rec = await createAuditRecorder(policy.audit, { bindHost: '0.0.0.0' });
 */
export async function createAuditRecorder(
  section: AuditPolicy | undefined,
  opts: CreateAuditRecorderOptions = {},
): Promise<ChainedRecorder> {
  const env = opts.env ?? process.env;
  const cfg = section ?? AuditPolicySchema.parse({});
  const resolved = resolveAuditKey({
    bindHost: opts.bindHost,
    hmacKey: cfg.hmac_key,
    keyId: cfg.key_id,
    allowUnkeyedNetworkBind: cfg.allow_unkeyed_network_bind,
    env,
  });
  const filePath = auditFilePath(cfg, env);
  if (!auditSinkConfigured(cfg, env) && !cfg.allow_no_sink) {
    throw new ConfigError(
      'audit: no sink configured (audit.file.path, AUDIT_LOG_FILE, audit.syslog or audit.https); ' +
        'set audit.allow_no_sink: true to run without an audit trail',
    );
  }
  const fileSpec = filePath
    ? {
        fsync: 'always' as const,
        fsync_interval_ms: 1000,
        keep_files: 10,
        ...cfg.file,
        path: filePath,
      }
    : undefined;
  const resume = fileSpec ? findResumePoint(fileSpec.path) : {};

  const spoolRoot =
    cfg.spool_dir ||
    (fileSpec
      ? `${fileSpec.path}.spool`
      : path.join(os.tmpdir(), `dojo-guard-audit-spool-${process.pid}`));
  // Sinks report failures before the recorder exists; the hooks look it up late.
  const ref: { current?: ChainedRecorder } = {};
  const hooks = {
    onFailure: (sink: string, reason: string, consecutive: number, breakerOpen: boolean) => {
      auditSinkFailuresTotal.inc({ sink });
      ref.current?.recordSinkEvent('sink_failure', { sink, reason, consecutive, breakerOpen });
    },
    onRecovered: (sink: string, failedAttempts: number) =>
      ref.current?.recordSinkEvent('sink_recovered', { sink, failedAttempts }),
  };
  // Sink modules (syslog-client, node:tls/https) load only when a policy configures them.
  const { SyslogSender } = cfg.syslog.length > 0 ? await import('./sinks/syslog.js') : {};
  const { HttpsSender } = cfg.https.length > 0 ? await import('./sinks/https.js') : {};
  const senders: {
    sender: RecordSender;
    spec: (typeof cfg.syslog)[number] | (typeof cfg.https)[number];
    stream: boolean;
  }[] = [
    ...cfg.syslog.map((s) => ({
      sender: new SyslogSender!(s, s.timeout_ms),
      spec: s,
      stream: s.transport !== 'udp',
    })),
    ...cfg.https.map((s) => ({
      sender: new HttpsSender!(s, s.timeout_ms),
      spec: s,
      stream: false,
    })),
  ];
  const file = fileSpec
    ? new FileSinkTransport(fileSpec, (reason) => ref.current?.recordReopen(reason))
    : undefined;
  file?.open();

  const sinks = senders.map(({ sender, spec, stream }) => {
    const spool = new DiskSpool(path.join(spoolRoot, safeName(sender.name)), cfg.spool_max_bytes);
    spool.open();
    if (fileSpec && resume.head && spool.lastSeq > 0 && spool.lastSeq < resume.head.seq) {
      refillFromFile(fileSpec.path, spool);
    }
    return new SpooledSinkTransport(
      sender,
      spool,
      { ...spec, replayWindowMs: stream ? 2000 : 0 },
      hooks,
    );
  });

  const recorder = new ChainedRecorder(resolved.key, resume, file, sinks, {
    mask: auditMaskOptions(cfg),
    checkpointEvery: cfg.checkpoint_every,
    checkpointIntervalMs: cfg.checkpoint_interval_ms,
    maxQueue: 50_000,
    denyReadsWhenUnavailable: cfg.deny_reads_when_unavailable,
    readRecords: cfg.read_records,
  });
  const warnings: LifecycleEvent[] = resolved.warnings.map((w) => ({
    type: 'insecure_config',
    severity: w.severity,
    detail: w.detail,
  }));
  if (!fileSpec && sinks.length === 0) {
    warnings.push({
      type: 'insecure_config',
      severity: 'critical',
      detail: { setting: 'audit.allow_no_sink', problem: 'no_audit_sink' },
    });
  }
  ref.current = recorder;
  recorder.start(
    {
      pid: process.pid,
      keyId: resolved.key.id,
      ephemeralKey: resolved.ephemeral,
      ...opts.startDetail,
    },
    warnings,
  );
  if (file && opts.handleSighup !== false) {
    const onHup = (): void => file.reopen('sighup');
    process.on('SIGHUP', onHup);
    const close = recorder.close.bind(recorder);
    recorder.close = async () => {
      process.off('SIGHUP', onHup);
      await close();
    };
  }
  for (const s of sinks) s.kick(0);
  return recorder;
}

/** Re-queues records that reached the audit file but not the spool before a crash. */
function refillFromFile(file: string, spool: DiskSpool): void {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return;
  }
  const from = spool.lastSeq;
  for (const line of text.split('\n')) {
    const seq = line.startsWith('{') ? seqOfLine(line) : undefined;
    if (seq !== undefined && seq > from) spool.append(line, seq);
  }
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
}

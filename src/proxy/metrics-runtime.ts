/**
 * Runtime gauges and instrumentation that wrap existing objects instead of editing them: upstream
 * sends (latency, errors), session bindings (active sessions), the audit recorder (queue, spool
 * depth, sink delivery) and policy reloads. Wiring happens in server.ts and cli/proxy.ts.
 */
import type { AuditRecorder } from '../core/recorder.js';
import { counter, gauge } from '../shared/metrics.js';
import type { SessionTable } from './sessions.js';
import type { UpstreamClient } from './upstream.js';
import { upstreamDuration, upstreamErrorsTotal } from './metrics.js';

/** Policy reloads by result (`success`, `failure`) and trigger (`sighup`, `file`). */
export const policyReloadsTotal = counter({
  name: 'dojo_guard_policy_reloads_total',
  help: 'Policy reload attempts by result',
  labelNames: ['result', 'trigger'] as const,
});

/** Unix time (seconds) at which the live policy revision was loaded. */
export const policyRevisionTimestamp = gauge({
  name: 'dojo_guard_policy_revision_timestamp_seconds',
  help: 'Unix time at which the live policy revision became current',
});

/**
 * 1 when the last reload attempt succeeded (or none was made since start), 0 while a broken file
 * keeps the previous policy live: an alert on `== 0` lasts until the file is fixed.
 */
export const policyLastReloadSuccessful = gauge({
  name: 'dojo_guard_policy_last_reload_successful',
  help: 'Whether the last policy reload attempt succeeded (1) or kept the old policy (0)',
});
policyLastReloadSuccessful.set(1);

/** Records a policy becoming current (startup or successful reload). */
export function notePolicyLoaded(): void {
  policyRevisionTimestamp.set(Date.now() / 1000);
}

/** Counts one reload attempt and remembers whether it succeeded. */
export function noteReload(result: 'success' | 'failure', trigger: string): void {
  policyReloadsTotal.inc({ result, trigger });
  policyLastReloadSuccessful.set(result === 'success' ? 1 : 0);
}

/** Label objects, built once (the wrapper runs on every upstream send). */
const METHOD_LABELS = {
  GET: { http_method: 'GET' },
  POST: { http_method: 'POST' },
  DELETE: { http_method: 'DELETE' },
} as const;
const KIND_5XX = { kind: '5xx' } as const;
const KIND_4XX = { kind: '4xx' } as const;
const KIND_TRANSPORT = { kind: 'transport' } as const;

/**
 * Times every upstream send; counts transport failures and 4xx/5xx answers. A `then` on the
 * send rather than an async wrapper around `startTimer` (which merges label objects per call):
 * one promise and one label merge fewer per send.
 */
export function instrumentUpstream(client: UpstreamClient): UpstreamClient {
  const send = client.send.bind(client);
  client.send = (opts) => {
    const labels = METHOD_LABELS[opts.method];
    const t0 = performance.now();
    return send(opts).then(
      (res) => {
        upstreamDuration.observe(labels, (performance.now() - t0) / 1000);
        if (res.statusCode >= 500) upstreamErrorsTotal.inc(KIND_5XX);
        else if (res.statusCode >= 400 && res.statusCode !== 404) upstreamErrorsTotal.inc(KIND_4XX);
        return res;
      },
      (err: unknown) => {
        upstreamDuration.observe(labels, (performance.now() - t0) / 1000);
        upstreamErrorsTotal.inc(KIND_TRANSPORT);
        throw err;
      },
    );
  };
  return client;
}

const activeSessions = new Map<string, number>();
let sessionTtlMs = (): number => 3_600_000;

gauge({
  name: 'dojo_guard_active_sessions',
  help: 'MCP sessions bound through this replica and seen within the session TTL',
  collect() {
    const cutoff = Date.now() - sessionTtlMs();
    for (const [id, seen] of activeSessions) if (seen < cutoff) activeSessions.delete(id);
    this.set(activeSessions.size);
  },
});

/** Tracks bind / check / drop on the session table for the active-sessions gauge. */
export function instrumentSessions(table: SessionTable, ttlMs: () => number): SessionTable {
  sessionTtlMs = ttlMs;
  const bind = table.bind.bind(table);
  const check = table.check.bind(table);
  const drop = table.drop.bind(table);
  table.bind = async (id, principal, version) => {
    await bind(id, principal, version);
    activeSessions.set(id, Date.now());
  };
  // Every request with a session id passes here: a `then`, not another async frame.
  table.check = (id, principal) =>
    check(id, principal).then((r) => {
      if (r.ok) activeSessions.set(id, Date.now());
      else if (r.code === 'session_not_found') activeSessions.delete(id);
      return r;
    });
  table.drop = async (id) => {
    activeSessions.delete(id);
    await drop(id);
  };
  return table;
}

/** What the audit gauges read; ChainedRecorder provides it (the optional parts may be absent). */
interface RecorderDepths {
  queueDepth?: number;
  sinks?: readonly {
    sender: { name: string };
    spool: { pendingBytes(): number };
    consecutiveFailures: number;
  }[];
}

let recorderRef: (AuditRecorder & RecorderDepths) | undefined;

gauge({
  name: 'dojo_guard_audit_queue_depth',
  help: 'Audit records queued in memory, not yet sealed',
  collect() {
    this.set(recorderRef?.queueDepth ?? 0);
  },
});

gauge({
  name: 'dojo_guard_audit_spool_bytes',
  help: 'Bytes spooled on disk per network audit sink, not yet delivered',
  labelNames: ['sink'] as const,
  collect() {
    for (const s of recorderRef?.sinks ?? [])
      this.set({ sink: s.sender.name }, s.spool.pendingBytes());
  },
});

gauge({
  name: 'dojo_guard_audit_sink_up',
  help: '1 while a network audit sink delivers, 0 from a failed delivery until one succeeds',
  labelNames: ['sink'] as const,
  collect() {
    for (const s of recorderRef?.sinks ?? [])
      this.set({ sink: s.sender.name }, s.consecutiveFailures === 0 ? 1 : 0);
  },
});

gauge({
  name: 'dojo_guard_audit_accepting_mutations',
  help: '1 while the audit trail accepts mutations, 0 when back-pressured (mutations are denied)',
  collect() {
    this.set(recorderRef && !recorderRef.acceptingMutations() ? 0 : 1);
  },
});

/** Points the audit gauges at the process's recorder. */
export function bindAuditMetrics(recorder: AuditRecorder): void {
  recorderRef = recorder as AuditRecorder & RecorderDepths;
}

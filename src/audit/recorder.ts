/**
 * The chained audit recorder (implements AuditRecorder). `recordDecision`/`recordEvent` only push
 * onto an in-memory queue; a drain tick (setImmediate, off the request path) seals everything queued
 * in order (chain.ts) and hands the batch to the file sink (one write per batch), then to each
 * spooled network sink (one spool write per batch). Nothing is dropped:
 * when the queue or a spool passes its cap, `acceptingMutations()` turns false and the proxy
 * denies mutations (audit_unavailable) until delivery catches up.
 */
import type {
  AuditRecorder,
  AuditSinkState,
  DecisionRecord,
  IntentRecord,
  LifecycleEvent,
} from '../core/recorder.js';
import type { AuditBodyV1 } from './event.js';
import { Chain, type AuditKey } from './chain.js';
import { decisionBody, intentBody, lifecycleBody, verdictsJson } from './build.js';
import type { MaskOptions } from '../guards/content/mask.js';
import type { ResumePoint } from './resume.js';
import type { FileSinkTransport } from './sinks/file.js';
import type { SpooledSinkTransport } from './sinks/delivery.js';
import { auditBackpressureTotal, auditRecordsTotal } from './metrics.js';
import { logger } from '../shared/logger.js';

export interface RecorderOptions {
  mask: MaskOptions;
  checkpointEvery: number;
  checkpointIntervalMs: number;
  /** In-memory records not yet sealed above which mutations are refused. */
  maxQueue: number;
  denyReadsWhenUnavailable: boolean;
  /**
   * `async`: a batch without a write-ahead intent is fsynced in the background (file sink,
   * `fsync: always`); `sync`: every batch is fsynced before the drain returns. See README.md.
   */
  readRecords: 'async' | 'sync';
}

interface Pending {
  time: Date;
  make: () => AuditBodyV1;
  /** Told the record's seq once sealed (write-ahead intents). */
  sealed?: (seq: number) => void;

  /** Called once the record is sealed into the chain (the trace's audit-seal span ends there). */
  onSealed?: () => void;
}

/** Seals one body; a decision's verdict list goes through build.ts's precompiled writer. */
export function sealBody(
  chain: Chain,
  body: AuditBodyV1,
  time: Date,
): { line: string; seq: number } {
  const verdicts = body.kind === 'decision' ? verdictsJson(body.verdicts) : undefined;
  return chain.seal(body, time, verdicts === undefined ? undefined : { verdicts });
}

export class ChainedRecorder implements AuditRecorder {
  private readonly chain: Chain;
  private queue: Pending[] = [];
  private scheduled = false;
  private closed = false;
  private closing = false;
  private revision = '';
  private lastCheckpointSeq = 0;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private wasAccepting = true;

  constructor(
    key: AuditKey,
    private readonly resume: ResumePoint,
    private readonly file: FileSinkTransport | undefined,
    readonly sinks: readonly SpooledSinkTransport[],
    private readonly opts: RecorderOptions,
  ) {
    this.chain = new Chain(key, resume.head);
    this.lastCheckpointSeq = resume.head?.seq ?? 0;
  }

  /** Writes the records every start begins with: gap marker, key rotation, start, warnings. */
  start(startDetail: Record<string, unknown>, warnings: LifecycleEvent[]): void {
    const now = new Date();
    const head = this.resume.head;
    if (this.resume.torn) {
      const t = this.resume.torn;
      this.push(now, () => ({
        kind: 'gap',
        reason: 'torn_tail',
        afterSeq: head?.seq ?? 0,
        tornBytes: t.bytes,
        tornSha256: t.sha256,
      }));
    } else if (head && this.resume.cleanStop === false) {
      // The previous writer died (kill -9, OOM): records it had queued but not sealed are lost.
      this.push(now, () => ({
        kind: 'gap',
        reason: 'unclean_stop',
        afterSeq: head.seq,
        tornBytes: 0,
        tornSha256: '',
      }));
    }
    if (head && head.keyId !== this.chain.keyId) {
      const fromKeyId = head.keyId;
      const toKeyId = this.chain.keyId;
      this.push(now, () => ({ kind: 'key_rotation', fromKeyId, toKeyId }));
    }
    this.recordEvent({
      type: 'start',
      severity: 'info',
      detail: { ...startDetail, resumedFromSeq: head?.seq ?? 0, tornTail: !!this.resume.torn },
    });
    for (const w of warnings) this.recordEvent(w);
    this.drain();
    this.checkpointTimer = setInterval(() => {
      if (this.chain.current.seq > this.lastCheckpointSeq) this.checkpoint();
    }, this.opts.checkpointIntervalMs);
    this.checkpointTimer.unref();
  }

  recordDecision(rec: DecisionRecord, onSealed?: () => void): void {
    const revision = this.revision;
    this.push(new Date(), () => decisionBody(rec, revision, this.opts.mask), false, onSealed);
  }

  recordEvent(ev: LifecycleEvent): void {
    const revision = this.revision;
    this.push(new Date(), () => lifecycleBody(ev, revision));
  }

  /**
   * Write-ahead for a mutation: seals everything queued plus this intent, in order, and writes
   * the batch to the file sink and every spool now, on the caller's turn (one synchronous write,
   * and an fsync with `fsync: always`). Undefined when the trail cannot take it: the caller
   * refuses the mutation (audit_unavailable).
   */
  recordIntent(rec: IntentRecord): { seq: number; argumentsDigest?: string } | undefined {
    if (this.closing || this.closed || !this.acceptingMutations()) return undefined;
    const body = intentBody(rec, this.revision);
    let seq = 0;
    this.queue.push({ time: new Date(), make: () => body, sealed: (s) => (seq = s) });
    try {
      this.drain(true);
    } catch {
      return undefined; // a spool write failed: the record is not safely on disk
    }
    const written =
      seq > 0 &&
      (this.file ? this.file.failed === undefined && this.file.lastSeq >= seq : true) &&
      this.sinks.every((s) => s.spool.lastSeq >= seq);
    return written ? { seq, argumentsDigest: body.argumentsDigest } : undefined;
  }

  /** A sink failure or recovery, as reported by the delivery loop (audited like anything else). */
  recordSinkEvent(type: 'sink_failure' | 'sink_recovered', detail: Record<string, unknown>): void {
    const ev: LifecycleEvent = {
      type,
      severity: type === 'sink_failure' ? 'warning' : 'info',
      detail,
    };
    this.push(new Date(), () => lifecycleBody(ev, this.revision), true);
  }

  /** The file sink was re-opened (SIGHUP/logrotate or size rotation): first record of the file. */
  recordReopen(reason: 'sighup' | 'size_rotation'): void {
    this.push(new Date(), () => ({ kind: 'file_reopened', reason }), true);
  }

  /** Records queued in memory, not yet sealed (read by the proxy's /metrics gauge). */
  get queueDepth(): number {
    return this.queue.length;
  }

  acceptingMutations(): boolean {
    const ok =
      !this.closing &&
      this.file?.failed === undefined &&
      this.queue.length < this.opts.maxQueue &&
      this.sinks.every((s) => !s.spool.full());
    if (!ok && this.wasAccepting) auditBackpressureTotal.inc();
    this.wasAccepting = ok;
    return ok;
  }

  /** Each sink's state (file write health; forwarder delivery and spool) for /readyz. */
  sinkStates(): AuditSinkState[] {
    const out: AuditSinkState[] = [];
    if (this.file) out.push({ name: 'file', kind: 'file', up: this.file.failed === undefined });
    for (const s of this.sinks) {
      out.push({
        name: s.sender.name,
        kind: 'forwarder',
        up: s.consecutiveFailures === 0,
        pendingBytes: s.spool.pendingBytes(),
        spoolFull: s.spool.full(),
        consecutiveFailures: s.consecutiveFailures,
      });
    }
    return out;
  }

  /** Whether non-mutating calls may proceed (policy: deny_reads_when_unavailable). */
  acceptingReads(): boolean {
    return !this.opts.denyReadsWhenUnavailable || this.acceptingMutations();
  }

  setPolicyRevision(revision: string): void {
    this.revision = revision;
  }

  /** Chain head (seq and MAC of the last sealed record). */
  head(): { seq: number; mac: string } {
    return { seq: this.chain.current.seq, mac: this.chain.current.mac };
  }

  /** Seals a checkpoint now (also done every `checkpointEvery` records and on a timer). */
  checkpoint(): void {
    const { seq, mac } = this.chain.current;
    this.lastCheckpointSeq = seq + 1;
    const sealed = this.chain.seal({ kind: 'checkpoint', headSeq: seq, headMac: mac }, new Date());
    this.write([sealed.line], [sealed.seq]);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.push(
      new Date(),
      () => lifecycleBody({ type: 'stop', severity: 'info', detail: {} }, this.revision),
      true,
    );
    this.closing = true;
    // Internal records (file reopened, sink failures) may still arrive while the last lines are
    // written; keep sealing until everything queued has reached every transport.
    await this.settle();
    this.checkpoint();
    await this.settle();
    this.closed = true;
    this.file?.close();
    await Promise.all(this.sinks.map((s) => s.drainAndClose(2000)));
  }

  private async settle(): Promise<void> {
    const until = Date.now() + 3000;
    for (;;) {
      this.drain();
      if (this.allWritten(this.chain.current.seq) || Date.now() > until) return;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private allWritten(seq: number): boolean {
    return (
      (!this.file || this.file.lastSeq >= seq) && this.sinks.every((s) => s.spool.lastSeq >= seq)
    );
  }

  private push(time: Date, make: () => AuditBodyV1, internal = false, onSealed?: () => void): void {
    if (this.closed || (this.closing && !internal)) {
      // After the stop record nothing can join the chain; say so rather than drop it silently
      // (a request cut off by the server's drain timeout that settles after close()).
      logger.warn('audit record after close not written', { kind: make().kind });
      return;
    }
    this.queue.push(onSealed ? { time, make, sealed: () => onSealed() } : { time, make });
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.drain());
    }
  }

  /**
   * Seals everything queued, in order; the swap keeps the critical section short (STYLE §6).
   * `durable`: the batch holds a write-ahead intent, so the file sink fsyncs it (per its `fsync`
   * setting) before returning; otherwise `read_records` decides.
   */
  private drain(durable = false): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const lines: string[] = [];
    const seqs: number[] = [];
    const kinds = new Map<string, number>();
    for (const p of batch) {
      const body = p.make();
      const sealed = sealBody(this.chain, body, p.time);
      lines.push(sealed.line);
      seqs.push(sealed.seq);
      p.sealed?.(sealed.seq);
      kinds.set(body.kind, (kinds.get(body.kind) ?? 0) + 1);
      if (this.chain.current.seq - this.lastCheckpointSeq >= this.opts.checkpointEvery) {
        const { seq, mac } = this.chain.current;
        this.lastCheckpointSeq = seq + 1;
        const cp = this.chain.seal({ kind: 'checkpoint', headSeq: seq, headMac: mac }, new Date());
        lines.push(cp.line);
        seqs.push(cp.seq);
      }
    }
    this.write(lines, seqs, durable);
    for (const [kind, n] of kinds) auditRecordsTotal.inc({ kind }, n);
  }

  /**
   * File first (the source the chain resumes from), then every spool; one write each. The file's
   * fsync waits (durable, or `read_records: sync`) or runs in the background (sinks/file.ts).
   */
  private write(lines: string[], seqs: number[], durable = false): void {
    this.file?.writeLines(lines, seqs, !durable && this.opts.readRecords === 'async');
    for (const s of this.sinks) s.logLines(lines, seqs);
  }
}

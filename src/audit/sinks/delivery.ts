/**
 * At-least-once delivery for a network sink: a winston transport that appends every sealed line
 * to the sink's disk spool (never dropping it), and a single delivery loop that sends batches from
 * the spool cursor with jittered exponential backoff and a circuit breaker. A batch is committed
 * only after the sender confirms it; anything re-sent that may already have arrived is marked
 * `"replay":true` (outside the MAC), so collectors and the verifier can drop the duplicate.
 */
import { TransportBase } from './transport-base.js';
import type { DiskSpool } from '../spool.js';

/** Transport-specific part of a sink: sends lines, throws on failure. */
export interface RecordSender {
  readonly name: string;
  /** Bumped each time the sender opens a new connection (stream transports). */
  readonly generation: number;
  send(lines: string[]): Promise<void>;
  /** Stream senders call this when a connection that carried data dies. */
  onConnectionLost?: (generation: number) => void;
  close(): Promise<void>;
}

export interface DeliveryOptions {
  batch_size: number;
  batch_interval_ms: number;
  retry_initial_ms: number;
  retry_max_ms: number;
  breaker_failures: number;
  breaker_cooldown_ms: number;
  /** How long after a write a dead stream connection still triggers a replay of it. */
  replayWindowMs?: number;
}

export interface DeliveryHooks {
  onFailure(sink: string, reason: string, consecutive: number, breakerOpen: boolean): void;
  onRecovered(sink: string, failedAttempts: number): void;
}

/** Adds the out-of-MAC replay marker to a sealed JSON line. */
export function markReplay(line: string): string {
  return line.endsWith('}') ? line.slice(0, -1) + ',"replay":true}' : line;
}

interface SentBatch {
  start: number;
  end: number;
  gen: number;
  at: number;
}

export class SpooledSinkTransport extends TransportBase {
  private running = false;
  private stopped = false;
  private timer: NodeJS.Timeout | undefined;
  private failures = 0;
  private breakerUntil = 0;
  private replayUntil = 0;
  private recent: SentBatch[] = [];
  private sinceSend = 0;
  delivered = 0;
  failedAttempts = 0;

  /** Failed sends since the last success: 0 while delivering (the `dojo_guard_audit_sink_up` gauge). */
  get consecutiveFailures(): number {
    return this.failures;
  }

  constructor(
    readonly sender: RecordSender,
    readonly spool: DiskSpool,
    private readonly opts: DeliveryOptions,
    private readonly hooks: DeliveryHooks,
  ) {
    super({ level: 'info' });
    sender.onConnectionLost = (gen) => this.rewindGeneration(gen);
  }

  log(info: { message?: unknown; seq?: unknown }, callback: () => void): void {
    if (typeof info.message === 'string' && typeof info.seq === 'number') {
      this.spool.append(info.message, info.seq);
      this.sinceSend++;
      this.kick();
    }
    callback();
  }

  /** A sealed batch from the recorder: one spool write, then the delivery loop is kicked. */
  logLines(lines: readonly string[], seqs: readonly number[]): void {
    if (lines.length === 0) return;
    this.spool.appendLines(lines, seqs);
    this.sinceSend += lines.length;
    this.kick();
  }

  /** Starts the delivery loop soon (immediately when a full batch is waiting). */
  kick(delayMs?: number): void {
    if (this.stopped || this.running || this.timer) return;
    const d = delayMs ?? (this.sinceSend >= this.opts.batch_size ? 0 : this.opts.batch_interval_ms);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.loop();
    }, d);
    this.timer.unref();
  }

  private async loop(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (!this.stopped || this.draining) {
        const now = Date.now();
        if (now < this.breakerUntil) {
          this.running = false;
          return this.kick(this.breakerUntil - now);
        }
        if (await this.sendOne()) continue;
        break;
      }
    } finally {
      this.running = false;
    }
    if (this.stopped) return;
    if (this.spool.pendingBytes() > 0) return this.kick(this.backoffMs());
    // Idle and drained: compact once no recent batch may still need a replay.
    const window = this.opts.replayWindowMs ?? 0;
    this.recent = this.recent.filter((b) => Date.now() - b.at < window);
    if (this.recent.length === 0) {
      this.spool.commit(this.spool.cursor, true);
      this.replayUntil = 0;
    } else {
      this.kick(window);
    }
  }

  /** Sends one batch; true if more may be sent right away. */
  private async sendOne(): Promise<boolean> {
    const start = this.spool.pendingBytes() > 0 ? this.spoolOffset() : -1;
    if (start < 0) return false;
    const batch = this.spool.read(this.opts.batch_size);
    if (batch.lines.length === 0) return false;
    const lines = this.withReplayMarks(batch.lines, start);
    this.sinceSend = 0;
    try {
      await this.sender.send(lines);
    } catch (err) {
      this.failures++;
      this.failedAttempts++;
      // Only a batch that may have reached the collector is re-sent marked as a replay.
      if (!isNotSent(err)) this.replayUntil = Math.max(this.replayUntil, batch.endOffset);
      const open = this.failures >= this.opts.breaker_failures;
      if (open) this.breakerUntil = Date.now() + this.opts.breaker_cooldown_ms;
      if (this.failures === 1 || this.failures === this.opts.breaker_failures) {
        this.hooks.onFailure(this.sender.name, errorReason(err), this.failures, open);
      }
      return false;
    }
    if (this.failures > 0) this.hooks.onRecovered(this.sender.name, this.failures);
    this.failures = 0;
    this.delivered += batch.lines.length;
    const now = Date.now();
    const window = this.opts.replayWindowMs ?? 0;
    this.recent = this.recent.filter((b) => now - b.at < window);
    if (window > 0)
      this.recent.push({ start, end: batch.endOffset, gen: this.sender.generation, at: now });
    this.spool.commit(batch.endOffset, this.recent.length === 0);
    if (this.spool.pendingBytes() === 0 && this.recent.length === 0) this.replayUntil = 0;
    return true;
  }

  private spoolOffset(): number {
    return this.spool.cursor;
  }

  private withReplayMarks(lines: string[], start: number): string[] {
    if (this.replayUntil <= start) return lines;
    let off = start;
    return lines.map((l) => {
      const marked = off < this.replayUntil ? markReplay(l) : l;
      off += Buffer.byteLength(l) + 1;
      return marked;
    });
  }

  /** A stream connection died: re-send what it carried recently, marked as replays. */
  private rewindGeneration(gen: number): void {
    const lost = this.recent.filter((b) => b.gen === gen);
    if (lost.length === 0) return;
    const from = Math.min(...lost.map((b) => b.start));
    this.replayUntil = Math.max(this.replayUntil, ...lost.map((b) => b.end));
    this.recent = this.recent.filter((b) => b.gen !== gen);
    this.spool.rewind(from);
    this.kick(0);
  }

  private backoffMs(): number {
    if (this.failures === 0) return this.opts.batch_interval_ms;
    const base = Math.min(
      this.opts.retry_max_ms,
      this.opts.retry_initial_ms * 2 ** Math.min(this.failures - 1, 20),
    );
    return Math.round(base * (0.5 + Math.random() / 2));
  }

  private draining = false;

  /** Tries to deliver what is spooled until `deadlineMs`, then stops; the rest stays spooled. */
  async drainAndClose(deadlineMs: number): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const until = Date.now() + deadlineMs;
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(1, ms)));
    while (this.running && Date.now() < until) await sleep(10);
    this.draining = true;
    while (this.spool.pendingBytes() > 0 && Date.now() < until) {
      const wait = Math.max(this.breakerUntil - Date.now(), 0);
      if (Date.now() + wait >= until) break;
      if (wait > 0) await sleep(wait);
      if (!(await this.sendOne())) await sleep(Math.min(this.backoffMs(), until - Date.now()));
    }
    this.stopped = true;
    this.draining = false;
    await this.sender.close();
    this.spool.close();
  }
}

/** Marks an error raised before any byte of the batch left this process. */
export function notSent(err: unknown): Error {
  const e = err instanceof Error ? err : new Error(String(err));
  return Object.assign(e, { notSent: true });
}

function isNotSent(err: unknown): boolean {
  return !!err && typeof err === 'object' && (err as { notSent?: unknown }).notSent === true;
}

/** A short, secret-free reason for a failed send. */
export function errorReason(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; message?: unknown };
    if (typeof e.code === 'string') return e.code;
    if (typeof e.message === 'string') return e.message.slice(0, 200);
  }
  return 'unknown error';
}

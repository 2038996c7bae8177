/**
 * File sink: the local JSON-lines audit file, and the source the chain resumes from. Writes are
 * synchronous on the recorder's drain tick (never on the request path), fsynced per policy
 * (`interval` fsyncs, and `always` fsyncs of batches the recorder marks `background`, run off the
 * event loop).
 * logrotate-compatible: `reopen()` (wired to SIGHUP) opens the path afresh after a `mv`; with
 * `max_bytes` the sink rotates itself to PATH.1 … PATH.N. The latest checkpoint is also kept in
 * PATH.checkpoint (atomic rename), so a truncated file tail is detectable by `audit verify`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { TransportBase } from './transport-base.js';
import type { FileSinkSpec } from '../schema.js';

export class FileSinkTransport extends TransportBase {
  private fd = -1;
  private size = 0;
  private dirty = false;
  private syncing = false;
  /** Written while a background fsync ran: start another when it ends. */
  private again = false;
  private syncTimer: NodeJS.Timeout | undefined;
  /** Highest seq written (the recorder waits on it when closing). */
  lastSeq = 0;
  /** Set when a write fails: the trail cannot take records, so mutations are denied. */
  failed: string | undefined;

  constructor(
    private readonly spec: FileSinkSpec,
    private readonly onReopened: (reason: 'sighup' | 'size_rotation') => void,
  ) {
    super({ level: 'info' });
  }

  /** Opens the file; terminates a torn last line so the next record starts on its own line. */
  open(): void {
    fs.mkdirSync(path.dirname(this.spec.path), { recursive: true });
    this.fd = fs.openSync(this.spec.path, 'a+', 0o600);
    this.size = fs.fstatSync(this.fd).size;
    if (this.size > 0) {
      const b = Buffer.alloc(1);
      fs.readSync(this.fd, b, 0, 1, this.size - 1);
      if (b[0] !== 0x0a) this.write1('\n');
    }
    if (this.spec.fsync === 'interval') {
      this.syncTimer = setInterval(() => this.syncInBackground(), this.spec.fsync_interval_ms);
      this.syncTimer.unref();
    }
  }

  log(info: { message?: unknown; seq?: unknown; last?: unknown }, callback: () => void): void {
    if (typeof info.message === 'string' && typeof info.seq === 'number') {
      try {
        this.write1(info.message + '\n');
        this.lastSeq = info.seq;
        this.failed = undefined;
        if (info.message.startsWith('{"kind":"checkpoint"')) this.writeCheckpoint(info.message);
        if (info.last === true && this.spec.fsync === 'always') this.sync();
        if (this.spec.max_bytes !== undefined && this.size >= this.spec.max_bytes) this.rotate();
      } catch (err) {
        this.failed =
          err instanceof Error
            ? ((err as NodeJS.ErrnoException).code ?? err.message)
            : 'write failed';
        this.emit('warn', err);
      }
    }
    callback();
  }

  /**
   * Writes a sealed batch, in order, with one write per batch (the recorder's fast path; `log`
   * is the same for a single record). With `max_bytes` the batch is cut where a record crosses
   * the limit, so rotation happens after the same record as with one write per record.
   * `seqs[i]` is the seq of `lines[i]`. With `fsync: always`, `background` fsyncs on the thread
   * pool instead of before returning (records that need no fsync before the caller goes on:
   * src/audit/README.md, "What a record guarantees").
   */
  writeLines(lines: readonly string[], seqs: readonly number[], background = false): void {
    const max = this.spec.max_bytes;
    let from = 0;
    let bytes = this.size;
    for (let i = 0; i < lines.length; i++) {
      if (max === undefined) continue;
      bytes += Buffer.byteLength(lines[i]!, 'utf8') + 1;
      if (bytes >= max || i === lines.length - 1) {
        if (!this.writeChunk(lines, seqs, from, i + 1, background)) return;
        from = i + 1;
        if (this.size >= max) this.rotate();
        bytes = this.size;
      }
    }
    if (max === undefined) this.writeChunk(lines, seqs, 0, lines.length, background);
  }

  /** Writes lines[from, to) in one write; false (and `failed` set) when the write failed. */
  private writeChunk(
    lines: readonly string[],
    seqs: readonly number[],
    from: number,
    to: number,
    background: boolean,
  ): boolean {
    if (to <= from) return true;
    try {
      let text = '';
      let checkpoint: string | undefined;
      for (let i = from; i < to; i++) {
        const line = lines[i]!;
        text += line + '\n';
        if (line.startsWith('{"kind":"checkpoint"')) checkpoint = line;
      }
      this.write1(text);
      this.lastSeq = seqs[to - 1]!;
      this.failed = undefined;
      if (checkpoint !== undefined) this.writeCheckpoint(checkpoint);
      if (this.spec.fsync === 'always') {
        if (background) this.syncInBackground();
        else this.sync();
      }
      return true;
    } catch (err) {
      this.failed =
        err instanceof Error
          ? ((err as NodeJS.ErrnoException).code ?? err.message)
          : 'write failed';
      this.emit('warn', err);
      return false;
    }
  }

  /** Synchronous fsync (write batches with `fsync: always`, rotation, reopen, close). */
  sync(): void {
    // An fsync still running in the background may not cover the last writes: sync again.
    if (this.fd >= 0 && (this.dirty || this.syncing)) {
      fs.fsyncSync(this.fd);
      this.dirty = false;
    }
  }

  /**
   * A background fsync (`fsync: interval` ticks; `fsync: always` batches written with
   * `background`): it runs on libuv's thread pool, so a slow disk (tens of ms on network storage)
   * never stalls the event loop and every request queued behind it. One at a time: writes made
   * while one runs are covered by the next, started when it ends (`again`). With `fsync: always`
   * a failed fsync marks the sink failed (mutations are refused) until a write and fsync succeed.
   */
  private syncInBackground(): void {
    if (this.fd < 0 || !this.dirty) return;
    if (this.syncing) {
      this.again = true;
      return;
    }
    const fd = this.fd;
    this.dirty = false;
    this.syncing = true;
    fs.fsync(fd, (err) => {
      this.syncing = false;
      if (err && fd === this.fd) {
        this.dirty = true;
        if (this.spec.fsync === 'always') this.failed = err.code ?? err.message;
        this.emit('warn', err);
        return;
      }
      if (this.again) {
        this.again = false;
        this.syncInBackground();
      }
    });
  }

  /** Re-opens the path (after logrotate moved the file away). */
  reopen(reason: 'sighup' | 'size_rotation' = 'sighup'): void {
    this.sync();
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = fs.openSync(this.spec.path, 'a+', 0o600);
    this.size = fs.fstatSync(this.fd).size;
    this.onReopened(reason);
  }

  close(): void {
    if (this.syncTimer) clearInterval(this.syncTimer);
    this.sync();
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private write1(text: string): void {
    const buf = Buffer.from(text, 'utf8');
    let off = 0;
    while (off < buf.length)
      off += fs.writeSync(this.fd, buf, off, buf.length - off, this.size + off);
    this.size += buf.length;
    this.dirty = true;
  }

  private rotate(): void {
    const p = this.spec.path;
    for (let i = this.spec.keep_files - 1; i >= 1; i--) {
      if (fs.existsSync(`${p}.${i}`)) fs.renameSync(`${p}.${i}`, `${p}.${i + 1}`);
    }
    this.sync();
    fs.renameSync(p, `${p}.1`);
    this.reopen('size_rotation');
  }

  private writeCheckpoint(line: string): void {
    const tmp = `${this.spec.path}.checkpoint.tmp`;
    fs.writeFileSync(tmp, line + '\n', { mode: 0o600 });
    fs.renameSync(tmp, `${this.spec.path}.checkpoint`);
  }
}

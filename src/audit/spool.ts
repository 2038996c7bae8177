/**
 * A per-sink disk spool: an append-only queue file of sealed record lines plus a cursor file
 * (`{offset, lastSeq}`) saying how much has been delivered. Records wait here while a sink is
 * down and survive a restart; delivery resumes from the cursor, in order. Synchronous I/O on
 * purpose: it runs on the recorder's drain tick, never on the request path.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SpoolBatch {
  lines: string[];
  /** Byte offset just past the last line of the batch (pass to `commit`). */
  endOffset: number;
}

export class DiskSpool {
  private fd = -1;
  private size = 0;
  private offset = 0;
  private lastSeqValue = 0;
  private readonly queuePath: string;
  private readonly cursorPath: string;

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    this.queuePath = path.join(dir, 'queue.jsonl');
    this.cursorPath = path.join(dir, 'cursor.json');
  }

  /** Opens (creating) the spool; drops a torn last line left by a crash mid-append. */
  open(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.fd = fs.openSync(this.queuePath, 'a+', 0o600);
    this.size = fs.fstatSync(this.fd).size;
    try {
      const c = JSON.parse(fs.readFileSync(this.cursorPath, 'utf8')) as {
        offset?: unknown;
        lastSeq?: unknown;
      };
      this.offset = typeof c.offset === 'number' ? Math.min(c.offset, this.size) : 0;
      this.lastSeqValue = typeof c.lastSeq === 'number' ? c.lastSeq : 0;
    } catch {
      this.offset = 0;
    }
    const tail = this.readTail(64 * 1024);
    const lastNl = tail.lastIndexOf(0x0a);
    if (tail.length > 0 && lastNl !== tail.length - 1) {
      // Torn append (kill -9): the record is still in the audit file and is re-queued from there.
      const keep = this.size - (tail.length - (lastNl + 1));
      fs.ftruncateSync(this.fd, keep);
      this.size = keep;
      this.offset = Math.min(this.offset, keep);
    }
    const lines = tail.subarray(0, Math.max(lastNl, 0)).toString('utf8').split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const seq = seqOfLine(lines[i]!);
      if (seq !== undefined) {
        this.lastSeqValue = Math.max(this.lastSeqValue, seq);
        break;
      }
    }
  }

  /** Highest seq ever appended (survives compaction through the cursor file). */
  get lastSeq(): number {
    return this.lastSeqValue;
  }

  pendingBytes(): number {
    return this.size - this.offset;
  }

  /** At or over the cap: the recorder stops accepting mutations. Appends still succeed. */
  full(): boolean {
    return this.pendingBytes() >= this.maxBytes;
  }

  append(line: string, seq: number): void {
    const buf = Buffer.from(line + '\n', 'utf8');
    fs.writeSync(this.fd, buf, 0, buf.length, this.size);
    this.size += buf.length;
    if (seq > this.lastSeqValue) this.lastSeqValue = seq;
  }

  /** Appends a batch of lines with one write (`seqs[i]` is the seq of `lines[i]`). */
  appendLines(lines: readonly string[], seqs: readonly number[]): void {
    if (lines.length === 0) return;
    const buf = Buffer.from(lines.join('\n') + '\n', 'utf8');
    let off = 0;
    while (off < buf.length)
      off += fs.writeSync(this.fd, buf, off, buf.length - off, this.size + off);
    this.size += buf.length;
    const last = seqs[seqs.length - 1]!;
    if (last > this.lastSeqValue) this.lastSeqValue = last;
  }

  sync(): void {
    if (this.fd >= 0) fs.fdatasyncSync(this.fd);
  }

  /** Reads up to `maxLines` complete lines from the cursor. */
  read(maxLines: number, maxBytes = 4 * 1024 * 1024): SpoolBatch {
    const len = Math.min(this.size - this.offset, maxBytes);
    if (len <= 0) return { lines: [], endOffset: this.offset };
    const buf = Buffer.alloc(len);
    fs.readSync(this.fd, buf, 0, len, this.offset);
    const lines: string[] = [];
    let start = 0;
    let end = this.offset;
    while (lines.length < maxLines) {
      const nl = buf.indexOf(0x0a, start);
      if (nl < 0) break;
      lines.push(buf.subarray(start, nl).toString('utf8'));
      start = nl + 1;
      end = this.offset + start;
    }
    return { lines, endOffset: end };
  }

  /** Byte offset of the delivery cursor. */
  get cursor(): number {
    return this.offset;
  }

  /** Moves the cursor back (a stream connection died after the data was handed over). */
  rewind(offset: number): void {
    this.offset = Math.max(0, Math.min(offset, this.offset));
  }

  /**
   * Marks everything before `endOffset` delivered; compacts the queue when it is drained and
   * `compact` is true (not while a replay window still needs the bytes).
   */
  commit(endOffset: number, compact = true): void {
    this.offset = Math.min(endOffset, this.size);
    if (compact && this.offset === this.size && this.size > 0) {
      fs.ftruncateSync(this.fd, 0);
      this.size = 0;
      this.offset = 0;
    }
    const tmp = this.cursorPath + '.tmp';
    fs.writeFileSync(tmp, JSON.stringify({ offset: this.offset, lastSeq: this.lastSeqValue }));
    fs.renameSync(tmp, this.cursorPath);
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  private readTail(max: number): Buffer {
    const len = Math.min(this.size, max);
    const buf = Buffer.alloc(len);
    if (len > 0) fs.readSync(this.fd, buf, 0, len, this.size - len);
    return buf;
  }
}

/** The `seq` of a record line, or undefined if the line is not a record. */
export function seqOfLine(line: string): number | undefined {
  const start = line.indexOf('{');
  if (start < 0) return undefined;
  try {
    const rec = JSON.parse(line.slice(start)) as { seq?: unknown };
    return typeof rec.seq === 'number' ? rec.seq : undefined;
  } catch {
    return undefined;
  }
}

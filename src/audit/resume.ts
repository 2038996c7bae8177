/**
 * Finds where the chain stands in an existing audit file, so a restarted process continues it.
 * A last line without its newline, or one that is not a complete record, is a torn write
 * (kill -9, power loss): it is reported, left in place, and the recorder writes a `gap` record
 * that names it (its length and SHA-256) before anything else.
 */
import fs from 'node:fs';
import { sha256Hex } from '../shared/canonical.js';
import type { ChainHead } from './chain.js';

export interface TornTail {
  bytes: number;
  sha256: string;
}

export interface ResumePoint {
  head?: ChainHead;
  /** False when the previous writer did not close cleanly (no `stop` record at the end). */
  cleanStop?: boolean;
  torn?: TornTail;
  /** The file the head was read from (the live file, or PATH.1 right after a rotation). */
  source?: string;
}

const TAIL_BYTES = 1024 * 1024;

/** Reads the chain head from the last complete record of `file` (falls back to `file.1`). */
export function findResumePoint(file: string): ResumePoint {
  const own = readTail(file);
  if (own.head || own.torn) return { ...own, source: file };
  const rotated = readTail(`${file}.1`);
  return rotated.head ? { ...rotated, source: `${file}.1` } : {};
}

function readTail(file: string): { head?: ChainHead; torn?: TornTail; cleanStop?: boolean } {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return {};
  }
  try {
    const size = fs.fstatSync(fd).size;
    const len = Math.min(size, TAIL_BYTES);
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, size - len);
    let end = len;
    let torn: TornTail | undefined;
    if (len > 0 && buf[len - 1] !== 0x0a) {
      const nl = buf.lastIndexOf(0x0a);
      const frag = buf.subarray(nl + 1);
      const rec = parseRecord(frag.toString('utf8'));
      if (!rec) torn = { bytes: frag.length, sha256: sha256Hex(frag) };
      else return { head: rec, cleanStop: false };
      end = nl + 1;
    }
    const lines = buf.subarray(0, end).toString('utf8').split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const rec = parseRecord(lines[i]!);
      if (rec) {
        // close() ends with `stop` then a checkpoint: anything else means a crash.
        const before = lines.slice(Math.max(0, i - 2), i + 1).join('\n');
        const cleanStop = !torn && before.includes('"type":"stop"');
        return { head: rec, torn, cleanStop };
      }
      if (lines[i] !== '' && !torn && i === lines.length - 2) {
        // A complete but unparsable last line (e.g. zero-filled after a crash): also torn.
        const b = Buffer.from(lines[i]!, 'utf8');
        torn = { bytes: b.length, sha256: sha256Hex(b) };
      }
    }
    return { torn };
  } finally {
    fs.closeSync(fd);
  }
}

function parseRecord(line: string): ChainHead | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    const r = JSON.parse(line) as { seq?: unknown; mac?: unknown; keyId?: unknown };
    if (typeof r.seq === 'number' && typeof r.mac === 'string' && typeof r.keyId === 'string') {
      return { seq: r.seq, mac: r.mac, keyId: r.keyId };
    }
  } catch {
    // not a record
  }
  return undefined;
}

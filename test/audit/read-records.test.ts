/**
 * `audit.read_records` (src/audit/README.md, "What a record guarantees"): with `fsync: always`,
 * records other than a write-ahead intent are written on the drain tick and fsynced in the
 * background (`async`, the default) or before the tick ends (`sync`); an intent and everything
 * queued before it are always fsynced before recordIntent returns. Real files; node's fs calls
 * observed, not replaced.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileSinkTransport } from '../../src/audit/sinks/file.js';
import type { IntentRecord } from '../../src/core/recorder.js';
import { decision, makeRecorder, records, tmpDir } from './helpers.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function dir(): string {
  const d = tmpDir();
  dirs.push(d);
  return d;
}

const intent = (i: number): IntentRecord => ({
  decisionId: `dec-${i}`,
  requestId: `req-${i}`,
  principal: { id: 'alice', role: 'writer', authMethod: 'static_token' },
  method: 'tools/call',
  tool: 'update_finding',
  arguments: { finding_id: i },
});

const tick = () => new Promise((r) => setImmediate(r));

describe('read records (audit.read_records)', () => {
  it('async (default): written on the drain tick, fsynced off the event loop', async () => {
    const file = path.join(dir(), 'a.log');
    const rec = await makeRecorder({ file: { path: file, fsync: 'always' } });
    await tick();
    const fg = vi.spyOn(fs, 'fsyncSync');
    const bg = vi.spyOn(fs, 'fsync');
    rec.recordDecision(decision(1));
    await tick();
    // On file (a process kill no longer loses it) without the event loop waiting on the disk;
    // the fsync follows on the thread pool (after the start records' one, if still running).
    expect(records(file).some((r) => r.decisionId === 'dec-1')).toBe(true);
    expect(fg).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(bg).toHaveBeenCalled(), { timeout: 5000 });
    expect(fg).not.toHaveBeenCalled();
    await rec.close();
  });

  it('an intent and the reads queued before it are fsynced before recordIntent returns', async () => {
    const file = path.join(dir(), 'b.log');
    const rec = await makeRecorder({ file: { path: file, fsync: 'always' } });
    await tick();
    const fg = vi.spyOn(fs, 'fsyncSync');
    rec.recordDecision(decision(1));
    const r = rec.recordIntent(intent(2));
    expect(r).toBeDefined();
    expect(fg).toHaveBeenCalledTimes(1);
    const rs = records(file);
    const read = rs.findIndex((x) => x.decisionId === 'dec-1');
    const int = rs.findIndex((x) => x.kind === 'intent');
    expect(read).toBeGreaterThanOrEqual(0);
    expect(int).toBeGreaterThan(read); // chain order is settle order
    await rec.close();
  });

  it('sync: the drain tick waits for the fsync of read records', async () => {
    const file = path.join(dir(), 'c.log');
    const rec = await makeRecorder({
      file: { path: file, fsync: 'always' },
      read_records: 'sync',
    });
    await tick();
    const fg = vi.spyOn(fs, 'fsyncSync');
    const bg = vi.spyOn(fs, 'fsync');
    rec.recordDecision(decision(1));
    await tick();
    expect(fg).toHaveBeenCalledTimes(1);
    expect(bg).not.toHaveBeenCalled();
    await rec.close();
  });

  it('graceful close writes and fsyncs everything queued, then the stop/checkpoint pair', async () => {
    const file = path.join(dir(), 'd.log');
    const rec = await makeRecorder({ file: { path: file, fsync: 'always' } });
    for (let i = 0; i < 500; i++) rec.recordDecision(decision(i));
    const fg = vi.spyOn(fs, 'fsyncSync');
    await rec.close();
    expect(fg).toHaveBeenCalled();
    const rs = records(file);
    expect(rs.filter((r) => r.kind === 'decision')).toHaveLength(500);
    expect(rs.at(-2)).toMatchObject({ kind: 'lifecycle', type: 'stop' });
    expect(rs.at(-1)).toMatchObject({ kind: 'checkpoint' });
  });
});

describe('file sink background fsync under fsync: always', () => {
  function sink(): { t: FileSinkTransport; file: string } {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dg-bgsync-')), 'audit.log');
    dirs.push(path.dirname(file));
    const t = new FileSinkTransport(
      { path: file, fsync: 'always', fsync_interval_ms: 1000, keep_files: 2 },
      () => undefined,
    );
    t.open();
    return { t, file };
  }

  it('covers writes made while a background fsync runs with one more fsync', async () => {
    const held: (() => void)[] = [];
    const bg = vi.spyOn(fs, 'fsync').mockImplementation(((
      _fd: number,
      cb: (e: NodeJS.ErrnoException | null) => void,
    ) => {
      held.push(() => cb(null)); // "in flight" until released
    }) as typeof fs.fsync);
    const { t } = sink();
    t.writeLines(['{"seq":1}'], [1], true);
    t.writeLines(['{"seq":2}'], [2], true); // while the first fsync is in flight
    expect(bg).toHaveBeenCalledTimes(1);
    held.shift()!();
    expect(bg).toHaveBeenCalledTimes(2); // the follow-up for seq 2
    held.shift()!();
    expect(bg).toHaveBeenCalledTimes(2); // nothing written since
    t.close();
  });

  it('a failed background fsync marks the sink failed (mutations are refused)', () => {
    vi.spyOn(fs, 'fsync').mockImplementation(((
      _fd: number,
      cb: (e: NodeJS.ErrnoException | null) => void,
    ) => {
      cb(Object.assign(new Error('io'), { code: 'EIO' }));
    }) as typeof fs.fsync);
    const { t } = sink();
    t.on('warn', () => undefined);
    t.writeLines(['{"seq":1}'], [1], true);
    expect(t.failed).toBe('EIO');
    vi.restoreAllMocks();
    t.close();
  });
});

/**
 * `fsync: interval` runs its fsync off the event loop; the synchronous paths (close, rotation)
 * still fsync what a background fsync may not have covered. Real files, fs calls observed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FileSinkTransport } from '../../src/audit/sinks/file.js';

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function sink(fsync: 'interval' | 'always'): { t: FileSinkTransport; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-fsync-'));
  dirs.push(dir);
  const file = path.join(dir, 'audit.log');
  const t = new FileSinkTransport(
    { path: file, fsync, fsync_interval_ms: 10, keep_files: 2 },
    () => undefined,
  );
  t.open();
  return { t, file };
}

describe('file sink fsync', () => {
  it('interval: fsyncs in the background, never with fsyncSync on the tick', async () => {
    const bg = vi.spyOn(fs, 'fsync');
    const fg = vi.spyOn(fs, 'fsyncSync');
    const { t, file } = sink('interval');
    t.writeLines(['{"seq":1}', '{"seq":2}'], [1, 2]);
    await vi.waitFor(() => expect(bg).toHaveBeenCalled(), { timeout: 2000 });
    expect(fg).not.toHaveBeenCalled();
    // Nothing written since: the next ticks do not fsync again.
    const calls = bg.mock.calls.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(bg.mock.calls.length).toBe(calls);
    t.writeLines(['{"seq":3}'], [3]);
    t.close();
    // Written after the last background fsync: close fsyncs it synchronously.
    expect(fg).toHaveBeenCalledTimes(1);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"seq":1}\n{"seq":2}\n{"seq":3}\n');
  });

  it('close during a background fsync still fsyncs synchronously', () => {
    let release: (() => void) | undefined;
    vi.spyOn(fs, 'fsync').mockImplementation(((fd: number, cb: (e: Error | null) => void) => {
      release = () => cb(null); // held "in flight" until released
      void fd;
    }) as typeof fs.fsync);
    const fg = vi.spyOn(fs, 'fsyncSync');
    const { t } = sink('interval');
    t.writeLines(['{"seq":1}'], [1]);
    (t as unknown as { syncInBackground(): void }).syncInBackground();
    expect(release).toBeDefined();
    t.close();
    expect(fg).toHaveBeenCalledTimes(1);
    release!();
  });

  it('always: fsyncs each batch synchronously', () => {
    const fg = vi.spyOn(fs, 'fsyncSync');
    const { t } = sink('always');
    t.writeLines(['{"seq":1}'], [1]);
    t.writeLines(['{"seq":2}'], [2]);
    expect(fg).toHaveBeenCalledTimes(2);
    t.close();
  });
});

/**
 * The demo's live decision log: follows the audit file (JSON lines, AuditEventV1) and prints one
 * line per decision or lifecycle event. Polling, not fs.watch: watch events are unreliable across
 * platforms and a 200 ms delay is fine for a human.
 */
import { open } from 'node:fs/promises';

type Rec = Record<string, unknown>;

/**
 * One display line for an audit record, or undefined for records not worth showing.
 * @example formatAuditLine({ kind: 'decision', time: '...', method: 'tools/list', outcome: 'allowed', verdicts: [] })
 */
export function formatAuditLine(r: Rec): string | undefined {
  const time = typeof r.time === 'string' ? r.time.slice(11, 23) : '--:--:--.---';
  if (r.kind === 'decision') {
    const p = r.principal as { id?: string; role?: string } | undefined;
    const who = p ? `${p.id}(${p.role})` : '-';
    const what = [r.method, r.tool].filter((x) => typeof x === 'string').join(' ');
    const outcome = String(r.outcome ?? '?');
    const code = typeof r.code === 'string' ? ` ${r.code}` : '';
    return `${time}  ${who.padEnd(26)} ${what.padEnd(34)} ${outcome}${code}`;
  }
  if (r.kind === 'lifecycle') {
    // Info events (e.g. pinning's learn-mode hashes) stay in the file; the console shows the rest.
    if (r.severity === 'info' && r.type !== 'start' && r.type !== 'stop') return undefined;
    const d = (r.detail ?? {}) as Rec;
    const extra = ['tool', 'reason', 'principalId', 'findingIds', 'action']
      .filter((k) => d[k] !== undefined)
      .map((k) => `${k}=${JSON.stringify(d[k])}`)
      .join(' ');
    return `${time}  [${String(r.severity)}] ${String(r.type)} ${extra}`.trimEnd();
  }
  return undefined;
}

/**
 * Follows `file` from its start, calling `emit` per formatted line; returns a stop function.
 * @example const stop = tailAudit('/tmp/a.jsonl', (l) => process.stdout.write(l + '\n'));
 */
export function tailAudit(file: string, emit: (line: string) => void): () => void {
  let offset = 0;
  let partial = '';
  let busy = false;
  const poll = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      const fh = await open(file, 'r');
      try {
        const { size } = await fh.stat();
        if (size < offset) offset = 0; // rotated or truncated: start over
        if (size > offset) {
          const buf = Buffer.alloc(Math.min(size - offset, 4 * 1024 * 1024));
          const { bytesRead } = await fh.read(buf, 0, buf.length, offset);
          offset += bytesRead;
          const lines = (partial + buf.subarray(0, bytesRead).toString('utf8')).split('\n');
          partial = lines.pop() ?? '';
          for (const l of lines) show(l, emit);
        }
      } finally {
        await fh.close();
      }
    } catch {
      // Not created yet (the recorder writes lazily): try again on the next tick.
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void poll(), 200);
  return () => clearInterval(timer);
}

function show(line: string, emit: (line: string) => void): void {
  if (line.trim() === '') return;
  try {
    const text = formatAuditLine(JSON.parse(line) as Rec);
    if (text !== undefined) emit(text);
  } catch {
    // a torn line is the recorder's business (gap records); nothing to show
  }
}

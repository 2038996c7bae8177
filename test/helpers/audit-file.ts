/** Reading the proxy's audit file (JSON lines) while it is being written. */
import { existsSync, readFileSync } from 'node:fs';

export type AuditLine = Record<string, unknown> & { kind: string; type?: string };

/**
 * The complete records of the audit file. The proxy appends while tests read, so a trailing line
 * without its final newline is a record still being written: it is left for the next read.
 */
export function readAudit(file: string): AuditLine[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  lines.pop(); // '' after the last newline, or a partial record
  return lines.filter((l) => l.trim().length > 0).map((l) => JSON.parse(l) as AuditLine);
}

/** Polls the audit file until `pred` matches a record (audit writes are asynchronous). */
export async function waitForAudit(
  file: string,
  pred: (r: AuditLine) => boolean,
  timeoutMs = 10_000,
): Promise<AuditLine> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const hit = readAudit(file).find(pred);
    if (hit) return hit;
    if (Date.now() > deadline) throw new Error('audit record not found in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

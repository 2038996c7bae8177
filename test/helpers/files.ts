/** Temp directories and file replacement the way deployments do it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh directory under the OS temp dir. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `dojo-guard-${prefix}-`));
}

/**
 * Writes `text` to `file` the way editors, cert-manager and ConfigMap updates do: a sibling,
 * then a rename over the original (a watcher sees one complete file, never a half-written one).
 */
export function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
}

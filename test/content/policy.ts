/** The e2e policy for the content guards: the allow-all test policy plus a `content` section. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { allowAllWith } from '../helpers/policy.js';

/** allow-all test policy plus the content section under test. */
export function writeContentPolicy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-content-'));
  const file = path.join(dir, 'content.yaml');
  // Replaces the base's content opt-outs: wrapping and the secret check are what is under test.
  writeFileSync(file, allowAllWith('content:\n  wrap: {}\n  reject_secrets_in_arguments: true\n'));
  return file;
}

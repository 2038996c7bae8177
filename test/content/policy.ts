/** The e2e policy for the content guards: the allow-all test policy plus a `content` section. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/process.js';

/** allow-all test policy plus the content section under test. */
export function writeContentPolicy(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-content-'));
  const base = readFileSync(path.join(REPO_ROOT, 'test/fixtures/policies/allow-all.yaml'), 'utf8');
  const file = path.join(dir, 'content.yaml');
  writeFileSync(file, `${base}\ncontent:\n  wrap: {}\n  reject_secrets_in_arguments: true\n`);
  return file;
}

/**
 * Hard negatives at corpus scale: redaction must leave DefectDojo finding text alone. The rows it
 * still changes quote real-looking credentials (`password: 'password123'`, a sample
 * `X-API-Key: sk-live-…`, `Basic TFIt…` decoding to `user:password`), which a secret filter
 * should hide, and (second corpus) 20 API-gateway samples whose `x-mapi-program-uuid: <uuid>`
 * gitleaks' generic-api-key rule flags as gitleaks itself does. The bounds pin today's figures
 * (`npm run bench:secrets` prints them).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSecretScanner } from '../../src/guards/content/secret-scanner.js';
import { SHARED } from '../helpers/paths.js';

const CORPORA = [
  { file: 'defectdojo/benign-findings.jsonl', maxChanged: 2 },
  { file: 'injection/defectdojo_scan_findings_benign.jsonl', maxChanged: 24 },
];

describe('secret redaction on benign DefectDojo findings', () => {
  const scanner = createSecretScanner();
  it.each(CORPORA)('changes at most $maxChanged rows of $file', ({ file, maxChanged }) => {
    const rows = readFileSync(path.join(SHARED, file), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    let changed = 0;
    for (const row of rows) {
      const report = { counts: new Map<string, number>(), paths: [] as string[] };
      if (scanner.redactValue(row, report, 'row', { left: 1e9 }) !== row) changed++;
    }
    console.log(`[content fp] ${file}: ${changed}/${rows.length} rows redacted`);
    expect(rows.length).toBeGreaterThan(1000);
    expect(changed).toBeLessThanOrEqual(maxChanged);
  });
});

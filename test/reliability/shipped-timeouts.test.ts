/**
 * The shipped policies turn the reliability limits on: each loads with its documented
 * environment and compiles SSE idle/total timeouts, per-tool import timeouts where the upstream
 * has import tools, and request body limits (src/proxy/upstream-timeouts.ts, src/policy/compile-server-limits.ts).
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadPolicy } from '../../src/policy/load.js';
import { timeoutsOf } from '../../src/proxy/upstream-timeouts.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { deps } from '../policy/helpers.js';

const ENV = {
  AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
  AUDIT_LOG_FILE: '/tmp/dojo-guard-shipped-timeouts/audit.jsonl',
  DEFECTDOJO_API_KEY: 'k'.repeat(40),
  DEFECTDOJO_URL: 'https://dojo.example',
  MCP_ROLE_CI: `${randomBytes(32).toString('hex')}:scanner`,
};

describe('shipped policies', () => {
  for (const file of ['dojo-server.yaml', 'demo.yaml', 'defectdojo-pro.yaml']) {
    it(`${file}: SSE and body limits are on`, async () => {
      const { policy } = await loadPolicy([path.join(REPO_ROOT, 'policies', file)], {
        env: ENV,
        deps: deps(),
        overrides: { upstreamUrl: 'http://127.0.0.1:9/mcp' },
      });
      const plain = timeoutsOf(policy.upstream, 'get_findings');
      expect(plain).toEqual({ timeoutMs: 120_000, sseIdleMs: 60_000, sseTotalMs: 600_000 });
      expect(policy.server.bodyTimeouts).toEqual({ idleMs: 10_000, totalMs: 30_000 });
      const imports = timeoutsOf(policy.upstream, 'import_scan');
      if (file === 'defectdojo-pro.yaml') expect(imports).toEqual(plain);
      else
        expect(imports).toEqual({ timeoutMs: 600_000, sseIdleMs: 300_000, sseTotalMs: 1_800_000 });
    });
  }
});

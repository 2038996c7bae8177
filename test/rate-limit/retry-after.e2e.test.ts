/**
 * A rate-limit denial that is the whole HTTP response carries `Retry-After` (whole seconds,
 * rounded up) next to `error.data.retryAfterMs`. Real proxy process, real SDK upstream.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../helpers/process.js';
import { startUpstream, type TestUpstream } from '../proxy/helpers/upstream.js';
import { messagesOf, openSession, POST_HEADERS, raw } from '../proxy/helpers/raw.js';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');
let upstream: TestUpstream;
let proxy: Running;

beforeAll(async () => {
  upstream = await startUpstream({ jsonResponse: true });
  const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-retry-after-'));
  const file = path.join(dir, 'p.yaml');
  writeFileSync(
    file,
    [
      'version: 1',
      'auth:',
      '  tokens:',
      `    - { id: alice, role: admin, sha256: ${sha('tok-alice')} }`,
      'rate_limits:',
      '  limits:',
      '    - { id: echo-per-principal, match: { tools: [echo] }, points: 2, duration_seconds: 90 }',
      '',
    ].join('\n'),
  );
  proxy = await startCli(['proxy', '--policy', file, '--upstream', upstream.url, '--port', '0']);
});
afterAll(async () => {
  await proxy?.stop();
  await upstream?.close();
});

describe('Retry-After on rate-limit denials', () => {
  it('the denied call answers with Retry-After in seconds and retryAfterMs in error.data', async () => {
    const sid = await openSession(proxy.url, 'tok-alice');
    const call = (id: number) =>
      raw(proxy.url, {
        headers: {
          ...POST_HEADERS,
          authorization: 'Bearer tok-alice',
          'mcp-session-id': sid,
          'mcp-protocol-version': '2025-06-18',
        },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id,
          method: 'tools/call',
          params: { name: 'echo', arguments: { text: 'hi' } },
        }),
      });
    for (const id of [1, 2]) {
      const ok = await call(id);
      expect(ok.status).toBe(200);
      expect(ok.headers['retry-after']).toBeUndefined();
    }
    const denied = await call(3);
    const [msg] = messagesOf(denied);
    expect(msg.error.data.code).toBe('rate_limited');
    const ms = msg.error.data.retryAfterMs as number;
    expect(ms).toBeGreaterThan(80_000);
    expect(ms).toBeLessThanOrEqual(90_000);
    expect(denied.headers['retry-after']).toBe(String(Math.ceil(ms / 1000)));
  });
});

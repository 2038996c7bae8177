/**
 * Transparency proof: the official MCP conformance suite passes against our fixture server
 * directly, and the same scenarios pass through `dojo-guard proxy` with an allow-all policy.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConformanceServer, type FixtureServer } from '../fixtures/conformance-server.js';
import { REPO_ROOT, startCli, type Running } from '../helpers/process.js';
import { runConformance, type ScenarioResult } from './run-suite.js';

const summary = (rs: ScenarioResult[]) =>
  rs.map((r) => `${r.passed ? 'PASS' : 'FAIL'} ${r.scenario} ${r.failures.join('; ')}`).join('\n');

describe('MCP conformance (official suite 0.1.16)', () => {
  let fixture: FixtureServer;
  let proxy: Running;
  beforeAll(async () => {
    fixture = await startConformanceServer();
    proxy = await startCli([
      'proxy',
      '--policy',
      path.join(REPO_ROOT, 'test/fixtures/policies/allow-all.yaml'),
      '--upstream',
      fixture.url,
      '--port',
      '0',
    ]);
  });
  afterAll(async () => {
    await proxy?.stop();
    await fixture?.close();
  });

  it('passes the same scenarios directly and through the proxy, and all of them', async () => {
    // Sequential: the suite itself opens many connections; two runs at once only add noise.
    const direct = await runConformance(fixture.url);
    // The suite's DNS-rebinding check needs a localhost URL; the proxy listens on 127.0.0.1.
    const viaProxy = await runConformance(proxy.url);
    expect(direct.results.length, direct.log).toBeGreaterThanOrEqual(30);
    expect(
      direct.results.filter((r) => !r.passed),
      summary(direct.results),
    ).toEqual([]);
    expect(
      viaProxy.results.filter((r) => !r.passed),
      summary(viaProxy.results),
    ).toEqual([]);
    const names = (rs: ScenarioResult[]) => rs.map((r) => `${r.scenario}:${r.passed}`);
    expect(names(viaProxy.results)).toEqual(names(direct.results));
  }, 300_000);
});

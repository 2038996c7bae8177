/**
 * `dojo-guard demo` started as a real process (sandbox + server + proxy as its children), driven
 * by the real SDK Client with a printed token and by the MCP Inspector CLI command it prints.
 */
import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli, type Running } from '../helpers/process.js';
import { connect, rpcCode } from '../helpers/mcp-client.js';
import { bundledTools } from '../../src/policy-test/tools.js';

let demo: Running;

beforeAll(async () => {
  demo = await startCli(['demo', '--port', '0'], { timeoutMs: 60_000 });
}, 70_000);

afterAll(async () => {
  await demo?.stop();
});

/** The token the banner prints for a role. */
function printedToken(role: string): string {
  const m = new RegExp(`^  ${role} +(\\S+)$`, 'm').exec(demo.stdout());
  if (!m) throw new Error(`no ${role} token printed`);
  return m[1]!;
}

async function waitForStdout(re: RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!re.test(demo.stdout())) {
    if (Date.now() > deadline) throw new Error(`stdout never matched ${re}\n${demo.stdout()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('dojo-guard demo', () => {
  it('announces the proxy URL on loopback', () => {
    expect(demo.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    expect(demo.stdout()).toContain('DEMO ONLY');
  });

  it('serves the SDK client with a printed token: tools/list filtered by role, one call', async () => {
    const reader = await connect(demo.url, printedToken('reader'));
    const tools = (await reader.listTools()).tools.map((t) => t.name);
    expect(tools).toContain('get_findings');
    expect(tools).not.toContain('close_finding'); // RBAC: readers do not see writes
    const r = await reader.callTool({ name: 'get_findings', arguments: { limit: 2 } });
    expect(r.isError).toBeFalsy();
    const sc = r.structuredContent as { results: { title: unknown }[] };
    expect(sc.results).toHaveLength(2);
    expect(sc.results[0]!.title).toMatchObject({ _warning: expect.any(String) }); // wrapped
    expect(await rpcCode(reader.callTool({ name: 'close_finding', arguments: {} }))).toBe(-32602);
    await reader.close();
    const admin = await connect(demo.url, printedToken('admin'));
    // Admin sees every tool the bundled server advertises: none is hidden as poisoned by the
    // demo policy's description scan (update_finding's "Use close_finding …" once was).
    const bundled = (await bundledTools(false)) as { name: string }[];
    expect((await admin.listTools()).tools.map((t) => t.name).sort()).toEqual(
      bundled.map((t) => t.name).sort(),
    );
    await admin.close();
  }, 30_000);

  it('prints one log line per decision, including denials with their code', async () => {
    await waitForStdout(/demo-reader\(reader\)\s+tools\/call get_findings\s+allowed/);
    await waitForStdout(/demo-reader\(reader\)\s+tools\/call close_finding\s+denied unknown_tool/);
  });

  it('trips the decoy finding for a reader and logs a critical event', async () => {
    const reader = await connect(demo.url, printedToken('reader'));
    const call = reader.callTool({ name: 'get_finding_by_id', arguments: { finding_id: 613 } });
    expect(await rpcCode(call)).toBe(-32007);
    await reader.close().catch(() => undefined);
    await waitForStdout(/\[critical\] tripwire tool="get_finding_by_id"/);
  }, 30_000);

  it('works with the MCP Inspector CLI command it prints', async () => {
    const block = /MCP Inspector CLI:\n([\s\S]+?)\n\n/.exec(demo.stdout());
    expect(block).not.toBeNull();
    const command = block![1]!.replace(/\\\n/g, ' ').trim();
    expect(command).toMatch(/^npx -y @modelcontextprotocol\/inspector@\d+\.\d+\.\d+ --cli /);
    const out = await new Promise<string>((resolve, reject) => {
      execFile('sh', ['-c', command], { timeout: 170_000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      );
    });
    const names = (JSON.parse(out) as { tools: { name: string }[] }).tools.map((t) => t.name);
    expect(names).toContain('get_findings');
    expect(names).not.toContain('close_finding');
  }, 180_000);

  it('stops every child on SIGTERM', async () => {
    const urls = [...demo.stdout().matchAll(/(http:\/\/127\.0\.0\.1:\d+)/g)].map((m) => m[1]!);
    const origins = [...new Set(urls)];
    expect(origins.length).toBe(3); // proxy, server, sandbox
    expect(await demo.stop('SIGTERM')).toBe(0);
    for (const o of origins) {
      await expect(fetch(`${o}/`), o).rejects.toThrow();
    }
  }, 30_000);
});

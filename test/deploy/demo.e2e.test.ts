/**
 * `dojo-guard demo` as a new user meets it: the printed `audit verify` command verifies the run's
 * trail, the temp dir is gone after the demo stops, and a busy port is refused with a hint.
 */
import { execSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { runCli, startCli } from '../helpers/process.js';

// The demo starts three processes; on a shared 2-core machine that can take a minute.
vi.setConfig({ testTimeout: 240_000 });

describe('dojo-guard demo', () => {
  it('prints a working audit verify command for its trail and removes its temp dir on exit', async () => {
    const demo = await startCli(['demo', '--port', '0'], { timeoutMs: 150_000 });
    let file = '';
    try {
      const out = demo.stdout();
      const token = /^ {2}reader +(\S+)$/m.exec(out)![1]!;
      const client = new Client({ name: 'demo-verify', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(demo.url), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      await client.callTool({ name: 'get_findings', arguments: { limit: 1 } });
      await client.close();
      const verify = /^ {2}(AUDIT_HMAC_KEY=[0-9a-f]{64} .* audit verify (\S+))$/m.exec(out);
      expect(verify, out).not.toBeNull();
      file = verify![2]!;
      expect(fs.existsSync(file)).toBe(true);
      // Run as printed, through a shell, the way a user pastes it.
      const printed = execSync(verify![1]!, { encoding: 'utf8', env: { PATH: process.env.PATH } });
      expect(printed).toMatch(/^OK \d+ records/);
      // The key matters: another key fails.
      const wrong = verify![1]!.replace(/AUDIT_HMAC_KEY=\S+/, `AUDIT_HMAC_KEY=${'0'.repeat(64)}`);
      expect(() => execSync(wrong, { stdio: 'pipe' })).toThrow();
    } finally {
      expect(await demo.stop('SIGINT')).toBe(0);
    }
    expect(file).not.toBe('');
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.existsSync(demoDirOf(file))).toBe(false);
  });

  it('refuses a busy port with a hint to use --port, before starting anything', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const r = await runCli(['demo', '--port', String(port)], { timeoutMs: 60_000 });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`port ${port}`);
      expect(r.stderr).toMatch(/--port/);
      expect(r.stdout).not.toMatch(/listening on/);
    } finally {
      busy.close();
    }
  });
});

/** The demo's temp dir: the audit file's directory. */
function demoDirOf(file: string): string {
  return file.slice(0, file.lastIndexOf('/'));
}

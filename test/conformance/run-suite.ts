/**
 * Runs the official MCP conformance suite (server scenarios, 0.1.16) against a URL and returns
 * the per-scenario outcome. The suite needs Node >= 22, which npx brings as the `node` package.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ScenarioResult {
  scenario: string;
  passed: boolean;
  failures: string[];
}

export async function runConformance(
  url: string,
): Promise<{ results: ScenarioResult[]; log: string }> {
  const out = mkdtempSync(path.join(tmpdir(), 'conformance-'));
  const args = [
    '-y',
    '-p',
    'node@22',
    '-p',
    '@modelcontextprotocol/conformance@0.1.16',
    '--',
    'conformance',
    'server',
    '--url',
    url,
    '-o',
    out,
  ];
  const child = spawn('npx', args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  let log = '';
  child.stdout.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr.on('data', (d: Buffer) => (log += d.toString()));
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));

  const results: ScenarioResult[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name === 'checks.json') {
        const checks = JSON.parse(readFileSync(p, 'utf8')) as {
          id: string;
          status: string;
          errorMessage?: string;
        }[];
        const failures = checks
          .filter((c) => c.status === 'FAILURE')
          .map((c) => `${c.id}: ${c.errorMessage ?? ''}`);
        // Directory names look like `server-<scenario>-<ISO timestamp>`.
        const scenario = path
          .basename(path.dirname(p))
          .replace(/^server-/, '')
          .replace(/-\d{4}-\d{2}-\d{2}T[\d-]+Z$/, '');
        results.push({
          scenario,
          passed: failures.length === 0,
          failures,
        });
      }
    }
  };
  if (existsSync(out)) walk(out);
  results.sort((a, b) => a.scenario.localeCompare(b.scenario));
  return { results, log };
}

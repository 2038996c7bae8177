/**
 * Tool definitions for `policy test`: no upstream runs there, but argument validation and
 * annotation-based classification need the upstream's tools/list. A `_test.yaml` names where they
 * come from (`tools:`): the bundled DefectDojo server (`bundled`, all its tools; `bundled-pro`,
 * the Pro-compatible set Pro's /mcp offers), or a JSON file holding a tools/list result.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Agent } from 'undici';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { DojoClient } from '../dojo/client.js';
import type { DojoClientConfig } from '../dojo/config.js';
import { createDojoMcpServer } from '../dojo/server.js';
import type { ToolLister } from '../guards/tool-catalog/definitions.js';

export type PolicyTestTools = 'bundled' | 'bundled-pro' | string;

/**
 * The bundled server's tools, listed in process (no DefectDojo is called to list them): all of
 * them, or the Pro-compatible set.
 * @example const names = (await bundledTools(false)).map((t) => (t as { name: string }).name);
 */
export async function bundledTools(proCompat: boolean): Promise<readonly unknown[]> {
  const cfg: DojoClientConfig = {
    baseUrl: 'http://127.0.0.1:1/',
    readKey: undefined,
    writeKey: undefined,
    connectTimeoutMs: 1,
    timeoutMs: 1,
    maxRetries: 0,
    maxResponseBytes: 1,
    caPem: undefined,
    allowInsecureHttp: true,
  };
  const agent = new Agent();
  const server = createDojoMcpServer({
    client: new DojoClient(cfg, agent),
    clientConfig: cfg,
    proCompat,
    maxScanBytes: 1,
  });
  const client = new Client({ name: 'dojo-guard-policy-test', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  try {
    await server.connect(a);
    await client.connect(b);
    return (await client.listTools()).tools;
  } finally {
    await client.close();
    await server.close();
    await agent.close();
  }
}

/**
 * The lister for a policy test file's `tools:` value (relative paths from the test file).
 * @example const lister = policyTestToolLister('bundled-pro', 'policies/defectdojo-pro_test.yaml');
 */
export function policyTestToolLister(tools: PolicyTestTools, testFile: string): ToolLister {
  if (tools === 'bundled' || tools === 'bundled-pro') {
    return () => bundledTools(tools === 'bundled-pro');
  }
  const file = path.resolve(path.dirname(testFile), tools);
  return async () => {
    const doc = JSON.parse(await readFile(file, 'utf8')) as { tools?: unknown };
    if (!Array.isArray(doc.tools))
      throw new Error(`${file}: no "tools" array (a tools/list result)`);
    return doc.tools;
  };
}

/** Helpers for policy tests: temp policy files and loader deps (real MemoryRecorder/MemoryStore). */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { loadPolicy } from '../../src/policy/load.js';
import { MemoryStore } from '../../src/state/memory.js';
import { upstreamPorts } from '../../src/proxy/upstream-ports.js';

const dir = mkdtempSync(path.join(tmpdir(), 'dojo-guard-policy-'));
let n = 0;

/** Writes `text` to a fresh temp file and returns its path. */
export function policyFile(text: string, name = `p${n++}.yaml`): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

/** The real in-memory state store (guards built by the loader receive it). */
export const store = new MemoryStore();

/** Loader deps; a policy reaches its upstream as the proxy wires it (src/cli/proxy.ts). */
export function deps(now: () => number = Date.now) {
  return { store, recorder: new MemoryRecorder(), now, upstreamPorts };
}

export const MINIMAL = `version: 1
upstream:
  url: http://127.0.0.1:9/mcp
auth:
  tokens:
    - id: alice
      role: reader
      sha256: ${'a'.repeat(64)}
rbac:
  roles:
    reader:
      tools: [get_*]
`;

/** loadPolicy on inline YAML texts. */
export async function load(texts: string[], env: NodeJS.ProcessEnv = {}) {
  return loadPolicy(
    texts.map((t) => policyFile(t)),
    { env, deps: deps() },
  );
}

/** The issues of a failing load (fails the test if loading succeeds). */
export async function loadIssues(texts: string[], env: NodeJS.ProcessEnv = {}): Promise<string[]> {
  try {
    await load(texts, env);
  } catch (err) {
    return (err as { issues?: string[] }).issues ?? [String(err)];
  }
  throw new Error('expected the policy to be rejected');
}

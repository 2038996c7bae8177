/**
 * Shared helpers for the audit tests: temp dirs, a recorder factory over the real module, record
 * builders, a throwaway CA and server certificate as files (test/helpers/certs.ts), free ports.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createAuditRecorder } from '../../src/audit/index.js';
import { AuditPolicySchema } from '../../src/audit/schema.js';
import type { DecisionRecord } from '../../src/core/recorder.js';
import { keyFromText } from '../../src/audit/chain.js';
import { makeCa as makeTestCa } from '../helpers/certs.js';

export const KEY = 'test-audit-key-0123456789abcdef';
export const KEY2 = 'second-audit-key-fedcba9876543210';
export const keyOf = (text = KEY) => keyFromText(text);

export function tmpDir(prefix = 'dg-audit-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Builds a recorder from a raw `audit` section (validated by the real schema). */
export async function makeRecorder(
  section: Record<string, unknown>,
  key: string | undefined = KEY,
) {
  return createAuditRecorder(AuditPolicySchema.parse(section), {
    env: key === undefined ? {} : { AUDIT_HMAC_KEY: key },
    handleSighup: false,
  });
}

export function decision(i: number, extra: Partial<DecisionRecord> = {}): DecisionRecord {
  return {
    decisionId: `dec-${i}`,
    requestId: `req-${i}`,
    sessionId: 'sess-1',
    principal: { id: 'alice', role: 'triager', authMethod: 'static_token' },
    method: 'tools/call',
    tool: 'get_findings',
    arguments: { limit: i },
    verdicts: [
      { guard: 'rbac', phase: 'request', outcome: 'continue', mode: 'enforce', durationUs: 3 },
    ],
    outcome: 'allowed',
    latencyMs: 1.5,
    mutation: false,
    ...extra,
  };
}

export function lines(file: string): string[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '');
}

/** Parsed records of a JSON-lines file (collector prefixes stripped; torn lines skipped). */
export function records(file: string): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (const l of lines(file)) {
    try {
      out.push(JSON.parse(l.slice(l.indexOf('{'))) as Record<string, any>);
    } catch {
      // a torn line: integrity is checked by verify, not here
    }
  }
  return out;
}

/** Polls `cond` until true (no fixed sleeps). */
export async function waitFor(
  cond: () => boolean,
  timeoutMs = 15_000,
  what = 'condition',
): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface TestCa {
  caFile: string;
  certFile: string;
  keyFile: string;
}

/** A throwaway CA and a server certificate for 127.0.0.1/localhost, as files in `dir`. */
export function makeCa(dir: string): TestCa {
  const ca = makeTestCa('dojo-guard test CA');
  const server = ca.issue({
    cn: 'localhost',
    usage: 'server',
    sans: ['IP:127.0.0.1', 'DNS:localhost'],
  });
  const f = (n: string) => path.join(dir, n);
  fs.writeFileSync(f('ca.pem'), ca.cert);
  fs.writeFileSync(f('server.pem'), server.cert);
  fs.writeFileSync(f('server.key'), server.key, { mode: 0o600 });
  return { caFile: f('ca.pem'), certFile: f('server.pem'), keyFile: f('server.key') };
}

/**
 * The plain webhook shape of a decision point (src/guards/external/ask.ts) against an in-test
 * HTTP server, the answer cache's bounds (cache.ts), and the policy checks: a rule naming a
 * decision point that does not exist, or one with both opa and webhook, is refused at load.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ask, endpointOf } from '../../src/guards/external/ask.js';
import { DecisionCache } from '../../src/guards/external/cache.js';
import { DecisionPointSchema } from '../../src/guards/external/schema.js';
import { runCli } from '../helpers/process.js';
import { explainPolicy } from '../../src/policy/explain.js';
import { renderExplanation } from '../../src/policy/explain-render.js';
import { readPolicySource } from '../../src/policy/load.js';

let server: http.Server;
let url: string;
const bodies: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      bodies.push(raw);
      const { input } = JSON.parse(raw) as { input: { say: string } };
      if (input.say === 'huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end(JSON.stringify({ allow: true, pad: 'x'.repeat(100_000) }));
      }
      if (input.say === 'redirect') {
        res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' });
        return void res.end();
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(input.say === 'garbage' ? 'not json' : input.say);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/decide`;
});

afterAll(() => new Promise((r) => server.close(r)));

const point = () =>
  DecisionPointSchema.parse({ webhook: { url }, timeout_ms: 1000, headers: { 'x-from': 'guard' } });

describe('webhook decision point', () => {
  it('reads {allow, reason} and refuses anything else as unavailable', async () => {
    expect(await ask(point(), { say: '{"allow":true}' })).toEqual({ kind: 'allow' });
    expect(await ask(point(), { say: '{"allow":false,"reason":"no"}' })).toEqual({
      kind: 'deny',
      reason: 'no',
    });
    for (const say of ['{"allow":"yes"}', '{"result":true}', 'garbage', 'huge', 'redirect', '[]']) {
      expect((await ask(point(), { say })).kind, say).toBe('unavailable');
    }
    expect(JSON.parse(bodies[0]!)).toEqual({ input: { say: '{"allow":true}' } });
  });

  it('builds the OPA data API URL', () => {
    const p = DecisionPointSchema.parse({ opa: { url: 'http://opa:8181/', path: 'a/b/allow' } });
    expect(endpointOf(p).href).toBe('http://opa:8181/v1/data/a/b/allow');
    expect(() =>
      DecisionPointSchema.parse({ opa: { url: 'http://o', path: 'x' }, webhook: { url } }),
    ).toThrow();
    expect(() => DecisionPointSchema.parse({ opa: { url: 'http://o', path: '../x' } })).toThrow();
  });
});

describe('decision cache', () => {
  it('keeps answers for ttl, bounded, and never a failure', () => {
    let now = 1_000;
    const c = new DecisionCache(1000, 2, () => now);
    c.set('a', { kind: 'allow' });
    c.set('u', { kind: 'unavailable', reason: 'timeout' });
    expect(c.get('a')).toEqual({ kind: 'allow' });
    expect(c.get('u')).toBeUndefined();
    c.set('b', { kind: 'deny' });
    c.set('c', { kind: 'deny' });
    expect(c.get('a')).toBeUndefined(); // oldest dropped
    now = 1_999;
    expect(c.get('c')).toEqual({ kind: 'deny' });
    now = 2_001;
    expect(c.get('c')).toBeUndefined(); // expired
    const off = new DecisionCache(0, 2, () => now);
    off.set('a', { kind: 'allow' });
    expect(off.get('a')).toBeUndefined(); // ttl 0: no cache
  });
});

describe('policy checks', () => {
  it('policy explain names the external rule and the approval count it cannot evaluate', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-external-'));
    const file = path.join(dir, 'p.yaml');
    writeFileSync(
      file,
      `version: 1
auth: { allow_anonymous: true, anonymous_role: r }
decision_points:
  opa: { opa: { url: 'http://127.0.0.1:8181', path: dojo/allow } }
rbac:
  roles: { r: { tools: ['*'], permissions: [approve] } }
  rules:
    - { id: ask-opa, tools: [close_finding], when: [{ arg: reason, equals: x }], require: 'external:opa' }
approvals:
  rules:
    - { id: many, tools: [close_finding], after: { calls: 5, duration_seconds: 60 }, approvers: { permission: approve } }
`,
    );
    try {
      const { source } = await readPolicySource([file], {});
      const e = explainPolicy(source, { role: 'r', tool: 'close_finding', args: { reason: 'x' } });
      expect(e.external).toEqual([{ ruleId: 'ask-opa', decisionPoint: 'opa' }]);
      expect(e.approval?.after).toEqual({ calls: 5, durationSeconds: 60 });
      const text = renderExplanation(e);
      expect(text).toContain('decided by decision point opa');
      expect(text).toContain('more than 5 such calls in 60s');
      const other = explainPolicy(source, {
        role: 'r',
        tool: 'close_finding',
        args: { reason: 'y' },
      });
      expect(other.external).toBeUndefined();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a rule naming an unknown decision point', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dojo-guard-external-'));
    const file = path.join(dir, 'p.yaml');
    writeFileSync(
      file,
      `version: 1
auth: { allow_anonymous: true, anonymous_role: r }
decision_points:
  opa: { opa: { url: 'http://127.0.0.1:8181', path: dojo/allow } }
rbac:
  roles: { r: { tools: ['*'] } }
  rules:
    - { id: ask-nobody, tools: [close_finding], require: 'external:nobody' }
`,
    );
    try {
      const r = await runCli(['policy', 'validate', file]);
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toContain('no decision point nobody');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/**
 * Hot reload end to end (real proxy process, SDK client, SDK upstream): a good file changes
 * behaviour, a broken file keeps the old policy (metric + `policy_reload_failed` audited), a
 * changed `server.caps` applies to the next request, SIGHUP reloads with watching off, and concurrent calls during repeated swaps are all answered.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startRecordingUpstream, type RecordingUpstream } from '../rbac/recording-upstream.js';
import type { Running } from '../helpers/process.js';
import { READER_TOKEN, policyYaml, startProxy } from '../helpers/env-role-proxy.js';
import { readAudit } from '../helpers/audit-file.js';
import { call, connect } from '../helpers/mcp-client.js';
import { metricsText, sample } from '../helpers/metrics-text.js';
import { writeAtomically, tempDir } from '../helpers/files.js';
import { waitFor } from '../helpers/wait.js';

const UNKNOWN = /Unknown tool: close_finding/;
/**
 * The env-role policy (test/helpers/env-role-proxy.ts) without rate limits. The recording upstream advertises no readOnlyHint, so
 * get_findings counts as mutating too, and the swap test's hundreds of calls per minute from one
 * principal would hit the default `mutations-per-principal` limit (60/min): `rate_limited`
 * answers that no reload causes. Limits are tested in test/rate-limit.
 */
const reloadYaml = (opts: Parameters<typeof policyYaml>[0] = {}): string =>
  policyYaml({
    ...opts,
    tail: 'rate_limits:\n  limits: [] # opt-out: the swap test floods one principal on purpose',
  });
let upstream: RecordingUpstream;
let watched: Running;
let hup: Running;
let reader: Client;
const dir = tempDir('reload');
const watchedFile = path.join(dir, 'watched', 'policy.yaml');
const hupFile = path.join(dir, 'hup', 'policy.yaml');
const audit = path.join(dir, 'audit.log');

const reloads = async (p: Running, result: 'success' | 'failure', trigger: string) =>
  sample(await metricsText(p), 'dojo_guard_policy_reloads_total', { result, trigger }) ?? 0;

beforeAll(async () => {
  upstream = await startRecordingUpstream();
  fs.mkdirSync(path.dirname(watchedFile));
  fs.mkdirSync(path.dirname(hupFile));
  fs.writeFileSync(watchedFile, reloadYaml());
  fs.writeFileSync(hupFile, reloadYaml());
  [watched, hup] = await Promise.all([
    startProxy(watchedFile, upstream.url, { audit }),
    startProxy(hupFile, upstream.url, { extraArgs: ['--no-watch'] }),
  ]);
  reader = await connect(watched, READER_TOKEN);
});

afterAll(async () => {
  await reader?.close().catch(() => undefined);
  await watched?.stop();
  await hup?.stop();
  await upstream?.close().catch(() => undefined);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reload on file change', () => {
  it('a good file (replaced by rename, as editors do) changes behaviour', async () => {
    expect(await call(reader, 'close_finding', { finding_id: 1 })).toMatch(UNKNOWN);
    writeAtomically(watchedFile, reloadYaml({ readerExtra: ['close_finding'] }));
    await waitFor(async () => (await call(reader, 'close_finding', { finding_id: 1 })) === 'ok');
    expect(await reloads(watched, 'success', 'file')).toBe(1);
    const loaded = readAudit(audit).filter((r) => r.type === 'policy_loaded');
    expect(loaded.at(-1)).toMatchObject({ detail: { reload: true, trigger: 'file' } });
    // The session survives the swap, and later calls are stamped with the new revision.
    const last = readAudit(audit)
      .filter((r) => r.kind === 'decision')
      .at(-1)!;
    expect(last.policyRevision).toBe((loaded.at(-1)!.detail as { revision: string }).revision);
  });

  it('a second change after the rename is still seen (the watch follows the new file)', async () => {
    fs.writeFileSync(watchedFile, reloadYaml()); // in-place write this time
    await waitFor(async () => UNKNOWN.test(await call(reader, 'close_finding', { finding_id: 1 })));
    expect(await reloads(watched, 'success', 'file')).toBe(2);
  });

  it('a broken file keeps the old policy, bumps the failure metric and is audited', async () => {
    writeAtomically(watchedFile, reloadYaml({ readerExtra: ['close_finding'] }) + 'rbac: {}\n');
    await waitFor(async () => (await reloads(watched, 'failure', 'file')) === 1);
    // Old behaviour kept: close_finding is still hidden, get_findings still works.
    expect(await call(reader, 'close_finding', { finding_id: 1 })).toMatch(UNKNOWN);
    expect(await call(reader, 'get_findings')).toBe('ok');
    const failed = await waitFor(() =>
      readAudit(audit).find((r) => r.type === 'policy_reload_failed'),
    );
    expect(failed).toMatchObject({ severity: 'warning', detail: { trigger: 'file' } });
    expect(watched.stderr()).toContain('policy reload failed');

    // Schema-valid YAML but semantically broken (unknown inherited role): also refused.
    writeAtomically(
      watchedFile,
      reloadYaml({ readerExtra: ['close_finding'] }).replace(
        'inherits: [reader]',
        'inherits: [ghost]',
      ),
    );
    await waitFor(async () => (await reloads(watched, 'failure', 'file')) === 2);
    expect(await call(reader, 'close_finding', { finding_id: 1 })).toMatch(UNKNOWN);

    // Fixing the file recovers.
    writeAtomically(watchedFile, reloadYaml({ readerExtra: ['close_finding'] }));
    await waitFor(async () => (await call(reader, 'close_finding', { finding_id: 1 })) === 'ok');
  });

  it('answers every concurrent call during repeated swaps, each under one whole policy', async () => {
    const clients = await Promise.all([1, 2, 3, 4].map(() => connect(watched, READER_TOKEN)));
    let swapping = true;
    const answers: string[] = [];
    const workers = clients.map(async (c, i) => {
      while (swapping) {
        answers.push(await call(c, 'get_findings'));
        answers.push(await call(c, 'close_finding', { finding_id: i }));
      }
    });
    const before = await reloads(watched, 'success', 'file');
    for (let k = 0; k < 6; k++) {
      writeAtomically(
        watchedFile,
        reloadYaml({ readerExtra: k % 2 ? ['close_finding'] : [] }) + `# ${k}\n`,
      );
      await waitFor(async () => (await reloads(watched, 'success', 'file')) >= before + k + 1);
    }
    swapping = false;
    await Promise.all(workers);
    await Promise.all(clients.map((c) => c.close()));
    expect(answers.length).toBeGreaterThan(12);
    // Never a transport failure or guard error: only the answers one of the two policies gives.
    expect(answers.filter((a) => a !== 'ok' && !UNKNOWN.test(a))).toEqual([]);
  });
});

describe('reload on SIGHUP', () => {
  it('a changed cap applies to the next request, and its removal too', async () => {
    // 60 argument values: under the default count cap, over a reloaded `max_json_values: 50`.
    const wide = { filter: Array.from({ length: 60 }, (_, i) => i) };
    // The refusal is an HTTP 400 the SDK throws with the body in its message.
    const tooComplex = async (): Promise<boolean> => {
      try {
        return /json_too_complex/.test(await call(reader, 'get_findings', wide));
      } catch (err) {
        return /json_too_complex/.test(String(err));
      }
    };
    const plain = reloadYaml({ readerExtra: ['close_finding'] });
    expect(await tooComplex()).toBe(false);
    writeAtomically(
      watchedFile,
      plain.replace('server: { port: 0 }', 'server: { port: 0, caps: { max_json_values: 50 } }'),
    );
    await waitFor(tooComplex);
    expect(await call(reader, 'get_findings')).toBe('ok');
    writeAtomically(watchedFile, plain);
    await waitFor(async () => !(await tooComplex()));
  });

  it('does not watch with --no-watch, and reloads on SIGHUP', async () => {
    const client = await connect(hup, READER_TOKEN);
    try {
      writeAtomically(hupFile, reloadYaml({ readerExtra: ['close_finding'] }));
      // Give a watcher (if any) time to act, proven by a round trip after the write.
      await new Promise((r) => setTimeout(r, 600));
      expect(await call(client, 'close_finding', { finding_id: 2 })).toMatch(UNKNOWN);
      hup.child.kill('SIGHUP');
      await waitFor(async () => (await call(client, 'close_finding', { finding_id: 2 })) === 'ok');
      expect(await reloads(hup, 'success', 'sighup')).toBe(1);

      writeAtomically(hupFile, 'version: 2\n');
      hup.child.kill('SIGHUP');
      await waitFor(async () => (await reloads(hup, 'failure', 'sighup')) === 1);
      expect(await call(client, 'close_finding', { finding_id: 2 })).toBe('ok');
      expect(hup.child.exitCode).toBeNull();
    } finally {
      await client.close();
    }
  });
});

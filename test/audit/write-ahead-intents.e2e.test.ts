/**
 * Write-ahead intent records (src/audit/recorder.ts `recordIntent`, src/audit/verify-intents.ts):
 * the intent is on file when the call returns, after everything queued before it; the outcome
 * names it; `audit verify` pairs them and reports intents left without an outcome.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditFiles } from '../../src/audit/verify.js';
import type { IntentRecord } from '../../src/core/recorder.js';
import { runCli } from '../helpers/process.js';
import { decision, KEY, keyOf, makeRecorder, records, tmpDir } from './helpers.js';

const dir = tmpDir();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const intent = (i: number, extra: Partial<IntentRecord> = {}): IntentRecord => ({
  decisionId: `dec-${i}`,
  requestId: `req-${i}`,
  principal: { id: 'alice', role: 'writer', authMethod: 'static_token' },
  method: 'tools/call',
  tool: 'update_finding',
  arguments: { finding_id: i, note: 'x' },
  ...extra,
});

describe('write-ahead intent records', () => {
  it('are on file when recordIntent returns, sealed after everything queued before them', async () => {
    for (const fsync of ['always', 'interval']) {
      const file = path.join(dir, `wa-${fsync}.log`);
      const rec = await makeRecorder({ file: { path: file, fsync } });
      rec.recordDecision(decision(1)); // queued, not yet sealed (drained on a later tick)
      const before = fs.readFileSync(file, 'utf8');
      expect(before).not.toContain('"dec-1"');
      const r = rec.recordIntent(intent(2))!;
      // Synchronously, no tick in between: the intent and the read queued before it are written.
      const now = records(file);
      const i = now.findIndex((x) => x.kind === 'intent');
      expect(now[i]).toMatchObject({ seq: r.seq, decisionId: 'dec-2', decision: 'allowed' });
      expect(now[i]!.argumentsDigest).toBe(r.argumentsDigest);
      expect(now[i]).not.toHaveProperty('arguments'); // the digest only; masked args come after
      expect(now.findIndex((x) => x.decisionId === 'dec-1')).toBe(i - 1);
      rec.recordDecision(decision(2, { mutation: true, tool: 'update_finding', intent: r }));
      await rec.close();
      const outcome = records(file).find((x) => x.kind === 'decision' && x.decisionId === 'dec-2');
      expect(outcome).toMatchObject({ intentSeq: r.seq, argumentsDigest: r.argumentsDigest });
      const v = verifyAuditFiles([file], [keyOf()]);
      expect(v).toMatchObject({ ok: true, intents: 1, openIntents: [] });
    }
  });

  it('refuse (undefined) when the file sink cannot take records, so the mutation is not forwarded', async () => {
    const file = path.join(dir, 'wa-failed.log');
    const rec = await makeRecorder({ file: { path: file } });
    (rec as unknown as { file: { failed?: string } }).file.failed = 'EIO';
    expect(rec.recordIntent(intent(1))).toBeUndefined();
    await rec.close().catch(() => undefined);
  });

  it('verify reports an intent without outcome, and fails an outcome naming a wrong intent', async () => {
    const file = path.join(dir, 'wa-open.log');
    const rec = await makeRecorder({ file: { path: file } });
    const a = rec.recordIntent(intent(1))!;
    rec.recordIntent(intent(2)); // in flight at the "crash": never gets an outcome
    rec.recordDecision(decision(1, { mutation: true, intent: a }));
    await rec.close();
    const v = verifyAuditFiles([file], [keyOf()]);
    expect(v.ok).toBe(true);
    expect(v.intents).toBe(2);
    expect(v.openIntents).toEqual([
      { seq: a.seq + 1, decisionId: 'dec-2', tool: 'update_finding', afterGap: false },
    ]);
    const cli = await runCli(['audit', 'verify', file], { env: { AUDIT_HMAC_KEY: KEY } });
    expect(cli.stdout).toMatch(/2 mutation intent\(s\), 1 without outcome/);

    // A correctly signed outcome that names another decision's intent, or other arguments.
    for (const [n, bad] of [
      ['other-decision', { decisionId: 'dec-9' }],
      ['other-args', { arguments: { finding_id: 999 } }],
    ] as const) {
      const f = path.join(dir, `wa-${n}.log`);
      const r2 = await makeRecorder({ file: { path: f } });
      const i = r2.recordIntent(intent(1))!;
      const { intent: _omit, ...base } = decision(1, { mutation: true });
      r2.recordDecision({
        ...base,
        arguments: intent(1).arguments,
        ...bad,
        // the digest must be recomputed from the (other) arguments, not reused
        intent: 'arguments' in bad ? { seq: i.seq } : i,
      });
      await r2.close();
      expect(verifyAuditFiles([f], [keyOf()]).error?.problem, n).toBe('unpaired');
    }
  });
});

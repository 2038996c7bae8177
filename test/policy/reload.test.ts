import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { MemoryRecorder } from '../../src/core/recorder.js';
import { loadPolicy } from '../../src/policy/load.js';
import { createPolicyHolder } from '../../src/policy/reload.js';
import { MINIMAL, policyFile, store } from './helpers.js';

describe('policy reload', () => {
  it('swaps to a valid new policy and keeps the old one when the new one is broken', async () => {
    const file = policyFile(MINIMAL);
    const recorder = new MemoryRecorder();
    const opts = { env: {}, deps: { store, recorder, now: Date.now } };
    const { policy } = await loadPolicy([file], opts);
    const holder = createPolicyHolder(policy, [file], opts);
    const snapshot = holder.current();

    writeFileSync(file, MINIMAL.replace('[get_*]', '[get_*, close_finding]'));
    const ok = await holder.reload();
    expect(ok.ok).toBe(true);
    expect(holder.current().revision).not.toBe(snapshot.revision);
    expect(recorder.revision).toBe(holder.current().revision);
    expect(snapshot.revision).toBe(policy.revision); // in-flight snapshot unchanged

    const good = holder.current();
    writeFileSync(file, MINIMAL.replace('  tokens:', '  tokenz:'));
    const bad = await holder.reload();
    expect(bad.ok).toBe(false);
    expect(bad.issues.join('\n')).toMatch(/auth\.tokenz: unknown key/);
    expect(holder.current()).toBe(good);
    expect(recorder.events.map((e) => e.type)).toEqual(['policy_loaded', 'policy_reload_failed']);
  });
});

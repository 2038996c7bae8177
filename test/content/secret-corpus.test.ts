/**
 * The secret shape corpus (secret-corpus.json, ≥ 40 shapes, each with a benign near-miss) through
 * the three paths that share one detector: result redaction, argument rejection and audit
 * masking. `npm run bench:secrets` prints the same counts.
 */
import { describe, expect, it } from 'vitest';
import { createSecretScanner } from '../../src/guards/content/secret-scanner.js';
import { maskArguments, MASK } from '../../src/guards/content/mask.js';
import { createSecretArgsGuard } from '../../src/guards/content/secret-args.js';
import { callCtx } from '../injection/ctx.js';
import { MemoryStore } from '../../src/state/memory.js';
import type { Verdict } from '../../src/core/guard.js';
import { REPO_ROOT } from '../helpers/paths.js';
import { loadSecretCorpus } from '../../src/bench/secret-corpus.js';

const entries = loadSecretCorpus(REPO_ROOT);
const scanner = createSecretScanner();
const guard = createSecretArgsGuard(true)!;
const store = new MemoryStore();

describe('secret shape corpus', () => {
  it('holds at least 40 distinct shapes', () => {
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
    expect(entries.length).toBeGreaterThanOrEqual(40);
  });

  it.each(entries.map((e) => [e.id, e] as const))('%s: redacted, rejected, masked', (_id, e) => {
    const { secret, text } = e;
    const out = scanner.redactString(text);
    expect(out).toContain('[REDACTED:');
    expect(out).not.toContain(secret);
    const v = guard.onRequest!(callCtx(store, 'add_finding_note', { entry: text })) as Verdict;
    expect(v).toMatchObject({ kind: 'deny', code: 'secret_in_arguments' });
    expect(JSON.stringify(v)).not.toContain(secret);
    const m = maskArguments({ note: { entry: text } }, { fields: [], maxChars: 1 << 20 });
    expect(m.value['note']).toEqual({ entry: MASK });
    expect(JSON.stringify(m.value)).not.toContain(secret);
  });

  it.each(entries.map((e) => [e.id, e] as const))(
    '%s: the near-miss passes untouched',
    (_id, e) => {
      const near = e.nearMiss;
      expect(scanner.redactString(near)).toBe(near);
      expect(scanner.findKind(near)).toBeUndefined();
      expect(
        guard.onRequest!(callCtx(store, 'add_finding_note', { entry: near })).valueOf(),
      ).toEqual(expect.objectContaining({ kind: 'continue' }));
    },
  );
});

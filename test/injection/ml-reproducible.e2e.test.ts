/**
 * The committed `ml.v1` model (src/guards/injection/ml/weights.ts and metrics.json) is exactly
 * what scripts/train-injection-model.mjs produces from the committed data: the weights cannot
 * drift from the script, the corpora split, the probe sets it fits or the model card's figures.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/paths.js';

describe('ml.v1 weights', () => {
  it('are what the training script produces (its --check mode retrains and compares)', () => {
    // About 20 s of CPU; `--check` writes nothing and exits 1 naming the files that differ.
    const out = execFileSync(process.execPath, ['scripts/train-injection-model.mjs', '--check'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(out).toContain('the committed model is what the trainer produces');
  }, 300_000);
});

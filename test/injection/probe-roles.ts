/**
 * The hand-written probe sets (test/fixtures/injection/check/) and their roles as the check set's
 * README states them (its table's third column: tuned on, fitted, **held out**, **not fitted**),
 * for the tests that hold the model and its combination with the rules to that table.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';
import { isHeldOut, isNotFitted, probeRoles as readRoles } from '../../src/bench/corpus.js';

export const CHECK = path.join(REPO_ROOT, 'test/fixtures/injection/check');

/** Set name (`probe-X`) → its role. */
export const probeRoles: ReadonlyMap<string, string> = readRoles();

/** Held out: never read, never fitted. */
export const heldOut = (set: string): boolean => isHeldOut(probeRoles.get(set) ?? '');
/** Read and tuned on by the rules, but kept out of the model's fitting (the README says why). */
export const notFitted = (set: string): boolean => isNotFitted(probeRoles.get(set) ?? '');

/** A probe set's rows. */
export function probeRows(set: string): { text: string; label: string }[] {
  return readFileSync(path.join(CHECK, `${set}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: string });
}

/** Detections one false positive is worth (scripts/train-injection-model.mjs FLAG_COST). */
export const FLAG_COST = 3;

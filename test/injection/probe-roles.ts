/**
 * The hand-written probe sets (test/fixtures/injection/check/) and their roles as the check set's
 * README states them (its table's third column: tuned on, fitted, **held out**, **not fitted**),
 * for the tests that hold the model and its combination with the rules to that table.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

export const CHECK = path.join(REPO_ROOT, 'test/fixtures/injection/check');

/** Set name (`probe-X`) → its role. */
export const probeRoles: ReadonlyMap<string, string> = new Map(
  readFileSync(path.join(CHECK, 'README.md'), 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('| probe-'))
    .map((l) => l.split('|').map((c) => c.trim()))
    .map((c) => [c[1]!, c[3]!] as const),
);

/** Held out: never read, never fitted. */
export const heldOut = (set: string): boolean => /^(\*\*)?held out/.test(probeRoles.get(set) ?? '');
/** Read and tuned on by the rules, but kept out of the model's fitting (the README says why). */
export const notFitted = (set: string): boolean =>
  /^(\*\*)?not fitted/.test(probeRoles.get(set) ?? '');

/** A probe set's rows. */
export function probeRows(set: string): { text: string; label: string }[] {
  return readFileSync(path.join(CHECK, `${set}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; label: string });
}

/** Detections one false positive is worth (scripts/train-injection-model.mjs FLAG_COST). */
export const FLAG_COST = 3;

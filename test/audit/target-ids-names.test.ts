/**
 * Guards normalize their id-argument names once (src/guards/read-tracking/ids.ts
 * `idArgumentNames`); extractTargetFindingIds must find exactly what it finds from the names as
 * written, which it normalizes per call.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractTargetFindingIds, idArgumentNames } from '../../src/guards/read-tracking/ids.js';

const NAMES = ['finding_id', 'finding_ids', 'id', 'ids', 'id__in', 'finding'];
const key = fc.oneof(
  fc.constantFrom('Finding-ID', 'finding_ids', 'ＩＤ', 'id\u200b', 'ids', 'title', 'nested', 'x'),
  fc.string(),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small' },
    fc.integer({ min: -5, max: 10_000 }),
    fc.constantFrom('42', '４２', '1,2,3', 'x', ' 7 '),
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(key, tie('v'), { maxKeys: 3 }),
  ),
})).v;

describe('extractTargetFindingIds with names normalized once', () => {
  it('finds the same ids and unparsable flag as with the names as written', () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, value, { maxKeys: 5 }),
        fc.subarray(NAMES.concat(['Finding-Ref', 'IDS'])),
        (args, names) => {
          expect(extractTargetFindingIds(args, idArgumentNames(names))).toEqual(
            extractTargetFindingIds(args, names),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('normalizes like the per-call path (case, separators, NFKC)', () => {
    const args = { 'Finding-ID': '４２', nested: { IDS: [7, '8'] }, title: 3 };
    expect(extractTargetFindingIds(args, idArgumentNames(NAMES)).ids.sort()).toEqual(
      [42, 7, 8].sort(),
    );
  });
});

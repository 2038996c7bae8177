/**
 * Property tests against an in-process sandbox: arbitrary filter values and arbitrary JSON bodies
 * must give DefectDojo's 200/201/400/403/404 answers, never a 500 or a dropped connection.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/server.js';
import { api, TOKENS } from './sandbox-client.js';

let sb: RunningSandbox;

beforeAll(async () => {
  sb = await startSandbox({ port: 0 });
});
afterAll(async () => {
  await sb?.close();
});

const PARAMS = [
  'active',
  'severity',
  'title',
  'date',
  'created',
  'test',
  'test__engagement__product',
  'cwe',
  'tags',
  'tags__and',
  'not_tags',
  'tag',
  'o',
  'limit',
  'offset',
  'discovered_on',
  'discovered_before',
  'mitigated_after',
  'mitigated_on',
  'epss_score_min',
  'outside_of_sla',
  'risk_acceptance',
  'prefetch',
  'related_fields',
  'vulnerability_id',
  'product_name',
  'found_by',
  'id',
];
const VALUE = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    'true',
    'False',
    '2',
    '0',
    '-1',
    '1e9',
    'None',
    'Critical,High',
    '2026-01-01',
    '2026-13-45',
    '%00',
    '☃',
    '../',
    ' , ',
  ),
  fc.integer().map(String),
);

describe('sandbox fuzz', () => {
  it('answers any findings query with 200 or a 400 body, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.constantFrom(...PARAMS), VALUE), { maxLength: 4 }),
        async (pairs) => {
          const q = new URLSearchParams(pairs).toString();
          const r = await api(sb.url, `/api/v2/findings/?${q}`);
          expect([200, 400], `${q} -> ${r.status} ${r.text.slice(0, 200)}`).toContain(r.status);
          if (r.status === 400) {
            expect(r.body.message).toEqual(expect.any(String));
            expect(r.body.pro).toHaveLength(1);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers any PATCH body with 200 or 400 and keeps the finding consistent', async () => {
    const keys = [
      'title',
      'severity',
      'active',
      'verified',
      'false_p',
      'duplicate',
      'out_of_scope',
      'risk_accepted',
      'is_mitigated',
      'cwe',
      'tags',
      'mitigated',
      'found_by',
      'description',
      'line',
      'date',
    ];
    const val = fc.oneof(
      fc.boolean(),
      fc.string({ maxLength: 8 }),
      fc.integer(),
      fc.constant(null),
      fc.array(fc.string({ maxLength: 4 }), { maxLength: 3 }),
      fc.constantFrom('High', 'Low', 'true'),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.dictionary(fc.constantFrom(...keys), val, { maxKeys: 5 }),
        async (id, body) => {
          const r = await api(sb.url, `/api/v2/findings/${id}/`, {
            method: 'PATCH',
            token: TOKENS.admin,
            body,
          });
          expect(
            [200, 400],
            `${JSON.stringify(body)} -> ${r.status} ${r.text.slice(0, 200)}`,
          ).toContain(r.status);
          if (r.status === 200) {
            const f = r.body;
            // Invariants of the save rules (API.md §4) and of the serializer rules (§2.1).
            if (f.false_p) expect(f.verified).toBe(false);
            if (f.is_mitigated) expect(f.mitigated).not.toBeNull();
            if (f.duplicate) expect(f.active || f.verified).toBe(false);
            expect(f.numerical_severity).toBe(
              { Critical: 'S0', High: 'S1', Medium: 'S2', Low: 'S3', Info: 'S4' }[
                f.severity as string
              ],
            );
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('answers arbitrary bytes as a JSON body with a 400, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 40 }), async (text) => {
        const r = await api(sb.url, '/api/v2/findings/1/notes/', {
          method: 'POST',
          body: text,
          headers: { 'content-type': 'application/json' },
        });
        expect([201, 400], `${JSON.stringify(text)} -> ${r.status} ${r.text}`).toContain(r.status);
      }),
      { numRuns: 100 },
    );
  });
});

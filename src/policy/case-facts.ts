/**
 * Finding facts for policy tests (`facts:` in a `_test.yaml` case): a fact source for the
 * finding-facts guard that answers from the case instead of the upstream, in the shape of the
 * bundled server's get_finding_by_id (src/guards/finding-facts/facts.ts reads it).
 */
import { z } from 'zod';
import type { FactSource } from '../guards/finding-facts/source.js';

const id = z.number().int().positive();

export const CaseFactsSchema = z
  .object({
    severity: z.enum(['Critical', 'High', 'Medium', 'Low', 'Info']).default('Medium'),
    active: z.boolean().default(true),
    verified: z.boolean().default(false),
    risk_accepted: z.boolean().default(false),
    tags: z.array(z.string()).default([]),
    product: id.optional(),
    product_type: id.optional(),
    engagement: id.optional(),
    test: id.optional(),
  })
  .strict()
  .describe("A finding's state before the call; a finding not listed does not exist.");

export type CaseFacts = z.infer<typeof CaseFactsSchema>;

/** The facts of the case being run, by finding id; set before each case. */
export class CaseFactSource {
  current: Readonly<Record<string, CaseFacts>> = {};

  readonly source: FactSource = (findingId) => {
    const f = Object.hasOwn(this.current, String(findingId)) ? this.current[findingId] : undefined;
    if (!f) {
      const error = { code: 'dojo_not_found', message: 'no such finding in the test case' };
      return Promise.resolve({
        jsonrpc: '2.0',
        id: 1,
        result: { isError: true, content: [{ type: 'text', text: JSON.stringify({ error }) }] },
      });
    }
    const product =
      f.product === undefined
        ? undefined
        : {
            id: f.product,
            prod_type: f.product_type === undefined ? null : { id: f.product_type },
          };
    const finding = {
      id: findingId,
      title: `finding ${findingId}`,
      severity: f.severity,
      active: f.active,
      verified: f.verified,
      risk_accepted: f.risk_accepted,
      tags: f.tags,
      test: f.test ?? 1,
      related_fields: { test: { id: f.test ?? 1, engagement: { id: f.engagement ?? 1, product } } },
    };
    return Promise.resolve({
      jsonrpc: '2.0',
      id: 1,
      result: { structuredContent: { result: finding } },
    });
  };
}

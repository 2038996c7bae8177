/**
 * The `decision_points` policy section: external policy engines an rbac rule can defer to with
 * `require: external:<name>` (src/guards/external/guard.ts). Lives next to its guard;
 * src/policy/schema.ts only references it.
 */
import { z } from 'zod';

const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//i.test(u), { message: 'must be an http(s) URL' });

export const DecisionPointSchema = z
  .object({
    opa: z
      .object({
        url: httpUrl.describe('OPA base URL, e.g. http://127.0.0.1:8181.'),
        path: z
          .string()
          .regex(/^[A-Za-z0-9_]+(\/[A-Za-z0-9_]+)*$/)
          .describe(
            'Document path under /v1/data (e.g. dojo/guard/allow): the guard POSTs ' +
              '{"input": …} to /v1/data/<path> and reads `result`: true, false, or {allow, reason}.',
          ),
      })
      .strict()
      .optional()
      .describe("OPA's REST Data API."),
    webhook: z
      .object({
        url: httpUrl.describe('Endpoint the guard POSTs {"input": …} to.'),
      })
      .strict()
      .optional()
      .describe('A plain webhook answering {"allow": true|false, "reason"?: string}.'),
    headers: z
      .record(z.string().regex(/^[A-Za-z0-9-]{1,64}$/), z.string())
      .default({})
      .describe('Extra request headers (e.g. authorization: "Bearer ${env:OPA_TOKEN}").'),
    timeout_ms: z
      .number()
      .int()
      .min(1)
      .max(30_000)
      .default(500)
      .describe('Longest the guard waits for an answer; then the call is denied.'),
    cache: z
      .object({
        ttl_ms: z
          .number()
          .int()
          .min(0)
          .max(3_600_000)
          .default(5000)
          .describe('How long an answer stays usable for the identical input. 0: no cache.'),
        max_entries: z
          .number()
          .int()
          .min(1)
          .max(1_000_000)
          .default(10_000)
          .describe('Most answers kept (oldest dropped first).'),
      })
      .strict()
      .prefault({})
      .describe('Per-replica cache of answers, keyed by the hash of the input document.'),
  })
  .strict()
  .refine((d) => (d.opa === undefined) !== (d.webhook === undefined), {
    message: 'a decision point needs exactly one of opa and webhook',
  });

export const DecisionPointsSchema = z
  .record(z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/), DecisionPointSchema)
  .describe(
    'External decision points (OPA REST Data API or a webhook), by name. An rbac rule with ' +
      '`require: external:<name>` is decided by that engine: a call it matches runs only when the ' +
      'engine answers allow; a denial, a timeout or an error denies (fail closed).',
  );

export type DecisionPoint = z.infer<typeof DecisionPointSchema>;
export type DecisionPoints = z.infer<typeof DecisionPointsSchema>;

/**
 * The `tripwires` policy section: decoy findings. Lives next to its guard
 * (src/guards/tripwire/guard.ts); src/policy/schema.ts only references it.
 */
import { z } from 'zod';

/** Decoy finding ids: touching them is a high-confidence signal of a compromised agent. */
export const TripwirePolicySchema = z
  .object({
    mode: z
      .enum(['enforce', 'shadow'])
      .optional()
      .describe(
        'Per-guard override of the top-level `mode`. shadow: the critical audit event is still ' +
          'raised, but nothing is denied and the session is not ended.',
      ),
    finding_ids: z
      .array(z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
      .min(1)
      .describe(
        'Decoy finding ids. Any tools/call naming one in its arguments (id-like argument names, ' +
          'compared case/separator-insensitively, numbers or digit strings, comma lists) by a ' +
          'principal outside `readers_allowed`, any mutation naming one by anyone, and any result ' +
          'returning one to a principal outside `readers_allowed` trips the wire.',
      ),
    readers_allowed: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Principal ids or role names that may read decoys (e.g. the team that planted them). ' +
          'Nobody may mutate them.',
      ),
    end_session: z
      .boolean()
      .default(true)
      .describe(
        'Delete the session binding when the wire trips: the session id then answers 404 and ' +
          'the client must re-initialize (and re-authenticate).',
      ),
    id_arguments: z
      .array(z.string().min(1))
      .default(['finding_id', 'finding_ids', 'id', 'ids', 'id__in', 'finding'])
      .describe('Argument names that carry finding ids, at any depth ≤ 4.'),
  })
  .strict()
  .describe('Tripwire (decoy) findings. Absent section: off.');

export type TripwirePolicy = z.infer<typeof TripwirePolicySchema>;

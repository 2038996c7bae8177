/**
 * Finding lifecycle: close and reopen with DefectDojo's real semantics. Closing uses
 * POST /findings/{id}/close/ (inactive, is_mitigated, mitigated, mitigated_by, reviewers cleared),
 * not a PATCH of flags as the peer did; reopening is PATCH active=true, which DefectDojo's state
 * rules turn into "not mitigated, not false positive, not out of scope".
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { DojoApiError } from '../errors.js';
import { ObjectOutputShape, guarded, id, ok, type ToolContext } from './common.js';

const note = z.string().min(1).max(10_000).describe('Note text added to the finding');

/** Present when a note was requested after a state change that succeeded. */
const NoteOutcome = {
  note_added: z.boolean().optional(),
  warning: z
    .string()
    .optional()
    .describe('Why the note could not be added; the state change stands'),
};

const CLOSE_REASONS = [
  'mitigated',
  'false_positive',
  'out_of_scope',
  'duplicate',
  'risk_accepted',
] as const;

/** Adds a note after a state change; a failure there is reported, not hidden or thrown away. */
async function addNoteAfter(
  ctx: ToolContext,
  args: object,
  findingId: number,
  entry: string | undefined,
  result: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  if (!entry) return result;
  try {
    await ctx
      .client(args)
      .post(`findings/${findingId}/notes/`, { json: { entry, private: false } });
    return { ...result, note_added: true };
  } catch (err) {
    if (!(err instanceof DojoApiError)) throw err;
    return { ...result, note_added: false, warning: `note not added: ${err.message}` };
  }
}

/** Registers close_finding and reopen_finding. */
export function registerFindingLifecycleTools(server: McpServer, ctx: ToolContext): void {
  const c = (args: object) => ctx.client(args);

  server.registerTool(
    'close_finding',
    {
      title: 'Close finding',
      description:
        "Close a finding with DefectDojo's close action (inactive, mitigated, mitigated_by set). reason false_positive / out_of_scope / duplicate also sets that flag; risk_accepted uses simple risk acceptance (the product must allow it).",
      inputSchema: {
        finding_id: id('finding'),
        reason: z.enum(CLOSE_REASONS),
        note: note.optional(),
      },
      outputSchema: {
        finding_id: z.number(),
        reason: z.string(),
        result: z.looseObject({}),
        ...NoteOutcome,
      },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    },
    (args) =>
      guarded('close_finding', async () => {
        const fid = args.finding_id;
        if (args.reason === 'risk_accepted') {
          // The close action has no risk-acceptance flag; DefectDojo's simple risk acceptance is
          // risk_accepted=true on an inactive finding (it refuses active + risk_accepted).
          const r = await c(args).patch<Record<string, unknown>>(`findings/${fid}/`, {
            active: false,
            risk_accepted: true,
          });
          const out = { finding_id: fid, reason: args.reason, result: r ?? {} };
          return ok(await addNoteAfter(ctx, args, fid, args.note, out));
        }
        const body: Record<string, unknown> = {
          is_mitigated: true, // must be sent: DefectDojo answers 500 without it (API.md §2.3)
          false_p: args.reason === 'false_positive',
          out_of_scope: args.reason === 'out_of_scope',
          duplicate: args.reason === 'duplicate',
        };
        if (args.note) body.note = args.note;
        const r = await c(args).post<Record<string, unknown>>(`findings/${fid}/close/`, {
          json: body,
        });
        return ok({ finding_id: fid, reason: args.reason, result: r ?? {} });
      }),
  );

  server.registerTool(
    'reopen_finding',
    {
      title: 'Reopen finding',
      description:
        'Reopen a closed finding: active again, and no longer mitigated, false positive, out of scope, duplicate or risk accepted.',
      inputSchema: { finding_id: id('finding'), note: note.optional() },
      outputSchema: { ...ObjectOutputShape, ...NoteOutcome },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    (args) =>
      guarded('reopen_finding', async () => {
        // DefectDojo has no reopen route; active=true makes its state rules clear the closure.
        // duplicate and risk_accepted are cleared explicitly: DefectDojo refuses them when active.
        const r = await c(args).patch<Record<string, unknown>>(`findings/${args.finding_id}/`, {
          active: true,
          is_mitigated: false,
          false_p: false,
          out_of_scope: false,
          duplicate: false,
          risk_accepted: false,
        });
        return ok(await addNoteAfter(ctx, args, args.finding_id, args.note, { result: r ?? {} }));
      }),
  );
}

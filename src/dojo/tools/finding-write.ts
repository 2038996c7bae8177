/**
 * Finding notes, creation, update and tags: the peer's write tools (close/reopen live in
 * finding-lifecycle.ts).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { NUMERICAL_SEVERITY, SEVERITIES } from '../encoding.js';
import { DojoRequestError } from '../errors.js';
import {
  ObjectOutputShape,
  READ_ONLY,
  guarded,
  id,
  isoDate,
  ok,
  tag,
  type ToolContext,
} from './common.js';

const text = (max: number): z.ZodString => z.string().min(1).max(max);
const note = text(10_000).describe('Note text added to the finding');

/** Fields update_finding may change; status changes go through close/reopen. */
const updatable = {
  title: text(511).optional(),
  severity: z.enum(SEVERITIES).optional(),
  description: text(100_000).optional(),
  mitigation: z.string().max(100_000).optional(),
  impact: z.string().max(100_000).optional(),
  steps_to_reproduce: z.string().max(100_000).optional(),
  severity_justification: z.string().max(100_000).optional(),
  references: z.string().max(100_000).optional(),
  cwe: z.number().int().min(0).max(100_000).optional(),
  cvssv3: z.string().max(200).optional(),
  component_name: z.string().max(500).optional(),
  component_version: z.string().max(100).optional(),
  file_path: z.string().max(4000).optional(),
  line: z.number().int().min(0).max(100_000_000).optional(),
  verified: z.boolean().optional(),
  under_review: z.boolean().optional(),
  planned_remediation_date: isoDate.optional(),
};

/** Registers the finding write/lifecycle tools. */
export function registerFindingWriteTools(server: McpServer, ctx: ToolContext): void {
  const c = (args: object) => ctx.client(args);

  server.registerTool(
    'get_finding_notes',
    {
      title: 'Get finding notes',
      description: 'List the notes (comments) of one finding.',
      inputSchema: { finding_id: id('finding') },
      outputSchema: { finding_id: z.number(), notes: z.array(z.looseObject({})) },
      annotations: READ_ONLY,
    },
    (args) =>
      guarded('get_finding_notes', async () => {
        const r = await c(args).get<{ notes?: unknown }>(`findings/${args.finding_id}/notes/`);
        const notes = Array.isArray(r?.notes) ? (r.notes as Record<string, unknown>[]) : [];
        return ok({ finding_id: args.finding_id, notes });
      }),
  );

  server.registerTool(
    'add_finding_note',
    {
      title: 'Add finding note',
      description: 'Add a note to a finding. Notes cannot be removed through this server.',
      inputSchema: { finding_id: id('finding'), entry: note, private: z.boolean().default(false) },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    (args) =>
      guarded('add_finding_note', async () => {
        const body = { entry: args.entry, private: args.private };
        const r = await c(args).post<Record<string, unknown>>(
          `findings/${args.finding_id}/notes/`,
          {
            json: body,
          },
        );
        return ok({ finding_id: args.finding_id, note: r ?? body });
      }),
  );

  server.registerTool(
    'create_finding',
    {
      title: 'Create finding',
      description: 'Create a finding in a test. DefectDojo title-cases the title on save.',
      inputSchema: {
        test_id: id('test'),
        title: text(511),
        severity: z.enum(SEVERITIES),
        description: text(100_000),
        active: z.boolean().default(true),
        verified: z.boolean().default(false),
        found_by: z.array(id('test type')).max(10).default([]),
        vulnerability_ids: z.array(z.string().min(1).max(100)).max(20).optional(),
        tags: z.array(tag).max(20).optional(),
        ...Object.fromEntries(
          Object.entries(updatable).filter(
            ([k]) => !['title', 'severity', 'description', 'verified'].includes(k),
          ),
        ),
      },
      outputSchema: ObjectOutputShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false },
    },
    (args) =>
      guarded('create_finding', async () => {
        const { test_id, vulnerability_ids, ...rest } = args as typeof args &
          Record<string, unknown>;
        const body: Record<string, unknown> = {
          ...rest,
          test: test_id,
          numerical_severity: NUMERICAL_SEVERITY[args.severity],
        };
        if (vulnerability_ids)
          body.vulnerability_ids = vulnerability_ids.map((v) => ({ vulnerability_id: v }));
        const r = await c(args).post<Record<string, unknown>>('findings/', { json: body });
        return ok({ result: r });
      }),
  );

  server.registerTool(
    'update_finding',
    {
      title: 'Update finding',
      description:
        'Change descriptive fields of a finding (title, severity, texts, CWE, verified, under_review...). Use close_finding / reopen_finding to change its status.',
      inputSchema: { finding_id: id('finding'), ...updatable },
      outputSchema: ObjectOutputShape,
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    (args) =>
      guarded('update_finding', async () => {
        const { finding_id, ...fields } = args;
        const body = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        if (Object.keys(body).length === 0)
          throw new DojoRequestError('give at least one field to change');
        if (typeof body.severity === 'string') {
          body.numerical_severity =
            NUMERICAL_SEVERITY[body.severity as keyof typeof NUMERICAL_SEVERITY];
        }
        const r = await c(args).patch<Record<string, unknown>>(`findings/${finding_id}/`, body);
        return ok({ result: r });
      }),
  );

  server.registerTool(
    'add_finding_tags',
    {
      title: 'Add finding tags',
      description: 'Append tags to a finding (DefectDojo lower-cases them); returns all its tags.',
      inputSchema: { finding_id: id('finding'), tags: z.array(tag).min(1).max(20) },
      outputSchema: { finding_id: z.number(), tags: z.array(z.string()) },
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true },
    },
    (args) =>
      guarded('add_finding_tags', async () => {
        const r = await c(args).post<{ tags?: unknown }>(`findings/${args.finding_id}/tags/`, {
          json: { tags: args.tags },
        });
        const tags = Array.isArray(r?.tags) ? r.tags.map(String) : [];
        return ok({ finding_id: args.finding_id, tags });
      }),
  );

  server.registerTool(
    'remove_finding_tags',
    {
      title: 'Remove finding tags',
      description: 'Remove tags from a finding. Each tag must currently be on the finding.',
      inputSchema: { finding_id: id('finding'), tags: z.array(tag).min(1).max(20) },
      outputSchema: { finding_id: z.number(), removed: z.array(z.string()) },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true },
    },
    (args) =>
      guarded('remove_finding_tags', async () => {
        const tags = args.tags.map((t) => t.toLowerCase());
        await c(args).put(`findings/${args.finding_id}/remove_tags/`, { tags });
        return ok({ finding_id: args.finding_id, removed: tags });
      }),
  );
}

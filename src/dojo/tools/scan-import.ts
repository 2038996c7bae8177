/**
 * import_scan and reimport_scan: a base64 report sent to DefectDojo as multipart/form-data.
 * Defaults are the safe ones, not DefectDojo's (the peer's weakness §10.5): no auto-created
 * context, no closing of old findings, and reimport does not reactivate mitigated findings,
 * unless the caller says so explicitly (which a policy can then see and restrict).
 */
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { FormData } from 'undici';
import { z } from 'zod';
import { SEVERITIES, formBool } from '../encoding.js';
import { DojoRequestError } from '../errors.js';
import { SCAN_TYPES } from '../scan-types.js';
import { guarded, id, isoDate, ok, tag, type ToolContext } from './common.js';

const name = (max: number): z.ZodString => z.string().min(1).max(max);

const common = {
  scan_type: name(200).describe('DefectDojo scan type, e.g. "ZAP Scan" (exact name)'),
  file: z.string().min(1).describe('The report file, base64-encoded'),
  file_name: name(255)
    // eslint-disable-next-line no-control-regex
    .regex(/^[^/\\\u0000-\u001f]+$/, 'a plain file name, no path')
    .describe('Report file name; its extension matters to some parsers'),
  product_name: name(255).optional(),
  engagement_name: name(300).optional(),
  product_type_name: name(255).optional(),
  test_title: name(255).optional(),
  auto_create_context: z
    .boolean()
    .default(false)
    .describe('Create missing product type/product/engagement'),
  close_old_findings: z
    .boolean()
    .default(false)
    .describe(
      'Close findings missing from this report (DefectDojo defaults this to true on reimport)',
    ),
  active: z.boolean().optional().describe('Override the active flag of every finding'),
  verified: z.boolean().optional().describe('Override the verified flag of every finding'),
  minimum_severity: z.enum(SEVERITIES).optional(),
  scan_date: isoDate.optional(),
  tags: z.array(tag).max(20).optional(),
  version: z.string().max(100).optional(),
  branch_tag: z.string().max(200).optional(),
  commit_hash: z.string().max(64).optional(),
  build_id: z.string().max(200).optional(),
};

const Output = { result: z.looseObject({}) };
const WRITE = { readOnlyHint: false, destructiveHint: true, idempotentHint: false } as const;

/**
 * Strict base64 decode with a size cap checked before decoding, so an oversized argument costs
 * no allocation. Throws DojoRequestError with a safe message.
 * @example decodeReport('eyJhIjoxfQ==', 1024) // Buffer '{"a":1}'
 */
export function decodeReport(b64: string, maxBytes: number): Buffer {
  const s = b64.replace(/\s+/g, '');
  if (Math.floor((s.length * 3) / 4) > maxBytes + 2) {
    throw new DojoRequestError(`file is larger than the ${maxBytes}-byte limit`);
  }
  if (s.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(s)) {
    throw new DojoRequestError('file is not valid base64');
  }
  const buf = Buffer.from(s, 'base64');
  if (buf.length === 0) throw new DojoRequestError('file is empty');
  if (buf.length > maxBytes)
    throw new DojoRequestError(`file is larger than the ${maxBytes}-byte limit`);
  return buf;
}

type CommonArgs = z.infer<z.ZodObject<typeof common>>;

function buildForm(args: CommonArgs, maxBytes: number, extra: Record<string, string>): FormData {
  // Case-sensitive exact match, as DefectDojo's ChoiceField (400 "is not a valid choice").
  if (!SCAN_TYPES.has(args.scan_type)) {
    throw new DojoRequestError(
      'scan_type is not a DefectDojo scan type (names are exact and case-sensitive)',
    );
  }
  const report = decodeReport(args.file, maxBytes);
  const form = new FormData();
  form.set('scan_type', args.scan_type);
  form.set('file', new Blob([report]), args.file_name);
  for (const key of [
    'product_name',
    'engagement_name',
    'product_type_name',
    'test_title',
  ] as const) {
    if (args[key]) form.set(key, args[key]);
  }
  for (const key of [
    'version',
    'branch_tag',
    'commit_hash',
    'build_id',
    'minimum_severity',
    'scan_date',
  ] as const) {
    if (args[key]) form.set(key, args[key]);
  }
  form.set('auto_create_context', formBool(args.auto_create_context));
  form.set('close_old_findings', formBool(args.close_old_findings));
  if (args.active !== undefined) form.set('active', formBool(args.active));
  if (args.verified !== undefined) form.set('verified', formBool(args.verified));
  for (const t of args.tags ?? []) form.append('tags', t);
  for (const [k, v] of Object.entries(extra)) form.set(k, v);
  return form;
}

/** Registers import_scan and reimport_scan. */
export function registerScanTools(server: McpServer, ctx: ToolContext): void {
  server.registerTool(
    'import_scan',
    {
      title: 'Import scan',
      description:
        'Import a scan report as a new test. Target: engagement_id, or product_name + engagement_name (with auto_create_context=true to create them).',
      inputSchema: { ...common, engagement_id: id('engagement').optional() },
      outputSchema: Output,
      annotations: WRITE,
    },
    (args) =>
      guarded('import_scan', async () => {
        if (!args.engagement_id && !(args.product_name && args.engagement_name)) {
          throw new DojoRequestError('give engagement_id, or product_name and engagement_name');
        }
        const extra: Record<string, string> = {};
        if (args.engagement_id) extra.engagement = String(args.engagement_id);
        const form = buildForm(args, ctx.maxScanBytes, extra);
        const r = await ctx.client(args).post<Record<string, unknown>>('import-scan/', { form });
        return ok({ result: r ?? {} });
      }),
  );

  server.registerTool(
    'reimport_scan',
    {
      title: 'Reimport scan',
      description:
        'Reimport a scan report into an existing test (test_id, or product_name + engagement_name + scan_type). Mitigated findings are not reactivated unless do_not_reactivate=false.',
      inputSchema: {
        ...common,
        test_id: id('test').optional(),
        do_not_reactivate: z.boolean().default(true).describe('Keep mitigated findings closed'),
      },
      outputSchema: Output,
      annotations: WRITE,
    },
    (args) =>
      guarded('reimport_scan', async () => {
        if (!args.test_id && !(args.product_name && args.engagement_name)) {
          throw new DojoRequestError('give test_id, or product_name and engagement_name');
        }
        const extra: Record<string, string> = {
          do_not_reactivate: formBool(args.do_not_reactivate),
        };
        if (args.test_id) extra.test = String(args.test_id);
        const form = buildForm(args, ctx.maxScanBytes, extra);
        const r = await ctx.client(args).post<Record<string, unknown>>('reimport-scan/', { form });
        return ok({ result: r ?? {} });
      }),
  );
}

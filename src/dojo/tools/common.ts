/**
 * Pieces every tool module shares: argument schemas with limits, output schemas, the context a
 * tool runs with, and the wrapper that turns DefectDojo failures into `isError` tool results.
 */
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { logger } from '../../shared/logger.js';
import type { DojoClient } from '../client.js';
import { DojoApiError } from '../errors.js';

/** What a tool handler needs: the DefectDojo client for this call, and server limits. */
export interface ToolContext {
  /** Resolves the client for one call; in --pro-compat it uses the call's `token` and `url`. */
  client: (args: object) => DojoClient;
  proCompat: boolean;
  maxScanBytes: number;
}

/** The extra Pro arguments; present only in --pro-compat mode. */
export interface ProCredentials {
  token?: string;
  url?: string;
}

/** A DefectDojo object id (ids are positive integers; 2^31-1 is Django's AutoField max). */
export const id = (what: string): z.ZodNumber =>
  z.number().int().min(1).max(2_147_483_647).describe(`${what} id (integer ≥ 1)`);

/** Page size, as on the Pro page: 1–100, default 100. */
export const limit = z
  .number()
  .int()
  .min(1)
  .max(100)
  .default(100)
  .describe('Page size, 1-100 (default 100). Use 1 to get just the count.');

/** Page offset, default 0; capped so a crafted offset cannot ask for absurd SQL offsets. */
export const offset = z
  .number()
  .int()
  .min(0)
  .max(10_000_000)
  .default(0)
  .describe('Pagination offset (default 0)');

/** A calendar date as DefectDojo writes it. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), 'not a real date');

/** Tag names: DefectDojo stores them lower-cased and forbids spaces, commas and quotes. */
export const tag = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[^\s,'"]+$/, 'tags may not contain spaces, commas or quotes');

/** The Pro extra arguments (seed page: every tool takes the token and the base URL). */
export const proCredentialShape = {
  token: z.string().min(1).max(512).describe('DefectDojo API token used for this call'),
  url: z.string().min(1).max(2048).describe('DefectDojo base URL (not the /mcp endpoint)'),
};

/** Loose object: DefectDojo objects have many fields; we promise `id` and pass the rest through. */
const DojoObject = z.looseObject({ id: z.number().optional() });

/** outputSchema of every list tool: DRF count, our paging fields, the raw DefectDojo objects. */
export const ListOutputShape = {
  count: z.number().describe('Total objects matching the filters'),
  limit: z.number(),
  offset: z.number(),
  next_offset: z.number().nullable().describe('Offset of the next page, or null on the last page'),
  results: z.array(DojoObject),
};

/** outputSchema of every get-by-id tool. */
export const ObjectOutputShape = { result: DojoObject };

/** The DRF list envelope as DefectDojo sends it. */
export interface DrfPage {
  count: number;
  results: Record<string, unknown>[];
}

/**
 * Our list shape from a DRF page: `next_offset` instead of DefectDojo's absolute `next` URL.
 * @example listResult(page, 10, 0) // { count, limit: 10, offset: 0, next_offset: 10, results }
 */
export function toList(page: DrfPage, lim: number, off: number): Record<string, unknown> {
  if (!page || typeof page.count !== 'number' || !Array.isArray(page.results)) {
    throw new DojoApiError('DefectDojo answered with an unexpected list shape', {
      code: 'dojo_bad_response',
    });
  }
  return {
    count: page.count,
    limit: lim,
    offset: off,
    next_offset: off + lim < page.count ? off + lim : null,
    results: page.results,
  };
}

/** A successful result: JSON text for any client plus `structuredContent` for typed ones. */
export function ok(data: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(data) }], structuredContent: data };
}

/** A failed call as an `isError` tool result (STYLE §5): stable code plus a safe message. */
export function fail(code: string, message: string): CallToolResult {
  return {
    isError: true,
    content: [{ type: 'text', text: JSON.stringify({ error: { code, message } }) }],
  };
}

/**
 * Runs a tool body; DefectDojo failures become `isError` results, anything else is logged (name
 * and code only: an unexpected error text could contain a URL) and reported generically.
 */
export async function guarded(
  tool: string,
  body: () => Promise<CallToolResult>,
): Promise<CallToolResult> {
  try {
    return await body();
  } catch (err) {
    if (err instanceof DojoApiError) {
      logger.info('tool failed', { tool, code: err.code, status: err.status });
      return fail(err.code, err.message);
    }
    logger.error('tool crashed', { tool, error: err instanceof Error ? err.name : typeof err });
    return fail('internal_error', 'The server failed to handle this call');
  }
}

/** Annotation presets: true statements about each kind of tool. */
export const READ_ONLY = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

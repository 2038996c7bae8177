/**
 * The recorded request decisions a replay re-evaluates, read only from a trail whose HMAC chain
 * verifies (src/audit/verify.ts): a tampered, truncated or malformed trail is refused, never
 * half-replayed.
 */
import { readFileSync } from 'node:fs';
import type { AuditKey } from '../audit/chain.js';
import { verifyAuditFiles, type VerifyResult } from '../audit/verify.js';

/** One recorded request decision, as replay needs it. */
export interface RecordedRequest {
  seq: number;
  decisionId: string;
  time: string;
  principal: { id: string; role: string; authMethod: string };
  method: string;
  tool?: string;
  prompt?: string;
  resourceUri?: string;
  /** As recorded: masked where `masked` says so (src/guards/content/mask.ts). */
  arguments?: Record<string, unknown>;
  masked: string[];
  mutation: boolean;
  /** The recorded request-phase verdicts, in chain order. */
  verdicts: { guard: string; outcome: string; mode: string; code?: string; ruleId?: string }[];
}

export class ReplayRefused extends Error {
  constructor(
    message: string,
    readonly verify?: VerifyResult,
  ) {
    super(message);
    this.name = 'ReplayRefused';
  }
}

const RESOURCE_METHODS = new Set([
  'resources/read',
  'resources/subscribe',
  'resources/unsubscribe',
]);

/** Why a recorded request cannot be re-decided at all, or undefined when it can. */
export function unreplayable(rec: RecordedRequest): string | undefined {
  if (rec.method === 'completion/complete') return 'completion/complete (its ref is not recorded)';
  if (rec.method === 'prompts/get' && rec.prompt === undefined) return 'prompts/get without name';
  if (RESOURCE_METHODS.has(rec.method) && (rec.resourceUri ?? '[MASKED]') === '[MASKED]') {
    return `${rec.method} without URI`;
  }
  return undefined;
}

/** Guards that answered before the chain (parse errors, caps, sessions): not policy decisions. */
const PRE_CHAIN = new Set(['transport', 'pipeline']);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Verifies the chain of `files`, then returns every request decision the guard chain made.
 * @example const { requests } = readVerifiedTrail(['audit.jsonl'], [keyFromText(key)]);
 */
export function readVerifiedTrail(
  files: readonly string[],
  keys: readonly AuditKey[],
): { requests: RecordedRequest[]; verify: VerifyResult } {
  const verify = verifyAuditFiles(files, keys);
  if (!verify.ok) {
    const e = verify.error;
    throw new ReplayRefused(
      `audit trail does not verify: ${e ? `seq ${e.seq}: ${e.problem}: ${e.reason} (${e.where})` : 'empty'}`,
      verify,
    );
  }
  const requests: RecordedRequest[] = [];
  const seen = new Set<number>();
  for (const f of files) {
    for (const line of readFileSync(f, 'utf8').split('\n')) {
      const at = line.indexOf('{');
      if (at < 0) continue;
      const r = JSON.parse(line.slice(at)) as Record<string, unknown>;
      // A sink's re-sent duplicate carries `replay: true` and the seq of the original.
      if (typeof r.seq !== 'number' || seen.has(r.seq)) continue;
      seen.add(r.seq);
      const rec = requestOf(r);
      if (rec) requests.push(rec);
    }
  }
  return { requests, verify };
}

function requestOf(r: Record<string, unknown>): RecordedRequest | undefined {
  if (r.kind !== 'decision' || typeof r.method !== 'string' || !isObject(r.principal)) return;
  const verdicts = (Array.isArray(r.verdicts) ? r.verdicts : []).filter(
    (v): v is RecordedRequest['verdicts'][number] & { phase: string } =>
      isObject(v) && v.phase === 'request' && typeof v.guard === 'string',
  );
  // Refused before the chain, or a server→client request: nothing a policy change re-decides.
  if (!verdicts.some((v) => !PRE_CHAIN.has(v.guard))) return;
  const p = r.principal as Record<string, unknown>;
  return {
    seq: r.seq as number,
    decisionId: String(r.decisionId),
    time: String(r.time),
    principal: { id: String(p.id), role: String(p.role), authMethod: String(p.authMethod) },
    method: r.method,
    ...(typeof r.tool === 'string' && { tool: r.tool }),
    ...(typeof r.prompt === 'string' && { prompt: r.prompt }),
    ...(typeof r.resourceUri === 'string' && { resourceUri: r.resourceUri }),
    ...(isObject(r.arguments) && { arguments: r.arguments }),
    masked: Array.isArray(r.masked) ? r.masked.map(String) : [],
    mutation: r.mutation === true,
    verdicts: verdicts.map(({ guard, outcome, mode, code, ruleId }) => ({
      guard,
      outcome,
      mode,
      ...(code !== undefined && { code }),
      ...(ruleId !== undefined && { ruleId }),
    })),
  };
}

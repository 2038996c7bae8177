/**
 * `secret-redact` guard: replaces credentials in every server → client message (tool results,
 * resource text, prompt messages, notifications, error data) with `[REDACTED:<kind>]` and records
 * what it did as paths and counts, never values. Its transform step (`redact-secrets`, see
 * TRANSFORM_STEPS in src/core/guard.ts) comes before `untrusted-wrap`'s, so markers end up inside
 * the envelope's `value`.
 */
import type { Guard, ResponseContext, Verdict } from '../../core/guard.js';
import type { JsonRpcMessage } from '../../core/jsonrpc.js';
import { viewOf, type ResponseView } from '../../core/response-view.js';
import { CONTINUE } from '../../core/guard.js';
import { RedactPolicySchema, type RedactPolicy } from './schema.js';
import { createSecretScanner, ScanBudgetExceeded, type RedactionReport } from './secret-scanner.js';
import { propagateLearned } from './secret-propagate.js';
import { mirrorBlock } from './compact-json.js';

/** Top-level members of a JSON-RPC message that can carry server-controlled content. */
const CONTENT_MEMBERS = ['result', 'error', 'params'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Indexes of text blocks that are exactly the compact JSON of `structuredContent` and might hold
 * a secret. Their redacted form is the JSON of the redacted structuredContent, so they are not
 * parsed and walked a second time (finding pages mention "password" and "token" a lot).
 */
function mirroredTextBlocks(
  result: Obj,
  mightContain: (s: string) => boolean,
  view: ResponseView,
): number[] {
  const sc = result['structuredContent'];
  const content = result['content'];
  if (!isObj(sc) || !Array.isArray(content)) return [];
  const out: number[] = [];
  content.forEach((b: unknown, i) => {
    if (!isObj(b) || b['type'] !== 'text' || typeof b['text'] !== 'string') return;
    const text = b['text'];
    if (mightContain(text) && view.mirrors(text, sc)) {
      out.push(i);
    }
  });
  return out;
}

/**
 * Builds the guard, or undefined when redaction is disabled. Absent policy means enabled.
 * @example createSecretRedactGuard(undefined) // redaction with the built-in catalog
 */
export function createSecretRedactGuard(policy: RedactPolicy | undefined): Guard | undefined {
  const cfg = policy ?? RedactPolicySchema.parse({});
  if (!cfg.enabled) return undefined;
  const scanner = createSecretScanner(cfg.patterns);

  function secretRedactOnResponse(
    _ctx: ResponseContext,
    message: JsonRpcMessage,
    given?: ResponseView,
  ): Verdict {
    const view = viewOf(message, given);
    const report: RedactionReport = { counts: new Map(), paths: [] };
    const budget = { left: cfg.max_scan_bytes };
    let out: JsonRpcMessage | undefined;
    const result = message['result'];
    const mirrors = isObj(result) ? mirroredTextBlocks(result, scanner.mightContain, view) : [];
    // Scan a copy whose mirrored blocks are blanked; they are refilled from structuredContent.
    let work = message;
    if (mirrors.length > 0 && isObj(result)) {
      const content = (result['content'] as unknown[]).slice();
      for (const i of mirrors) content[i] = { ...(content[i] as Obj), text: '' };
      work = { ...message, result: { ...result, content } };
    }
    try {
      for (const member of CONTENT_MEMBERS) {
        if (!Object.prototype.hasOwnProperty.call(work, member)) continue;
        const cur = work[member];
        const next = scanner.redactValue(cur, report, member, budget);
        if (next !== cur) (out ??= { ...work })[member] = next;
      }
      if (report.learned?.size) {
        // Copies of a found secret elsewhere in the message (gitleaks `Match` repeats `Secret`).
        for (const member of CONTENT_MEMBERS) {
          const src = out ?? work;
          if (!Object.prototype.hasOwnProperty.call(src, member)) continue;
          const next = propagateLearned(src[member], report, member);
          if (next !== src[member]) (out ??= { ...work })[member] = next;
        }
      }
    } catch (err) {
      if (!(err instanceof ScanBudgetExceeded)) throw err;
      return {
        kind: 'deny',
        code: 'response_too_large',
        reason: `secret scan budget of ${cfg.max_scan_bytes} code units exceeded`,
      };
    }
    if (!out) return CONTINUE;
    if (mirrors.length > 0) {
      const res = out['result'] as Obj;
      const sc = res['structuredContent'];
      const unchanged = sc === (result as Obj)['structuredContent'];
      const content = (res['content'] as unknown[]).slice();
      const original = (result as Obj)['content'] as Obj[];
      for (const i of mirrors) {
        content[i] = unchanged ? original[i] : mirrorBlock(original[i]!, sc as Obj, view);
        if (!unchanged && report.paths.length < 64) report.paths.push(`result.content[${i}].text`);
      }
      out = { ...out, result: { ...res, content } };
    }
    const counts = Object.fromEntries(report.counts);
    const total = [...report.counts.values()].reduce((a, b) => a + b, 0);
    return {
      kind: 'rewrite',
      message: out,
      note: `redacted ${total} secret(s)`,
      annotations: { redacted: counts, redactedPaths: report.paths },
    };
  }

  return {
    name: 'secret-redact',
    mode: cfg.mode,
    transform: true,
    response: { phase: 'transform', step: 'redact-secrets' },
    onResponse: secretRedactOnResponse,
  };
}

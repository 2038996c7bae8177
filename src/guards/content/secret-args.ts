/**
 * `secret-args` guard (request phase, policy switch `content.reject_secrets_in_arguments`): denies
 * `tools/call` and `prompts/get` whose arguments contain a credential, so agents cannot park keys
 * in DefectDojo notes or titles. The denial names the argument path and never echoes the value or
 * the matching kind (the kind goes to the audit reason only).
 */
import type { Guard, RequestContext, Verdict } from '../../core/guard.js';
import { CONTINUE } from '../../core/guard.js';
import { createSecretScanner, isSecretField } from './secret-scanner.js';
import type { RedactPattern } from './schema.js';

/** Arguments larger than this (UTF-16 code units, all strings together) are refused unscanned. */
const MAX_ARGUMENT_SCAN = 8 * 1024 * 1024;
const MAX_DEPTH = 64;

interface Hit {
  path: string;
  kind: string;
}

/** Zero-width, bidi and tag characters: invisible, so they can split a token without a trace. */
const INVISIBLE =
  /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|\uDB40[\uDC00-\uDC7F]/g;

/**
 * The forms of an argument that are checked: as sent, with invisible characters removed and NFKC
 * applied (fullwidth `ｇｈｐ_…`), and percent-decoded. A writer can evade one form, not all.
 */
function variants(text: string): string[] {
  const out = [text];
  // eslint-disable-next-line no-control-regex -- ASCII fast path: nothing to normalise
  if (/^[\x00-\x7f]*$/.test(text) && !text.includes('%')) return out;
  const folded = text.replace(INVISIBLE, '').normalize('NFKC');
  if (folded !== text) out.push(folded);
  if (folded.includes('%')) {
    try {
      out.push(decodeURIComponent(folded));
    } catch {
      out.push(
        folded.replace(/%([0-9A-Fa-f]{2})/g, (_m, h: string) =>
          String.fromCharCode(parseInt(h, 16)),
        ),
      );
    }
  }
  return out;
}

/** Renders a client-chosen key safely for the public message (no control or markup characters). */
function safeKey(key: string): string {
  const cleaned = key.replace(/[^A-Za-z0-9_.-]/g, '?').slice(0, 64);
  return cleaned === '' ? '?' : cleaned;
}

/**
 * Builds the guard, or undefined when the switch is off.
 * @example createSecretArgsGuard(true, [])
 */
export function createSecretArgsGuard(
  enabled: boolean,
  extra: readonly RedactPattern[] = [],
): Guard | undefined {
  if (!enabled) return undefined;
  const scanner = createSecretScanner(extra);

  function find(
    value: unknown,
    path: string,
    budget: { left: number },
    depth: number,
  ): Hit | 'budget' | undefined {
    if (typeof value === 'string') {
      budget.left -= value.length;
      if (budget.left < 0) return 'budget';
      const kind = variants(value)
        .map((v) => scanner.findKind(v))
        .find((k) => k !== undefined);
      return kind ? { path, kind } : undefined;
    }
    if (value === null || typeof value !== 'object') return undefined;
    // Deeper than any legitimate argument: refuse rather than skip (fail closed).
    if (depth > MAX_DEPTH) return 'budget';
    const entries = Array.isArray(value)
      ? value.map((v, i) => [`[${i}]`, v, undefined] as const)
      : Object.keys(value).map(
          (k) => [`.${safeKey(k)}`, (value as Record<string, unknown>)[k], k] as const,
        );
    for (const [suffix, child, key] of entries) {
      const childPath = `${path}${suffix}`;
      if (key !== undefined && isSecretField(key, child))
        return { path: childPath, kind: 'secret_field' };
      const hit = find(child, childPath, budget, depth + 1);
      if (hit) return hit;
    }
    return undefined;
  }

  function secretArgsOnRequest(ctx: RequestContext): Verdict {
    const req = ctx.request;
    if (req.kind !== 'request' || (req.method !== 'tools/call' && req.method !== 'prompts/get')) {
      return CONTINUE;
    }
    const args = req.arguments;
    if (!args) return CONTINUE;
    const hit = find(args, 'arguments', { left: MAX_ARGUMENT_SCAN }, 0);
    if (!hit) return CONTINUE;
    if (hit === 'budget') {
      return {
        kind: 'deny',
        code: 'body_too_large',
        reason: 'arguments exceed the secret scan budget',
      };
    }
    const argument = hit.path.replace(/^arguments\.?/, '').slice(0, 200) || 'arguments';
    return {
      kind: 'deny',
      code: 'secret_in_arguments',
      reason: `credential of kind ${hit.kind} in argument ${argument}`,
      publicMessage: `Argument rejected: it contains a credential (argument "${argument}")`,
      ruleId: `secret:${hit.kind}`,
      data: { argument },
    };
  }

  return { name: 'secret-args', mode: 'enforce', onRequest: secretArgsOnRequest };
}

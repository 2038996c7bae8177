/**
 * Compiles a limit's `match` block into a predicate (once per policy). Matching is deliberately
 * loose in the direction that makes a limit apply MORE often: tool names and argument keys ignore
 * case, Unicode compatibility forms and invisible format characters, and argument values are
 * compared as normalized text, so `False_Positive`, `false_positive\u200b` or `findingIds` do not
 * slip past a limit written for `false_positive` / `finding_ids`.
 */
import type { Principal } from '../../core/principal.js';
import type { ArgumentCondition, LimitMatch } from './schema.js';
import { escapeRegExp } from '../../core/regexp.js';

/** What a predicate looks at: one tools/call. */
export interface CallFacts {
  principal: Principal;
  toolName: string;
  arguments: Record<string, unknown> | undefined;
  mutating: boolean;
}

export type CallPredicate = (call: CallFacts) => boolean;

const FORMAT_CHARS = /\p{Cf}/gu;

/** Text form used for every comparison: NFKC, no format characters, trimmed, lower case. */
export function normalizeText(v: string): string {
  return v.normalize('NFKC').replace(FORMAT_CHARS, '').trim().toLowerCase();
}

/** Argument key form: like normalizeText, and `_`, `-` and spaces do not count. */
export function normalizeKey(k: string): string {
  return normalizeText(k).replace(/[_\-\s]/g, '');
}

function scalarText(v: unknown): string | undefined {
  if (typeof v === 'string') return normalizeText(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return undefined;
}

/**
 * All values at a dotted path. Keys compare by normalizeKey (so duplicates such as `finding_ids`
 * and `findingIds` in one object are both returned); arrays on the way are descended into.
 */
export function valuesAtPath(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const seg of path.split('.').map(normalizeKey)) {
    const next: unknown[] = [];
    const visit = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(visit);
      if (node === null || typeof node !== 'object') return;
      for (const [k, v] of Object.entries(node)) if (normalizeKey(k) === seg) next.push(v);
    };
    current.forEach(visit);
    current = next;
  }
  return current;
}

function flatten(values: unknown[]): unknown[] {
  return values.flatMap((v) => (Array.isArray(v) ? flatten(v) : [v]));
}

function compileCondition(c: ArgumentCondition): (args: Record<string, unknown>) => boolean {
  if (c.present !== undefined) {
    const want = c.present;
    return (args) => valuesAtPath(args, c.path).some((v) => v !== null && v !== undefined) === want;
  }
  const wanted = new Set((c.in ?? [c.equals]).map((v) => scalarText(v)!));
  return (args) =>
    flatten(valuesAtPath(args, c.path)).some((v) => {
      const t = scalarText(v);
      return t !== undefined && wanted.has(t);
    });
}

/** Glob (`*` only) to an anchored, case-insensitive test on the normalized tool name. */
export function compileToolGlobs(globs: readonly string[]): (toolName: string) => boolean {
  const exact = new Set<string>();
  const patterns: RegExp[] = [];
  for (const g of globs.map(normalizeText)) {
    if (!g.includes('*')) exact.add(g);
    else {
      const src = g.split('*').map(escapeRegExp).join('.*');
      patterns.push(new RegExp(`^${src}$`, 's'));
    }
  }
  return (toolName) => {
    const t = normalizeText(toolName);
    return exact.has(t) || patterns.some((p) => p.test(t));
  };
}

/** Compiles every argument condition; all must hold. */
export function compileArgumentConditions(
  conds: readonly ArgumentCondition[] | undefined,
): (args: Record<string, unknown> | undefined) => boolean {
  if (!conds || conds.length === 0) return () => true;
  const tests = conds.map(compileCondition);
  return (args) => tests.every((t) => t(args ?? {}));
}

/**
 * @example compileMatch({ tools: ['close_finding'], arguments: [{ path: 'reason', equals: 'false_positive' }] })
 */
export function compileMatch(match: LimitMatch | undefined): CallPredicate {
  if (!match) return () => true;
  const tools = match.tools ? compileToolGlobs(match.tools) : undefined;
  const classes = match.classes ? new Set(match.classes) : undefined;
  const roles = match.roles ? new Set(match.roles) : undefined;
  const principals = match.principals ? new Set(match.principals) : undefined;
  const args = compileArgumentConditions(match.arguments);
  return (call) =>
    (!tools || tools(call.toolName)) &&
    (!classes || classes.has(call.mutating ? 'mutating' : 'read')) &&
    (!roles || roles.has(call.principal.role)) &&
    (!principals || principals.has(call.principal.id)) &&
    args(call.arguments);
}

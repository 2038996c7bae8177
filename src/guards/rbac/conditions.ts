/**
 * Argument conditions of RBAC rules (rbac.rules[].when). Small operator set: equals, not_equals,
 * in, not_in, exists, matches (glob). A present argument whose JSON type differs from the
 * operand's type counts as holding: a rule restricts, so an ambiguous value (e.g. the string
 * "true" where a boolean is expected, which an upstream might coerce) gets the stricter treatment.
 *
 * A `fact:` condition reads the target finding's facts (src/guards/finding-facts/fact-view.ts)
 * instead of an argument. Without facts (a context that has none, e.g. read requirements) it
 * holds: the stricter reading.
 */
import type { Condition } from './schema.js';
import { compilePattern } from '../../core/match.js';

/** A finding's facts by condition name (fact-view.ts); `tags` is a lower-cased string list. */
export type FactView = Readonly<Record<string, unknown>>;

/** Facts that could not be known (a mutation naming no finding): every fact condition holds. */
export const UNKNOWN_FACTS: FactView = Object.freeze({});

export type CompiledCondition = ((
  args: Readonly<Record<string, unknown>> | undefined,
  facts?: FactView,
) => boolean) & { readonly needsFacts?: true };

/** JSON type tag: null, array, object, string, number, boolean. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/** A present value none of whose operands has its JSON type. */
function typeMismatch(v: unknown, operands: unknown[]): boolean {
  return operands.length > 0 && !operands.some((o) => jsonType(o) === jsonType(v));
}

/** Type-strict JSON deep equality (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = jsonType(a);
  if (ta !== jsonType(b)) return false;
  if (ta === 'array') {
    const x = a as unknown[];
    const y = b as unknown[];
    return x.length === y.length && x.every((v, i) => jsonEqual(v, y[i]));
  }
  if (ta === 'object') {
    const x = a as Record<string, unknown>;
    const y = b as Record<string, unknown>;
    const kx = Object.keys(x);
    if (kx.length !== Object.keys(y).length) return false;
    return kx.every((k) => Object.prototype.hasOwnProperty.call(y, k) && jsonEqual(x[k], y[k]));
  }
  return false;
}

/**
 * Compiles one condition into a predicate over tools/call arguments.
 * @example compileCondition({ arg: 'reason', equals: 'false_positive' })({ reason: 'false_positive' }) // true
 */
export function compileCondition(c: Condition): CompiledCondition {
  if (c.fact !== undefined) return compileFactCondition(c, c.fact);
  const arg = c.arg!;
  const read = (
    args: Readonly<Record<string, unknown>> | undefined,
  ): { present: boolean; value: unknown } => {
    if (args && Object.prototype.hasOwnProperty.call(args, arg))
      return { present: true, value: args[arg] };
    if (c.default !== undefined) return { present: true, value: c.default };
    return { present: false, value: undefined };
  };
  if (c.exists !== undefined) {
    const want = c.exists;
    return (args) => read(args).present === want;
  }
  if (c.matches !== undefined) {
    const p = compilePattern(c.matches);
    return (args) => {
      const { present, value } = read(args);
      if (!present) return false;
      return typeof value !== 'string' || p.test(value);
    };
  }
  const { negate, operands } = operandsOf(c);
  return (args) => {
    const { present, value } = read(args);
    if (!present) return negate;
    if (typeMismatch(value, operands)) return true;
    const hit = operands.some((o) => jsonEqual(value, o));
    return negate ? !hit : hit;
  };
}

/** The values a comparison operator tests against, and whether it is negated. */
function operandsOf(c: Condition): { negate: boolean; operands: unknown[] } {
  const negate = c.not_equals !== undefined || c.not_in !== undefined;
  const operands: unknown[] =
    c.equals !== undefined
      ? [c.equals]
      : c.not_equals !== undefined
        ? [c.not_equals]
        : (c.in ?? c.not_in ?? []);
  return { negate, operands };
}

/**
 * A condition on a fact. `tags` is a list: equals/in hold when any tag is an operand (operands
 * lower-cased, as DefectDojo stores tags), not_equals/not_in when none is, exists when there is a
 * tag. Other facts compare like arguments (an operand of another JSON type holds); an absent fact (e.g. no product known)
 * makes not_equals/not_in hold and the rest fail, except that `exists: false` holds.
 */
function compileFactCondition(c: Condition, fact: string): CompiledCondition {
  const lower = (v: unknown): unknown => (typeof v === 'string' ? v.toLowerCase() : v);
  const { negate, operands } = operandsOf(c);
  const pattern = c.matches !== undefined ? compilePattern(c.matches) : undefined;
  const test = (facts: FactView): boolean => {
    const value = facts[fact];
    if (fact === 'tags') {
      const tags = Array.isArray(value) ? (value as unknown[]) : [];
      if (c.exists !== undefined) return tags.length > 0 === c.exists;
      if (pattern) return tags.some((t) => typeof t === 'string' && pattern.test(t));
      const hit = tags.some((t) => operands.some((o) => jsonEqual(lower(t), lower(o))));
      return negate ? !hit : hit;
    }
    const present = value !== undefined && value !== null;
    if (c.exists !== undefined) return present === c.exists;
    if (!present) return negate;
    if (pattern) return typeof value !== 'string' || pattern.test(value);
    // As for arguments: an operand of another JSON type (`equals: "true"` on a boolean fact)
    // counts as holding, so a mistyped rule restricts instead of never applying.
    if (typeMismatch(value, operands)) return true;
    const hit = operands.some((o) => jsonEqual(value, o));
    return negate ? !hit : hit;
  };
  const fn = ((_args: Readonly<Record<string, unknown>> | undefined, facts?: FactView) =>
    facts === undefined || facts === UNKNOWN_FACTS ? true : test(facts)) as CompiledCondition;
  return Object.assign(fn, { needsFacts: true as const });
}

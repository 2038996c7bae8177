/**
 * Argument conditions of RBAC rules (rbac.rules[].when). Small operator set: equals, not_equals,
 * in, not_in, exists, matches (glob). A present argument whose JSON type differs from the
 * operand's type counts as holding: a rule restricts, so an ambiguous value (e.g. the string
 * "true" where a boolean is expected, which an upstream might coerce) gets the stricter treatment.
 */
import type { Condition } from './schema.js';
import { compilePattern } from '../../core/match.js';

export type CompiledCondition = (args: Readonly<Record<string, unknown>> | undefined) => boolean;

/** JSON type tag: null, array, object, string, number, boolean. */
function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
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
  const read = (
    args: Readonly<Record<string, unknown>> | undefined,
  ): { present: boolean; value: unknown } => {
    if (args && Object.prototype.hasOwnProperty.call(args, c.arg))
      return { present: true, value: args[c.arg] };
    if (c.default !== undefined) return { present: true, value: c.default };
    return { present: false, value: undefined };
  };
  const typeMismatch = (v: unknown, operands: unknown[]): boolean =>
    operands.length > 0 && !operands.some((o) => jsonType(o) === jsonType(v));
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
  const negate = c.not_equals !== undefined || c.not_in !== undefined;
  const operands: unknown[] =
    c.equals !== undefined
      ? [c.equals]
      : c.not_equals !== undefined
        ? [c.not_equals]
        : (c.in ?? c.not_in ?? []);
  return (args) => {
    const { present, value } = read(args);
    if (!present) return negate;
    if (typeMismatch(value, operands)) return true;
    const hit = operands.some((o) => jsonEqual(value, o));
    return negate ? !hit : hit;
  };
}

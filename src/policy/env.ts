/**
 * `${env:NAME}` interpolation in policy string values, done after YAML parsing and before schema
 * validation, so every string field may reference the environment.
 *
 * Syntax: `${env:NAME}` (NAME = [A-Za-z_][A-Za-z0-9_]*) is replaced by the variable's value; an
 * unset variable is an error (an empty one is allowed). `${env:NAME:-fallback}` uses `fallback`
 * when NAME is unset or empty. `$${` is a literal `${`. Nothing else is interpolated.
 * Resolved values are returned with their dotted paths so the compiler can treat them as secrets;
 * they are never put in error messages.
 */

/** One resolved reference. `value` is the substituted text (possibly a secret). */
export interface EnvUse {
  path: string;
  name: string;
  value: string;
}

/** A `${env:NAME}` (no fallback) whose variable was unset and replaced by the placeholder. */
export interface EnvUnset {
  path: string;
  name: string;
}

export interface InterpolationIssue {
  path: string;
  message: string;
}

const REF = /\$\$\{|\$\{env:([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}|\$\{/g;

/**
 * Replaces env references in every string of a parsed YAML tree (returns a new tree).
 * @example interpolateEnv({ a: 'Token ${env:K}' }, { K: 'x' }).value // { a: 'Token x' }
 */
export function interpolateEnv(
  tree: unknown,
  env: NodeJS.ProcessEnv,
  /** Substitute `placeholder` for unset variables instead of failing (policy validate --schema-only). */
  placeholder?: string,
): { value: unknown; uses: EnvUse[]; issues: InterpolationIssue[]; unset: EnvUnset[] } {
  const uses: EnvUse[] = [];
  const issues: InterpolationIssue[] = [];
  const unset: EnvUnset[] = [];
  const walk = (node: unknown, path: string[]): unknown => {
    if (typeof node === 'string')
      return substitute(node, path.join('.'), env, { uses, issues, unset }, placeholder);
    if (Array.isArray(node)) return node.map((v, i) => walk(v, [...path, String(i)]));
    if (node !== null && typeof node === 'object') {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [k, v] of Object.entries(node)) out[k] = walk(v, [...path, k]);
      return out;
    }
    return node;
  };
  return { value: walk(tree, []), uses, issues, unset };
}

function substitute(
  s: string,
  path: string,
  env: NodeJS.ProcessEnv,
  out: { uses: EnvUse[]; issues: InterpolationIssue[]; unset: EnvUnset[] },
  placeholder: string | undefined,
): string {
  const { uses, issues, unset } = out;
  if (!s.includes('${')) return s;
  return s.replace(REF, (whole, name: string | undefined, fallback: string | undefined) => {
    if (whole === '$${') return '${';
    if (name === undefined) {
      issues.push({
        path,
        message: 'malformed ${...} reference: use ${env:NAME} or $${ for a literal',
      });
      return whole;
    }
    const raw = Object.prototype.hasOwnProperty.call(env, name) ? env[name] : undefined;
    if (fallback !== undefined) {
      const value = raw === undefined || raw === '' ? fallback : raw;
      if (raw !== undefined && raw !== '') uses.push({ path, name, value });
      return value;
    }
    if (raw === undefined && placeholder !== undefined) {
      unset.push({ path, name });
      return placeholder;
    }
    if (raw === undefined) {
      issues.push({ path, message: `environment variable ${name} is not set` });
      return '';
    }
    uses.push({ path, name, value: raw });
    return raw;
  });
}

/**
 * Name patterns and their precedence (STYLE.md §4, AGW `phase::resolve`).
 *
 * A pattern is an exact name or a glob in which `*` matches any run of code points (no `?`, no
 * classes). A leading `!` makes it a deny. For a name, the most specific matching pattern decides:
 * exact > more literal characters > prefix (`a*`) > suffix (`*a`) > other globs > `*`; at equal
 * specificity deny wins. No match: deny (default deny). Comparison is by exact code points: no
 * case folding, no Unicode normalisation.
 */

export interface CompiledPattern {
  readonly source: string;
  readonly deny: boolean;
  readonly exact: boolean;
  /** Precedence key; larger is more specific. */
  readonly rank: number;
  test(name: string): boolean;
}

/** A precedence-ordered pattern list with an exact-name fast path. */
export interface PatternSet {
  /** Exact names: name → deny? */
  readonly exact: ReadonlyMap<string, boolean>;
  /** Globs, most specific first. */
  readonly globs: readonly CompiledPattern[];
  /** The deciding pattern for `name`, or undefined (default deny). */
  resolve(name: string): CompiledPattern | undefined;
  allows(name: string): boolean;
}

/**
 * Compiles one pattern.
 * @example compilePattern('get_*').test('get_findings') // true
 */
export function compilePattern(src: string): CompiledPattern {
  const deny = src.startsWith('!');
  const body = deny ? src.slice(1) : src;
  const parts = body.split('*');
  const literal = [...parts.join('')].length;
  const exact = parts.length === 1;
  let kind = 0; // other glob
  if (exact) kind = 4;
  else if (parts.length === 2 && parts[1] === '' && parts[0] !== '')
    kind = 3; // prefix*
  else if (parts.length === 2 && parts[0] === '' && parts[1] !== '') kind = 2; // *suffix
  // Exact always first; then literal length, then kind; deny breaks ties (added below).
  const rank = exact ? Number.MAX_SAFE_INTEGER : literal * 10 + kind;
  const test = exact ? (n: string) => n === body : globTester(parts);
  return { source: src, deny, exact, rank, test };
}

function globTester(parts: string[]): (name: string) => boolean {
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1);
  return (name) => {
    if (name.length < first.length + last.length) return false;
    if (!name.startsWith(first) || !name.endsWith(last)) return false;
    let pos = first.length;
    const end = name.length - last.length;
    for (const m of middle) {
      const i = name.indexOf(m, pos);
      if (i < 0 || i + m.length > end) return false;
      pos = i + m.length;
    }
    return pos <= end;
  };
}

/**
 * Compiles a list of patterns into a precedence-ordered set.
 * @example compilePatternSet(['get_*', '!get_users']).allows('get_users') // false
 */
export function compilePatternSet(sources: readonly string[]): PatternSet {
  const exact = new Map<string, boolean>();
  const globs: CompiledPattern[] = [];
  const byExact = new Map<string, CompiledPattern>();
  for (const s of sources) {
    const p = compilePattern(s);
    if (p.exact) {
      const name = p.deny ? s.slice(1) : s;
      // deny wins over allow for the same exact name
      exact.set(name, (exact.get(name) ?? false) || p.deny);
      if (!byExact.has(name) || p.deny) byExact.set(name, p);
    } else globs.push(p);
  }
  globs.sort((a, b) => b.rank - a.rank || Number(b.deny) - Number(a.deny));
  const resolve = (name: string): CompiledPattern | undefined => {
    const hit = byExact.get(name);
    if (hit) return hit;
    return globs.find((g) => g.test(name));
  };
  return Object.freeze({
    exact,
    globs: Object.freeze(globs),
    resolve,
    allows: (name: string) => {
      const p = resolve(name);
      return p !== undefined && !p.deny;
    },
  });
}

/** True when the glob can match the given exact name (used for shadowing warnings). */
export function globMatches(pattern: string, name: string): boolean {
  return compilePattern(pattern).test(name);
}

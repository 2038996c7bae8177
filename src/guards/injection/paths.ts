/**
 * Which text of a call's arguments the injection filter scans: every string leaf (and every
 * object key, which is client text too), except the policy's explicit exemptions, whose paths
 * (`file`, `meta.*`, `notes[].raw`, `**`) are pre-split at policy load.
 */

export type PathStep = { kind: 'key'; key: string } | { kind: 'each' } | { kind: 'members' };

/** A compiled path: `**` (every string) or a list of steps. */
export type ArgPath = { all: true } | { all: false; steps: readonly PathStep[] };

/**
 * Parses a policy path. Throws on an empty segment (policy load error).
 * @example parseArgPath('notes[].entry') // steps: key notes, each, key entry
 */
export function parseArgPath(path: string): ArgPath {
  if (path === '**') return { all: true };
  const steps: PathStep[] = [];
  for (const seg of path.split('.')) {
    let s = seg;
    let each = 0;
    while (s.endsWith('[]')) {
      s = s.slice(0, -2);
      each++;
    }
    if (s === '*') steps.push({ kind: 'members' });
    else if (s.length > 0) steps.push({ kind: 'key', key: s });
    else if (each === 0) throw new Error(`invalid argument path "${path}": empty segment`);
    for (let i = 0; i < each; i++) steps.push({ kind: 'each' });
  }
  return { all: false, steps };
}

/** One exempt path with the label that names it in the audit record. */
export interface ArgExemption {
  label: string;
  path: ArgPath;
}

/** One string found in the arguments, with a display path safe to show the client. */
export interface FoundString {
  path: string;
  value: string;
  /** An object key rather than a value (scanned alone, left out of the joined text). */
  key?: true;
}

/** Keys from the client are shown only if they look like identifiers (no echo of content). */
function safeKey(k: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(k) ? k : '<key>';
}

/** An exemption part-way through its steps. */
type State = { ex: ArgExemption; at: number };

/** States after one step into member `key` (or an array element when `key` is undefined). */
function advance(states: readonly State[], key: string | undefined): State[] {
  const out: State[] = [];
  for (const s of states) {
    if (s.ex.path.all) continue;
    const step = s.ex.path.steps[s.at];
    if (!step) continue;
    const ok =
      key === undefined
        ? step.kind === 'each'
        : step.kind === 'members' || (step.kind === 'key' && step.key === key);
    if (ok) out.push({ ex: s.ex, at: s.at + 1 });
  }
  return out;
}

/** The label of an exemption that covers this location (its path ended here, or `**`). */
function covering(states: readonly State[]): string | undefined {
  for (const s of states) {
    if (s.ex.path.all || s.at === s.ex.path.steps.length) return s.ex.label;
  }
  return undefined;
}

/** What the collection found: strings to scan (in argument order) and exemptions used. */
export interface Collected {
  found: FoundString[];
  exempted: Set<string>;
  /** True when `limit` strings were reached (the caller denies rather than scan part). */
  truncated: boolean;
}

/**
 * Every string leaf and object key of `args` in document order, except exempt locations.
 * At most `limit` strings are returned (then `truncated`); deeper than `maxDepth` counts as over
 * the limit too (fail closed: nothing goes unscanned).
 * @example collectStrings({ title: 'x', tags: ['a'] }, []).found // title, tags[0]
 */
export function collectStrings(
  args: Record<string, unknown>,
  exemptions: readonly ArgExemption[],
  limit = 10_000,
  maxDepth = 64,
): Collected {
  const out: Collected = { found: [], exempted: new Set(), truncated: false };
  const walk = (v: unknown, path: string, states: State[], depth: number): void => {
    if (out.truncated) return;
    const label = covering(states);
    if (label !== undefined) {
      out.exempted.add(label);
      return;
    }
    if (out.found.length >= limit || depth > maxDepth) {
      out.truncated = true;
      return;
    }
    if (typeof v === 'string') out.found.push({ path: path || 'arguments', value: v });
    else if (Array.isArray(v)) {
      const next = advance(states, undefined);
      v.forEach((x, i) => walk(x, `${path}[${i}]`, next, depth + 1));
    } else if (typeof v === 'object' && v !== null) {
      for (const k of Object.keys(v)) {
        const p = path ? `${path}.${safeKey(k)}` : safeKey(k);
        const next = advance(states, k);
        // A key is client text as well: scanned unless its member is exempt.
        if (covering(next) === undefined && k.length > 0)
          out.found.push({ path: p, value: k, key: true });
        walk((v as Record<string, unknown>)[k], p, next, depth + 1);
      }
    }
  };
  walk(
    args,
    '',
    exemptions.map((ex) => ({ ex, at: 0 })),
    0,
  );
  return out;
}

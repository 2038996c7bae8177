/**
 * Argument paths of the injection policy (`title`, `tags[]`, `finding.notes[].entry`, `meta.*`,
 * `**`), pre-split at policy load and applied to a tools/call `arguments` object per request.
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

/** One string found in the arguments, with a display path safe to show the client. */
export interface FoundString {
  path: string;
  value: string;
}

/** Keys from the client are shown only if they look like identifiers (no echo of content). */
function safeKey(k: string): string {
  return /^[A-Za-z0-9_-]{1,64}$/.test(k) ? k : '<key>';
}

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Every string at or below `value` (depth-first, bounded by `limit`). */
function collectAll(value: unknown, path: string, out: FoundString[], limit: number): void {
  const stack: Array<[unknown, string]> = [[value, path]];
  while (stack.length > 0 && out.length < limit) {
    const [v, p] = stack.pop()!;
    if (typeof v === 'string') out.push({ path: p, value: v });
    else if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${p}[${i}]`]));
    else if (typeof v === 'object' && v !== null)
      for (const k of Object.keys(v))
        stack.push([(v as Record<string, unknown>)[k], p ? `${p}.${safeKey(k)}` : safeKey(k)]);
  }
}

/**
 * Strings selected by `paths` in `args` (non-string values at a path are skipped; a string array
 * at a path without `[]` is still scanned element by element, so `tags` and `tags[]` agree).
 * At most `limit` strings are returned; the caller treats reaching it as a denial.
 */
export function selectStrings(
  args: Record<string, unknown>,
  paths: readonly ArgPath[],
  limit = 10_000,
): FoundString[] {
  const out: FoundString[] = [];
  for (const p of paths) {
    if (p.all) {
      collectAll(args, '', out, limit);
      continue;
    }
    let frontier: Array<[unknown, string]> = [[args, '']];
    for (const step of p.steps) {
      const next: Array<[unknown, string]> = [];
      for (const [v, at] of frontier) {
        if (step.kind === 'key') {
          if (typeof v === 'object' && v !== null && !Array.isArray(v) && own(v, step.key))
            next.push([
              (v as Record<string, unknown>)[step.key],
              at ? `${at}.${step.key}` : step.key,
            ]);
        } else if (step.kind === 'each') {
          if (Array.isArray(v)) v.forEach((x, i) => next.push([x, `${at}[${i}]`]));
        } else if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
          for (const k of Object.keys(v))
            next.push([(v as Record<string, unknown>)[k], at ? `${at}.${safeKey(k)}` : safeKey(k)]);
        }
      }
      frontier = next;
    }
    for (const [v, at] of frontier) {
      if (typeof v === 'string') out.push({ path: at, value: v });
      else if (Array.isArray(v) || (typeof v === 'object' && v !== null))
        collectAll(v, at, out, limit);
      if (out.length >= limit) return out;
    }
  }
  return out;
}

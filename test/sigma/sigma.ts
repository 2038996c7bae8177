/**
 * A deliberately small Sigma evaluator for the rules in examples/sigma/: field selections with
 * `startswith`/`endswith`/`contains`, numeric `lt`/`lte`/`gt`/`gte`, lists as OR, `selection and not filter` conditions, and
 * `event_count` correlations (group-by + timespan + gte). Enough to prove the rules match the
 * audit records the guard really writes; not a general Sigma engine.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';

type Rec = Record<string, unknown>;

export interface SigmaDoc {
  title: string;
  id: string;
  name?: string;
  level?: string;
  logsource?: { product?: string; service?: string };
  /** Record fields the rule shows with a hit. */
  fields?: string[];
  detection?: Record<string, unknown> & { condition: string };
  correlation?: {
    type: string;
    rules: string[];
    'group-by': string[];
    timespan: string;
    condition: { gte: number };
  };
}

export function loadSigma(file: string): SigmaDoc[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((d) => d.toJS() as SigmaDoc);
}

function field(rec: Rec, dotted: string): unknown {
  let v: unknown = rec;
  for (const part of dotted.split('.')) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Rec)[part];
  }
  return v;
}

const NUMERIC: Record<string, (a: number, e: number) => boolean> = {
  lt: (a, e) => a < e,
  lte: (a, e) => a <= e,
  gt: (a, e) => a > e,
  gte: (a, e) => a >= e,
};

function matchValue(actual: unknown, expected: unknown, mod: string | undefined): boolean {
  if (mod !== undefined && NUMERIC[mod]) {
    return typeof actual === 'number' && NUMERIC[mod](actual, Number(expected));
  }
  if (typeof expected === 'string' && typeof actual === 'string') {
    const a = actual.toLowerCase();
    const e = expected.toLowerCase();
    if (mod === 'startswith') return a.startsWith(e);
    if (mod === 'endswith') return a.endsWith(e);
    if (mod === 'contains') return a.includes(e);
    if (mod === undefined) return a === e;
    throw new Error(`unsupported modifier ${mod}`);
  }
  if (mod !== undefined) return false;
  return actual === expected;
}

function matchSelection(sel: Rec, rec: Rec): boolean {
  return Object.entries(sel).every(([key, expected]) => {
    const [name, mod] = key.split('|') as [string, string | undefined];
    const actual = field(rec, name);
    const options = Array.isArray(expected) ? expected : [expected];
    return options.some((e) => matchValue(actual, e, mod));
  });
}

/** True if a detection rule matches one record (conditions: `a`, `a and not b`). */
export function matches(doc: SigmaDoc, rec: Rec): boolean {
  const det = doc.detection!;
  const m = /^(\w+)(?: and not (\w+))?$/.exec(det.condition.trim());
  if (!m) throw new Error(`unsupported condition: ${det.condition}`);
  const sel = (n: string): boolean => {
    const s = det[n];
    if (!s || typeof s !== 'object') throw new Error(`no selection ${n}`);
    return matchSelection(s as Rec, rec);
  };
  return sel(m[1]!) && !(m[2] !== undefined && sel(m[2]));
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Group keys whose base-rule hits reach `gte` within `timespan` (sliding window on `time`). */
export function correlationFires(doc: SigmaDoc, all: SigmaDoc[], records: Rec[]): string[] {
  const c = doc.correlation!;
  if (c.type !== 'event_count') throw new Error(`unsupported correlation ${c.type}`);
  const bases = c.rules.map((n) => {
    const b = all.find((d) => d.name === n);
    if (!b) throw new Error(`correlation names unknown rule ${n}`);
    return b;
  });
  const span = Number(c.timespan.slice(0, -1)) * UNIT_MS[c.timespan.slice(-1)]!;
  const groups = new Map<string, number[]>();
  for (const r of records) {
    if (!bases.some((b) => matches(b, r))) continue;
    const key = c['group-by'].map((g) => JSON.stringify(field(r, g))).join('|');
    const list = groups.get(key) ?? [];
    list.push(Date.parse(String(r.time)));
    groups.set(key, list);
  }
  const fired: string[] = [];
  for (const [key, times] of groups) {
    times.sort((a, b) => a - b);
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while (times[hi]! - times[lo]! > span) lo++;
      if (hi - lo + 1 >= c.condition.gte) {
        fired.push(key);
        break;
      }
    }
  }
  return fired;
}

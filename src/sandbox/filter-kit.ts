/**
 * django-filter value parsing as DefectDojo uses it (API.md §1.4, §3). Every parser records its
 * error in `errors` (all errors of a request are reported together, like a Django form) and
 * returns undefined when the parameter is absent, ignored or invalid.
 */
import type { FieldError } from './errors.js';
import { validationError } from './errors.js';
import { addDays, dojoDate } from './time.js';

export type Pred<T> = (row: T) => boolean;

/** Collects filter predicates and errors for one request. */
export class FilterSet<T> {
  readonly preds: Array<Pred<T>> = [];
  readonly errors: Record<string, FieldError[]> = {};

  constructor(readonly query: URLSearchParams) {}

  add(p: Pred<T>): void {
    this.preds.push(p);
  }

  fail(name: string, message: string, code: string): void {
    (this.errors[name] ??= []).push({ message, code });
  }

  /** Non-empty raw value, or undefined (empty values mean "no filter" in django-filter). */
  raw(name: string): string | undefined {
    const v = this.query.get(name);
    return v === null || v === '' ? undefined : v;
  }

  /**
   * DojoFilter booleans: `true`/`True`/`2` and `false`/`False`/`3`; anything else, `1` and
   * `TRUE` included, is ignored silently (NullBooleanSelect).
   */
  dojoBool(name: string): boolean | undefined {
    const v = this.raw(name);
    if (v === 'true' || v === 'True' || v === '2') return true;
    if (v === 'false' || v === 'False' || v === '3') return false;
    return undefined;
  }

  /** Plain FilterSet booleans (filterset_fields endpoints): true/false/1/0, case-insensitive. */
  plainBool(name: string): boolean | undefined {
    const v = this.raw(name)?.toLowerCase();
    if (v === 'true' || v === '1') return true;
    if (v === 'false' || v === '0') return false;
    return undefined;
  }

  /** NumberInFilter: comma-separated numbers; any non-number is `Enter a number.`. */
  numbers(name: string): number[] | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const items = v.split(',');
    if (items.some((s) => !/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(s))) {
      this.fail(name, 'Enter a number.', 'invalid');
      return undefined;
    }
    return items.map(Number);
  }

  /** A single number (exact filter); invalid text is `Enter a number.`. */
  number(name: string): number | undefined {
    const l = this.numbers(name);
    if (l === undefined) return undefined;
    if (l.length !== 1) {
      this.fail(name, 'Enter a number.', 'invalid');
      return undefined;
    }
    return l[0];
  }

  /** Comma list of strings (tags, severity). */
  csv(name: string): string[] | undefined {
    const v = this.raw(name);
    return v === undefined ? undefined : v.split(',').map((s) => s.trim());
  }

  /**
   * DateRangeFilter choice 1..7 -> an inclusive-exclusive predicate on a `YYYY-MM-DD` string;
   * `None` means any; `0` and everything else is 400 (API.md §3).
   */
  dateChoice(name: string, now: Date): ((date: string | null) => boolean) | undefined {
    const v = this.raw(name);
    if (v === undefined || v === 'None') return undefined;
    const today = dojoDate(now);
    const since = (days: number) => (d: string | null) =>
      d !== null && d >= dojoDate(addDays(now, -days)) && d <= today;
    switch (v) {
      case '1':
        return (d) => d === today;
      case '2':
        return since(7);
      case '3':
        return since(30);
      case '4':
        return since(90);
      case '5':
        return (d) => d !== null && d.slice(0, 7) === today.slice(0, 7);
      case '6':
        return (d) => d !== null && d.slice(0, 4) === today.slice(0, 4);
      case '7':
        return since(365);
      default:
        this.fail(
          name,
          `Select a valid choice. ${v} is not one of the available choices.`,
          'invalid_choice',
        );
        return undefined;
    }
  }

  /** Throws the 400 filter body if any parameter was invalid. */
  throwIfErrors(): void {
    if (Object.keys(this.errors).length > 0) throw validationError(this.errors);
  }

  apply(rows: readonly T[]): T[] {
    this.throwIfErrors();
    return rows.filter((r) => this.preds.every((p) => p(r)));
  }
}

/** Tag filters of §1.4 applied to a tag list obtained by `get`, with a parameter prefix. */
export function tagFilters<T>(fs: FilterSet<T>, prefix: string, get: (row: T) => string[]): void {
  const any = fs.csv(`${prefix}tags`);
  if (any) fs.add((r) => get(r).some((t) => any.includes(t)));
  const all = fs.csv(`${prefix}tags__and`);
  if (all) fs.add((r) => all.every((t) => get(r).includes(t)));
  const none = fs.csv(`not_${prefix}tags`);
  if (none) fs.add((r) => !get(r).some((t) => none.includes(t)));
  if (prefix === '') {
    const sub = fs.raw('tag')?.toLowerCase();
    if (sub !== undefined) fs.add((r) => get(r).some((t) => t.includes(sub)));
    const notSub = fs.raw('not_tag')?.toLowerCase();
    if (notSub !== undefined) fs.add((r) => !get(r).some((t) => t.includes(notSub)));
    const has = fs.dojoBool('has_tags');
    if (has !== undefined) fs.add((r) => get(r).length > 0 === has);
  }
}

/**
 * Django `o` ordering: a comma list of allowed fields, `-` for descending. Nulls sort last
 * ascending and first descending (PostgreSQL); ties break by id for stable pages.
 */
export function ordering<T extends { id: number }>(
  fs: FilterSet<T>,
  allowed: Record<string, (row: T) => string | number | boolean | null>,
): ((a: T, b: T) => number) | undefined {
  const v = fs.raw('o');
  if (v === undefined) return undefined;
  const keys = v.split(',');
  for (const k of keys) {
    if (!(k.replace(/^-/, '') in allowed)) {
      fs.fail(
        'o',
        `Select a valid choice. ${k} is not one of the available choices.`,
        'invalid_choice',
      );
      return undefined;
    }
  }
  return (a, b) => {
    for (const k of keys) {
      const desc = k.startsWith('-');
      const get = allowed[k.replace(/^-/, '')]!;
      const x = get(a);
      const y = get(b);
      if (x === y) continue;
      if (x === null) return desc ? -1 : 1;
      if (y === null) return desc ? 1 : -1;
      const c = x < y ? -1 : 1;
      return desc ? -c : c;
    }
    return a.id - b.id;
  };
}

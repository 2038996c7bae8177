/**
 * DefectDojo's value encodings (API.md §1): datetimes are ISO-8601 UTC with microseconds and a
 * `Z`, dates are `YYYY-MM-DD`.
 */

const DAY_MS = 86_400_000;

/** `2024-05-02T09:14:03.512000Z` (JS has millisecond precision; the last 3 digits are 0). */
export function dojoDateTime(d: Date): string {
  return d.toISOString().replace('Z', '000Z');
}

/** `YYYY-MM-DD` in UTC. */
export function dojoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The date `days` days after (negative: before) `d`, as `YYYY-MM-DD`. */
export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** Whole days from date string a to date string b (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

/** True for a real calendar date in `YYYY-MM-DD` form. */
export function isDateString(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const t = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
}

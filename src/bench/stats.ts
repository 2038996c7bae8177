/** Small statistics helpers for the benchmark (no dependencies, exact on sorted copies). */

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const idx = Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1));
  return s[idx]!;
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Coefficient of variation (stddev / mean); NaN for fewer than two values. */
export function cv(values: readonly number[]): number {
  if (values.length < 2) return NaN;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return Math.sqrt(variance) / mean;
}

export const round = (x: number, digits = 3): number =>
  Number.isFinite(x) ? Number(x.toFixed(digits)) : x;

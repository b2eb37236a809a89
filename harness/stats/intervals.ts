import { hashSeed } from '../api.ts';

/** A point estimate with its confidence interval. */
export interface Interval {
  value: number;
  low: number;
  high: number;
}

/** z for a two-sided 95% interval. */
export const Z95 = 1.959963984540054;

/**
 * Wilson score interval for a proportion: stays inside [0, 1] and is not degenerate at 0/n or n/n,
 * unlike the normal approximation (whose standard error collapses to 0 there).
 */
export function wilson(successes: number, n: number, z = Z95): Interval {
  if (n === 0) return { value: NaN, low: NaN, high: NaN };
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0/n and n/n the bound is exactly 0 or 1 (the formula gives it up to rounding).
  return { value: p, low: successes === 0 ? 0 : Math.max(0, centre - half), high: successes === n ? 1 : Math.min(1, centre + half) };
}

export interface BootstrapOptions {
  /** Resampling seed: fixed, so the same values always give the same interval. */
  seed?: number;
  resamples?: number;
  /** Two-sided confidence level. */
  level?: number;
}

/** Percentile bootstrap interval of the mean. Deterministic for a given seed. */
export function bootstrapMean(values: ArrayLike<number>, options: BootstrapOptions = {}): Interval {
  const n = values.length;
  if (n === 0) return { value: NaN, low: NaN, high: NaN };
  const mean = sum(values) / n;
  if (n === 1) return { value: mean, low: mean, high: mean };
  const { seed = 0, resamples = 2000, level = 0.95 } = options;
  const data = Float64Array.from(values);
  // mulberry32, inlined: this loop draws resamples × n indices and is the cost of summarising a large run.
  let state = (hashSeed('bootstrap', seed) | 0) >>> 0;
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      state = (state + 0x6d2b79f5) | 0;
      let t = Math.imul(state ^ (state >>> 15), 1 | state);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      total += data[Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)];
    }
    means[r] = total / n;
  }
  means.sort();
  const alpha = (1 - level) / 2;
  return { value: mean, low: quantileSorted(means, alpha), high: quantileSorted(means, 1 - alpha) };
}

/** Linear-interpolated quantile of already sorted values (the "type 7" definition used by R and numpy). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

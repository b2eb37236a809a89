import { hashSeed } from '../api.ts';
import { type Interval, quantileSorted } from './intervals.ts';

/**
 * Intervals for runs with several training seeds. A training seed is the unit of replication: two seeds give
 * two trained agents, and the spread between them is part of what a claim about the method must cover. The
 * two-level bootstrap resamples seeds with replacement, then episodes within each drawn seed, so its interval
 * covers both the variance between training runs and the variance between episodes. With one seed it
 * reduces to the ordinary (episode) bootstrap.
 *
 * The estimate is the mean over seeds of each seed's mean: every seed weighs the same, however many of its
 * episodes ran (a seed cut short by an interrupted run does not count for less).
 */
export interface SeedBootstrapOptions {
  /** Resampling seed: fixed, so the same values always give the same interval. */
  seed?: number;
  resamples?: number;
  /** Two-sided confidence level. */
  level?: number;
}

/**
 * A seeded uniform index generator (mulberry32) for resampling loops: `draw(n)` is uniform in [0, n). The
 * same seed text gives the same sequence on every platform.
 */
export function indexDrawer(...seed: (string | number)[]): (n: number) => number {
  let state = (hashSeed(...seed) | 0) >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/** The mean over seeds of each seed's mean, with a two-level percentile bootstrap interval. Empty seeds are left out. */
export function seedBootstrapMean(bySeed: readonly ArrayLike<number>[], options: SeedBootstrapOptions = {}): Interval {
  const seeds = bySeed.filter((values) => values.length > 0).map((values) => Float64Array.from(values));
  if (seeds.length === 0) return { value: NaN, low: NaN, high: NaN };
  const value = meanOf(seeds.map(meanOf));
  const { seed = 0, resamples = 2000, level = 0.95 } = options;
  const draw = indexDrawer('seed-bootstrap', seed);
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let total = 0;
    for (let s = 0; s < seeds.length; s++) {
      const values = seeds[draw(seeds.length)];
      let sum = 0;
      for (let i = 0; i < values.length; i++) sum += values[draw(values.length)];
      total += sum / values.length;
    }
    draws[r] = total / seeds.length;
  }
  return percentile(value, draws, level);
}

/**
 * Paired pairs grouped by seed, for a two-level paired bootstrap: `candidate[s][i]` and `baseline[s][i]` are
 * the two agents' values on the same episode of seed s.
 */
export interface SeededPairs {
  candidate: readonly ArrayLike<number>[];
  baseline: readonly ArrayLike<number>[];
}

export interface SeededPairedInterval extends Interval {
  /** Pairs used. */
  n: number;
  /** Seeds with at least one pair. */
  seeds: number;
  /** Two-sided bootstrap p-value against no difference (0) or no change (ratio 1); resolution 1/resamples. */
  pValue: number;
}

/** Mean over seeds of the mean paired difference (candidate − baseline), resampling seeds, then pairs within. */
export function seedPairedDifference(pairs: SeededPairs, options: SeedBootstrapOptions = {}): SeededPairedInterval {
  return seedPaired(pairs, options, (candidate, baseline) => candidate - baseline, 0);
}

/** Ratio of the across-seed means, mean(candidate) / mean(baseline), resampling seeds, then pairs within. */
export function seedPairedRatio(pairs: SeededPairs, options: SeedBootstrapOptions = {}): SeededPairedInterval {
  return seedPaired(pairs, options, (candidate, baseline) => candidate / baseline, 1);
}

function seedPaired(
  pairs: SeededPairs,
  options: SeedBootstrapOptions,
  statistic: (candidateMean: number, baselineMean: number) => number,
  nullValue: number,
): SeededPairedInterval {
  if (pairs.candidate.length !== pairs.baseline.length) throw new Error('seed paired bootstrap: candidate and baseline need the same seeds');
  const seeds: { a: Float64Array; b: Float64Array }[] = [];
  pairs.candidate.forEach((a, s) => {
    const b = pairs.baseline[s];
    if (a.length !== b.length) throw new Error(`seed paired bootstrap: seed ${s} has ${a.length} and ${b.length} values`);
    if (a.length > 0) seeds.push({ a: Float64Array.from(a), b: Float64Array.from(b) });
  });
  const n = seeds.reduce((total, s) => total + s.a.length, 0);
  if (seeds.length === 0) return { value: NaN, low: NaN, high: NaN, n: 0, seeds: 0, pValue: NaN };
  const value = statistic(meanOf(seeds.map((s) => meanOf(s.a))), meanOf(seeds.map((s) => meanOf(s.b))));
  const { seed = 0, resamples = 2000, level = 0.95 } = options;
  const draw = indexDrawer('seed-paired-bootstrap', seed);
  const draws = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let candidate = 0;
    let baseline = 0;
    for (let s = 0; s < seeds.length; s++) {
      const { a, b } = seeds[draw(seeds.length)];
      let sumA = 0;
      let sumB = 0;
      for (let i = 0; i < a.length; i++) {
        const pick = draw(a.length);
        sumA += a[pick];
        sumB += b[pick];
      }
      candidate += sumA / a.length;
      baseline += sumB / a.length;
    }
    draws[r] = statistic(candidate / seeds.length, baseline / seeds.length);
  }
  let below = 0;
  let above = 0;
  for (const d of draws) {
    if (d <= nullValue) below++;
    if (d >= nullValue) above++;
  }
  return { ...percentile(value, draws, level), n, seeds: seeds.length, pValue: Math.min(1, (2 * Math.min(below, above)) / resamples) };
}

function percentile(value: number, draws: Float64Array, level: number): Interval {
  draws.sort(); // NaN (0/0 ratios) sort last and only widen the upper bound
  const alpha = (1 - level) / 2;
  return { value, low: quantileSorted(draws, alpha), high: quantileSorted(draws, 1 - alpha) };
}

function meanOf(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total / values.length;
}

import { describe, expect, it } from 'vitest';
import { createRng } from '../../harness/api.ts';
import { pairedBootstrapDifference, pairedBootstrapRatio } from '../../harness/stats/paired-bootstrap.ts';

function noisy(seed: string, n: number, mean: number, spread: number): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => mean + (rng.next() - 0.5) * 2 * spread);
}

describe('paired bootstrap', () => {
  const baseline = noisy('baseline', 200, 50, 40);

  it('is deterministic for a seed and changes with the seed', () => {
    const candidate = noisy('candidate', 200, 55, 40);
    const first = pairedBootstrapDifference(candidate, baseline, { seed: 7, resamples: 500 });
    const again = pairedBootstrapDifference(candidate, baseline, { seed: 7, resamples: 500 });
    const other = pairedBootstrapDifference(candidate, baseline, { seed: 8, resamples: 500 });
    expect(again).toEqual(first);
    expect(other.low).not.toBe(first.low);
    expect(other.value).toBe(first.value);
  });

  it('cancels what the pair shares: a constant improvement has a zero-width interval', () => {
    // Unpaired, these two samples overlap almost entirely; paired, the gain is exactly 5 on every episode.
    const candidate = baseline.map((value) => value + 5);
    const result = pairedBootstrapDifference(candidate, baseline, { resamples: 300 });
    expect(result.value).toBeCloseTo(5, 12);
    expect(result.low).toBeCloseTo(5, 12);
    expect(result.high).toBeCloseTo(5, 12);
    expect(result.pValue).toBe(0);
  });

  it('finds no difference between identical agents', () => {
    const result = pairedBootstrapDifference(baseline, baseline, { resamples: 300 });
    expect(result).toMatchObject({ value: 0, low: 0, high: 0, n: 200, pValue: 1 });
  });

  it('gives an interval that covers the mean difference and a large p for noise alone', () => {
    const candidate = baseline.map((value, i) => value + (i % 2 === 0 ? 3 : -3));
    const result = pairedBootstrapDifference(candidate, baseline, { resamples: 1000 });
    expect(result.value).toBeCloseTo(0, 12);
    expect(result.low).toBeLessThan(0);
    expect(result.high).toBeGreaterThan(0);
    expect(result.pValue).toBeGreaterThan(0.5);
  });

  it('estimates a ratio of means (tokens of one agent against another)', () => {
    const candidate = baseline.map((value) => value * 0.6);
    const result = pairedBootstrapRatio(candidate, baseline, { resamples: 300 });
    expect(result.value).toBeCloseTo(0.6, 12);
    expect(result.low).toBeCloseTo(0.6, 12);
    expect(result.high).toBeCloseTo(0.6, 12);
    expect(result.pValue).toBe(0);
  });

  it('refuses samples of different lengths and says nothing about no pairs', () => {
    expect(() => pairedBootstrapDifference([1, 2], [1], {})).toThrow(/equal lengths/);
    const empty = pairedBootstrapDifference([], [], {});
    expect(empty.n).toBe(0);
    expect(Number.isNaN(empty.value)).toBe(true);
  });
});

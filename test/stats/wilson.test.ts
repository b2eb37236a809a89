import { describe, expect, it } from 'vitest';
import { wilson } from '../../harness/stats/intervals.ts';

// Expected bounds from SciPy 1.17 (`binomtest(k, n).proportion_ci(method='wilson')`), an independent
// implementation of the Wilson score interval.
describe('Wilson 95% interval for a success rate', () => {
  it('stays informative at 0 successes: 0/10 gives [0, 0.2775]', () => {
    const interval = wilson(0, 10);
    expect(interval.value).toBe(0);
    expect(interval.low).toBeCloseTo(0, 12);
    expect(interval.low).toBeGreaterThanOrEqual(0);
    expect(interval.high).toBeCloseTo(0.27753279986288926, 12);
  });

  it('stays informative at 100%: 10/10 gives [0.7225, 1]', () => {
    const interval = wilson(10, 10);
    expect(interval.value).toBe(1);
    expect(interval.low).toBeCloseTo(0.7224672001371109, 12);
    expect(interval.high).toBeCloseTo(1, 12);
    expect(interval.high).toBeLessThanOrEqual(1);
  });

  it('is asymmetric around 7/10: [0.3968, 0.8922]', () => {
    const interval = wilson(7, 10);
    expect(interval.value).toBeCloseTo(0.7, 12);
    expect(interval.low).toBeCloseTo(0.39677814746114526, 12);
    expect(interval.high).toBeCloseTo(0.892208732593699, 12);
  });

  it('matches for rare events and large n (1/1000, 50/100)', () => {
    expect(wilson(1, 1000).low).toBeCloseTo(0.00017654637062607809, 12);
    expect(wilson(1, 1000).high).toBeCloseTo(0.0056425585979579355, 12);
    expect(wilson(50, 100).low).toBeCloseTo(0.4038315303659956, 12);
    expect(wilson(50, 100).high).toBeCloseTo(0.5961684696340044, 12);
  });

  it('is undefined (NaN) for no episodes rather than a made-up rate', () => {
    expect(Number.isNaN(wilson(0, 0).value)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { binomialLowerTailHalf, exactMcNemar } from '../../harness/stats/mcnemar.ts';

// Expected p-values: exact binomial arithmetic by hand for small tables (2·Σ C(n,i)/2^n), and SciPy 1.17's
// `binomtest(min(b, c), b + c, 0.5).pvalue` for the larger ones.
describe('exact McNemar test', () => {
  it('gives the exact two-sided binomial p-value for small discordant counts', () => {
    expect(exactMcNemar(1, 7).pValue).toBeCloseTo(18 / 256, 14); // 2·(1 + 8)/2^8
    expect(exactMcNemar(0, 5).pValue).toBeCloseTo(2 / 32, 14);
    expect(exactMcNemar(2, 10).pValue).toBeCloseTo(158 / 4096, 14); // 2·(1 + 12 + 66)/2^12
  });

  it('does not depend on which agent is first', () => {
    expect(exactMcNemar(7, 1).pValue).toBe(exactMcNemar(1, 7).pValue);
    expect(exactMcNemar(5, 0).pValue).toBe(exactMcNemar(0, 5).pValue);
  });

  it('is 1 when the agents disagree equally often or never', () => {
    expect(exactMcNemar(3, 3).pValue).toBe(1);
    expect(exactMcNemar(0, 0).pValue).toBe(1);
    expect(exactMcNemar(0, 1).pValue).toBe(1);
  });

  it('stays exact for many discordant pairs, where 2^-n underflows', () => {
    expect(exactMcNemar(480, 520).pValue).toBeCloseTo(0.2174482932041415, 10);
    expect(exactMcNemar(30, 60).pValue).toBeCloseTo(0.0020602656809630745, 12);
    const huge = exactMcNemar(49_000, 51_000).pValue;
    expect(huge).toBeGreaterThan(0);
    expect(huge).toBeLessThan(1e-9);
  });

  it('reports the discordant counts it was given', () => {
    expect(exactMcNemar(4, 9)).toMatchObject({ onlyFirst: 4, onlySecond: 9 });
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => exactMcNemar(-1, 3)).toThrow(/non-negative integers/);
    expect(() => exactMcNemar(1.5, 3)).toThrow(/non-negative integers/);
  });

  it('computes binomial(n, 1/2) lower tails, including the symmetric middle', () => {
    expect(binomialLowerTailHalf(0, 4)).toBeCloseTo(1 / 16, 15);
    expect(binomialLowerTailHalf(2, 4)).toBeCloseTo(11 / 16, 15);
    expect(binomialLowerTailHalf(4, 4)).toBe(1);
    expect(binomialLowerTailHalf(-1, 4)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { bootstrapP, metricHeading, pValue, signed, withBounds } from '../../harness/report/format.ts';

const metric = (label: string, binary: boolean) => ({ name: label, label, binary, higherIsBetter: true, aggregate: 'mean' as const });

describe('report number formatting', () => {
  it('shows rates in percent with their interval, and other means as they are', () => {
    expect(withBounds({ value: 0.7, low: 0.39677, high: 0.89221 }, metric('success', true))).toBe('70.0 [39.7, 89.2]');
    expect(withBounds({ value: 61.25, low: 50.5, high: 71.04 }, metric('score', false))).toBe('61.3 [50.5, 71.0]');
    expect(withBounds({ value: NaN, low: NaN, high: NaN }, null)).toBe('—');
  });

  it('names a rate once with its unit, whatever the metric plugin calls it', () => {
    expect(metricHeading(metric('success %', true), '')).toBe('Success %');
    expect(metricHeading(metric('Success', true), '')).toBe('Success %');
    expect(metricHeading(metric('tokens/step', false), '')).toBe('Tokens/step');
  });

  it('signs differences, without a sign for what rounds to zero', () => {
    expect(signed(3.04)).toBe('+3.0');
    expect(signed(-2.96)).toBe('-3.0');
    expect(signed(-0.04)).toBe('0.0');
  });

  it('prints p-values as papers do, bounded by the bootstrap resolution', () => {
    expect(pValue(0.0703125)).toBe('0.070');
    expect(pValue(0.0002)).toBe('<0.001');
    expect(bootstrapP(0, 1000)).toBe('<0.001');
    expect(bootstrapP(0, 200)).toBe('<0.005');
  });
});

import type { Interval } from '../stats/intervals.ts';
import type { MetricInfo } from './model.ts';

/** Number formatting shared by every text report, so the same value reads the same everywhere. */

export const dash = '—';

/** A metric's value on its display scale: rates as percentages, everything else as it is. */
export function displayScale(metric: Pick<MetricInfo, 'binary'> | null, value: number): number {
  return metric?.binary ? value * 100 : value;
}

export function fixed(value: number | null | undefined, digits = 1): string {
  return value === null || value === undefined || !Number.isFinite(value) ? dash : value.toFixed(digits);
}

export function signed(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return dash;
  const text = value.toFixed(digits);
  // A difference that rounds to zero is shown without a sign ("-0.0" reads as a loss).
  if (Number(text) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

/** Three significant digits, for losses whose scale is unknown in advance. */
export function significant(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return dash;
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1000 || magnitude < 0.001) return value.toExponential(2);
  return value.toPrecision(3);
}

/** `[low, high]` of an interval on a metric's display scale. */
export function bounds(interval: Interval | null, metric: Pick<MetricInfo, 'binary'> | null = null, digits = 1): string {
  if (!interval || !Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return '';
  return `[${fixed(displayScale(metric, interval.low), digits)}, ${fixed(displayScale(metric, interval.high), digits)}]`;
}

/** `value [low, high]`, or just the value when the interval is unknown. */
export function withBounds(interval: Interval | null, metric: Pick<MetricInfo, 'binary'> | null = null, digits = 1): string {
  if (!interval || !Number.isFinite(interval.value)) return dash;
  const range = bounds(interval, metric, digits);
  const value = fixed(displayScale(metric, interval.value), digits);
  return range ? `${value} ${range}` : value;
}

/** A p-value the way papers print it. */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return dash;
  if (p < 0.001) return '<0.001';
  return p.toFixed(3);
}

/** A p-value from a bootstrap cannot be smaller than one resample in `resamples`. */
export function bootstrapP(p: number, resamples: number): string {
  if (!Number.isFinite(p)) return dash;
  return p === 0 ? `<${pValue(1 / resamples).replace('<', '')}` : pValue(p);
}

/** What a table pools, for its caption: `One training seed (1).` or `Pools 3 training seeds (1, 2, 3).` */
export function seedsNote(seeds: readonly number[]): string {
  if (seeds.length === 0) return '';
  return seeds.length === 1 ? `One training seed (${seeds[0]}).` : `Pools ${seeds.length} training seeds (${seeds.join(', ')}).`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function percent(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : dash;
}

/** A metric's name for headings, capitalised and without a unit (`success %` → `Success`). */
export function metricName(metric: Pick<MetricInfo, 'label' | 'name'> | null, fallback: string): string {
  const base = (metric?.label || metric?.name || fallback).replace(/\s*(\(%\)|%)\s*$/, '').trim() || fallback;
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** Metric heading with its unit: rates are shown in percent (`Success %`). */
export function metricHeading(metric: MetricInfo | null, fallback: string): string {
  if (!metric) return fallback;
  const name = metricName(metric, fallback);
  return metric.binary ? `${name} %` : name;
}

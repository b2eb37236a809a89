import { describe, expect, it } from 'vitest';
import type { Summary } from '../../harness/api.ts';
import { formatSummaryTables } from '../../harness/cli/table.ts';

const metric = (name: string, binary = false) => ({ name, label: binary ? `${name} %` : name, binary, higherIsBetter: true, aggregate: 'mean' as const });
const value = (v: number, low: number, high: number, n = 40) => ({ value: v, low, high, n });

function summary(metricCount: number): Summary {
  const metrics = [metric('success', true), ...Array.from({ length: metricCount - 1 }, (_, i) => metric(`metric-${i + 1}`))];
  const rows = ['random', 'vanilla-rl', 'hrl', 'step-hrl'].flatMap((agent, a) =>
    ['seen', 'unseen'].map((split) => ({
      env: 'scienceworld',
      split,
      agent,
      episodes: 40,
      errors: 0,
      seeds: [1, 2, 3],
      metrics: Object.fromEntries(
        metrics.map((m, i) => [m.name, m.binary ? value(0.1 + a / 5, 0.05 + a / 5, 0.3 + a / 5) : value(i * 100 + 2.25 * a, i * 100, i * 100 + 9.5)]),
      ),
    })),
  );
  return { metrics, rows };
}

describe('the terminal results table', () => {
  it('shows every value with its interval, one decimal throughout, rates in percent', () => {
    const text = formatSummaryTables(summary(4));
    const line = text.split('\n').find((l) => l.startsWith('hrl') && l.includes('unseen'))!;
    expect(line).toContain('50.0 [45.0, 70.0]'); // success 0.5 [0.45, 0.7] in percent
    expect(line).toContain('104.5 [100.0, 109.5]');
    expect(line).toContain('204.5 [200.0, 209.5]');
    for (const number of line.match(/-?\d+(\.\d+)?/g)!) expect(number).toMatch(/\.\d$/);
    expect(text).toContain('scienceworld  (40 episodes per split and agent; 3 training seeds pooled (1, 2, 3))');
    expect(text.split('\n')[1]).toMatch(/^agent\s+split\s+success %\s+metric-1/);
  });

  it('stays within 120 columns, continuing wide tables below with the same rows', () => {
    const text = formatSummaryTables(summary(9));
    for (const line of text.split('\n')) expect([...line].length).toBeLessThanOrEqual(120);
    // Every metric is still shown, each row named again in the continuation.
    for (let i = 1; i < 9; i++) expect(text).toContain(`metric-${i}`);
    expect(text.split('\n').filter((l) => /^step-hrl\s+seen/.test(l)).length).toBeGreaterThan(1);
  });
});

import type { Summary } from '../api.ts';
import { count, dash, withBounds } from '../report/format.ts';
import { fittedTextTable } from '../report/text-table.ts';

/** The terminal's width for tables: wider tables are dealt into several, one below the other. */
const maxWidth = 120;

/**
 * The results as plain-text tables, one per env: a row per agent and evaluation split, a column per metric
 * with its value and 95% interval, one decimal throughout (rates in %). At most 120 columns wide: with many
 * metrics the columns continue in a second table with the same rows.
 */
export function formatSummaryTables(summary: Summary, metricNames?: string[]): string {
  const metrics = summary.metrics.filter((m) => !metricNames || metricNames.includes(m.name));
  const out: string[] = [];
  for (const env of unique(summary.rows.map((r) => r.env))) {
    const rows = summary.rows.filter((r) => r.env === env);
    const episodes = unique(rows.map((r) => r.episodes));
    const errors = rows.reduce((n, r) => n + r.errors, 0);
    const seeds = unique(rows.flatMap((r) => r.seeds ?? [])).sort((a, b) => a - b);
    const counts =
      episodes.length === 1
        ? `${count(episodes[0])} episodes per split and agent`
        : `${count(Math.min(...episodes))}–${count(Math.max(...episodes))} episodes per split and agent`;
    const pooled = seeds.length === 0 ? '' : seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} training seeds pooled (${seeds.join(', ')})`;
    const facts = [counts, pooled, errors ? `${count(errors)} ended in an error` : ''].filter(Boolean);
    // Each metric under its plugin's own label, unit included (`success %`, `invalid %`).
    const head = ['agent', 'split', ...metrics.map((m) => m.label || m.name)];
    const body = rows.map((row) => [
      row.agent,
      row.split,
      ...metrics.map((m) => {
        const value = row.metrics[m.name];
        return value ? withBounds(value, m) : dash;
      }),
    ]);
    out.push(
      `${env}  (${facts.join('; ')})`,
      fittedTextTable(
        head,
        body,
        head.map((_, i) => i > 1),
        2,
        maxWidth,
      ),
      '',
    );
  }
  if (out.length > 0) {
    const multiSeed = summary.rows.some((r) => (r.seeds?.length ?? 0) > 1);
    out.push(
      `Values with 95% intervals (${multiSeed ? 'across seeds: mean of per-seed values, bootstrap over seeds, then episodes' : 'Wilson for rates, bootstrap for means'}); rates in %.`,
      '',
    );
  }
  return out.join('\n');
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

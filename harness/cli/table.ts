import type { Summary, SummaryRow } from '../api.ts';
import { textTable } from '../report/text-table.ts';

/** Formats a metric value for a table cell: rates as percentages, others to a sensible precision. */
export function formatValue(value: number, binary: boolean): string {
  if (!Number.isFinite(value)) return '–';
  if (binary) return (100 * value).toFixed(1);
  const abs = Math.abs(value);
  return abs >= 100 ? value.toFixed(0) : abs >= 10 ? value.toFixed(1) : value.toFixed(2);
}

/**
 * The results as plain-text tables, one per env: a row per agent, a column group per evaluation split with
 * each metric's value (rates in %). Intervals are in summary.json and the reports; the console stays narrow.
 */
export function formatSummaryTables(summary: Summary, metricNames?: string[]): string {
  const metrics = summary.metrics.filter((m) => !metricNames || metricNames.includes(m.name));
  const out: string[] = [];
  for (const env of unique(summary.rows.map((r) => r.env))) {
    const rows = summary.rows.filter((r) => r.env === env);
    const splits = unique(rows.map((r) => r.split));
    const agents = unique(rows.map((r) => r.agent));
    const header = ['agent', ...splits.flatMap(() => metrics.map((m) => m.label))];
    const groups = [{ label: '', span: 1 }, ...splits.map((split) => ({ label: split, span: metrics.length }))];
    const body = agents.map((agent) => [
      agent,
      ...splits.flatMap((split) => {
        const row = rows.find((r) => r.agent === agent && r.split === split);
        return metrics.map((m) => cell(row, m.name, m.binary));
      }),
    ]);
    const episodes = unique(rows.map((r) => r.episodes));
    const errors = rows.reduce((n, r) => n + r.errors, 0);
    const counts =
      episodes.length === 1 ? `${episodes[0]} episodes per split and agent` : `${Math.min(...episodes)}–${Math.max(...episodes)} episodes per split and agent`;
    out.push(
      `${env}  (${counts}${errors ? `; ${errors} ended in an error` : ''})`,
      textTable(
        header,
        body,
        header.map((_, i) => i > 0),
        groups,
      ),
      '',
    );
  }
  return out.join('\n');
}

function cell(row: SummaryRow | undefined, metric: string, binary: boolean): string {
  const value = row?.metrics[metric];
  return value ? formatValue(value.value, binary) : '–';
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

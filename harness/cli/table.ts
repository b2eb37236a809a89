import type { Summary, SummaryRow } from '../api.ts';

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
    const header = ['agent', ...splits.flatMap((split) => metrics.map((m) => `${split} ${m.label}`))];
    const body = agents.map((agent) => [
      agent,
      ...splits.flatMap((split) => {
        const row = rows.find((r) => r.agent === agent && r.split === split);
        return metrics.map((m) => cell(row, m.name, m.binary));
      }),
    ]);
    const errors = rows.reduce((n, r) => n + r.errors, 0);
    out.push(`${env}  (${rows[0].episodes} episodes per split${errors ? `, ${errors} errored` : ''})`, renderTable(header, body), '');
  }
  return out.join('\n');
}

function cell(row: SummaryRow | undefined, metric: string, binary: boolean): string {
  const value = row?.metrics[metric];
  return value ? formatValue(value.value, binary) : '–';
}

export function renderTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...body.map(line)].join('\n');
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

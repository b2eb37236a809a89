import { type EpisodeRecord, hashSeed, type MetricPlugin, type MetricValue, type Summary, type SummaryRow } from '../api.ts';
import { episodeKey } from '../store/episode-log.ts';
import { bootstrapMean, wilson } from './intervals.ts';

export interface SummaryMetric {
  plugin: MetricPlugin;
  options: Record<string, unknown>;
}

/** The order rows appear in: the suite's envs, their splits, then its agents. */
export interface RowOrder {
  envs: string[];
  splits: string[];
  agents: string[];
}

/**
 * Aggregates an episode log into one row per env × split × agent, each metric with its 95% interval
 * (Wilson for rates, a seeded bootstrap for means). Reads the records once and keeps only metric values.
 * When an episode appears more than once (a retried error), the last record counts. The result does not
 * depend on the order records were written in, so a resumed or parallel run summarises identically.
 */
export async function summarize(records: AsyncIterable<EpisodeRecord>, metrics: SummaryMetric[], order: RowOrder): Promise<Summary> {
  const latest = new Map<string, { group: string; values: (number | null)[]; error: boolean }>();
  for await (const record of records) {
    latest.set(episodeKey(record), {
      group: JSON.stringify([record.env, record.split, record.agent]),
      values: metrics.map((m) => finiteOrNull(m.plugin.value(record, m.options))),
      error: record.error !== null,
    });
  }

  const groups = new Map<string, { key: string; values: (number | null)[]; error: boolean }[]>();
  for (const [key, entry] of latest) {
    let members = groups.get(entry.group);
    if (!members) groups.set(entry.group, (members = []));
    members.push({ key, values: entry.values, error: entry.error });
  }

  const rows: SummaryRow[] = [];
  for (const [group, members] of groups) {
    const [env, split, agent] = JSON.parse(group) as [string, string, string];
    // Canonical order, so the bootstrap resamples the same sequence however the log was written.
    members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const row: SummaryRow = { env, split, agent, episodes: members.length, errors: members.filter((m) => m.error).length, metrics: {} };
    metrics.forEach((metric, i) => {
      const values = members.map((m) => m.values[i]).filter((v): v is number => v !== null);
      row.metrics[metric.plugin.name] = aggregate(metric.plugin, values, hashSeed(env, split, agent, metric.plugin.name));
    });
    rows.push(row);
  }
  rows.sort(rowComparator(order));

  return {
    metrics: metrics.map(({ plugin }) => ({
      name: plugin.name,
      label: plugin.label ?? plugin.name,
      binary: plugin.binary ?? false,
      higherIsBetter: plugin.higherIsBetter,
      aggregate: plugin.aggregate,
    })),
    rows,
  };
}

function aggregate(metric: MetricPlugin, values: number[], seed: number): MetricValue {
  const n = values.length;
  if (metric.aggregate === 'sum') {
    const total = values.reduce((a, b) => a + b, 0);
    return { value: total, low: total, high: total, n };
  }
  const interval = metric.binary ? wilson(values.filter((v) => v > 0).length, n) : bootstrapMean(values, { seed });
  return { ...interval, n };
}

function finiteOrNull(value: number | null): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function rowComparator(order: RowOrder) {
  const rank = (list: string[], value: string) => {
    const i = list.indexOf(value);
    return i < 0 ? list.length : i;
  };
  return (a: SummaryRow, b: SummaryRow) =>
    rank(order.envs, a.env) - rank(order.envs, b.env) ||
    a.env.localeCompare(b.env) ||
    rank(order.splits, a.split) - rank(order.splits, b.split) ||
    a.split.localeCompare(b.split) ||
    rank(order.agents, a.agent) - rank(order.agents, b.agent) ||
    a.agent.localeCompare(b.agent);
}

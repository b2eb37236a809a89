import { type EpisodeRecord, hashSeed, type MetricPlugin, type MetricValue, type SeedRow, type Summary, type SummaryRow } from '../api.ts';
import { episodeKey } from '../store/episode-log.ts';
import { bootstrapMean, wilson } from './intervals.ts';
import { seedBootstrapMean } from './seed-bootstrap.ts';

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
 *
 * A row that pools several training seeds also gives each seed's figures (`perSeed`), and its `metrics` are
 * the across-seed estimate: the mean of the per-seed values, with a two-level bootstrap interval (seeds, then
 * episodes within each seed), so the interval covers the variance between training runs as well as between
 * episodes.
 */
export async function summarize(records: AsyncIterable<EpisodeRecord>, metrics: SummaryMetric[], order: RowOrder): Promise<Summary> {
  const groups = await metricValues(records, metrics);
  const rows: SummaryRow[] = [];
  for (const [group, members] of groups) {
    const [env, split, agent] = JSON.parse(group) as [string, string, string];
    const bySeed = new Map<number, Member[]>();
    for (const member of members) {
      let list = bySeed.get(member.seed);
      if (!list) bySeed.set(member.seed, (list = []));
      list.push(member);
    }
    const seeds = [...bySeed.keys()].sort((a, b) => a - b);
    const row: SummaryRow = { env, split, agent, episodes: members.length, errors: countErrors(members), metrics: {}, seeds };
    if (seeds.length > 1) {
      row.perSeed = seeds.map((seed) => {
        const own = bySeed.get(seed)!;
        const seedRow: SeedRow = { seed, episodes: own.length, errors: countErrors(own), metrics: {} };
        metrics.forEach((metric, i) => {
          seedRow.metrics[metric.plugin.name] = aggregate(metric.plugin, valuesOf(own, i), hashSeed(env, split, agent, metric.plugin.name, seed));
        });
        return seedRow;
      });
    }
    metrics.forEach((metric, i) => {
      const name = metric.plugin.name;
      const seed = hashSeed(env, split, agent, name);
      row.metrics[name] =
        seeds.length > 1 && metric.plugin.aggregate === 'mean'
          ? acrossSeeds(
              seeds.map((s) => valuesOf(bySeed.get(s)!, i)),
              seed,
            )
          : aggregate(metric.plugin, valuesOf(members, i), seed);
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

/** What the summary keeps of one episode: its identity, seed, metric values and whether it failed. */
export interface Member {
  /** The episode's identity in the run: (env, split, agent, seed, episode id). */
  key: string;
  seed: number;
  episode: string;
  /** One per metric, in the order given; null where the metric leaves the episode out. */
  values: (number | null)[];
  error: boolean;
}

/**
 * Each episode's metric values, grouped by env × split × agent (key: JSON of the three) and, within a group,
 * in canonical key order, so whatever resamples them sees the same sequence however the log was written.
 * When an episode appears more than once (a retried error), its last record counts.
 */
export async function metricValues(records: AsyncIterable<EpisodeRecord>, metrics: SummaryMetric[]): Promise<Map<string, Member[]>> {
  const latest = new Map<string, Member & { group: string }>();
  for await (const record of records) {
    const key = episodeKey(record);
    latest.set(key, {
      group: JSON.stringify([record.env, record.split, record.agent]),
      key,
      seed: record.seed,
      episode: record.episode,
      values: metrics.map((m) => finiteOrNull(m.plugin.value(record, m.options))),
      error: record.error !== null,
    });
  }
  const groups = new Map<string, Member[]>();
  for (const { group, ...member } of latest.values()) {
    let members = groups.get(group);
    if (!members) groups.set(group, (members = []));
    members.push(member);
  }
  for (const members of groups.values()) members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return groups;
}

function valuesOf(members: Member[], metric: number): number[] {
  return members.map((m) => m.values[metric]).filter((v): v is number => v !== null);
}

function countErrors(members: Member[]): number {
  return members.filter((m) => m.error).length;
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

/** The across-seed estimate of a mean (rates included): mean of the seeds' means, two-level bootstrap interval. */
function acrossSeeds(bySeed: number[][], seed: number): MetricValue {
  return { ...seedBootstrapMean(bySeed, { seed }), n: bySeed.reduce((n, values) => n + values.length, 0) };
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

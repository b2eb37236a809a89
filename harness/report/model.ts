import type { MetricValue, RunView, Summary, SummaryRow } from '../api.ts';
import { bootstrapMean, type Interval, wilson } from '../stats/intervals.ts';
import { comparePaired, type EpisodeOutcome, type PairedComparison, pairedTokenRatio } from '../stats/paired-comparison.ts';
import { seedBootstrapMean } from '../stats/seed-bootstrap.ts';
import { digestRun, type GroupDigest, inSuiteOrder, type RunDigest } from './digest.ts';
import { type PluginVersion, type ProvenanceItem, provenance } from './provenance.ts';
import { digestTraining, type TrainingDigest } from './training.ts';

/** Column descriptors for a summary whose suite left out the success or score metric. */
const fallbackMetrics: Record<'success' | 'score', Summary['metrics'][number]> = {
  success: { name: 'success', label: 'success %', binary: true, higherIsBetter: true, aggregate: 'mean' },
  score: { name: 'score', label: 'score', binary: false, higherIsBetter: true, aggregate: 'mean' },
};

/**
 * Everything a report shows, as plain data: the Markdown, HTML, JSON and CSV reporters format this one
 * model, so they can never disagree about a number. Built from the run's summary (metric values and their
 * intervals, as the suite's metric plugins computed them) and one streamed pass over the episode log
 * (tokens, task types, paired tests).
 */
export interface ReportOptions {
  /**
   * The reference agent: the one every other agent is compared with in the token ratios and paired tests.
   * Default: the last agent of the suite that is not a bound (suites list the proposed method last).
   */
  reference?: string;
  /**
   * Bound rows: agents that mark the ends of the scale (random below, oracle above) rather than compete. They
   * are shown, but never marked best of a column and never the default reference. Default: the agents of
   * the built-in `random` and `oracle` plugins.
   */
  bounds?: string[];
  /** Seed of every bootstrap in the report. */
  seed?: number;
  /** Bootstrap resamples. */
  resamples?: number;
}

/** The options schema reporters share (suite `reports: [{use: markdown, options: {...}}]`). */
export const reportOptionsSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    reference: { type: 'string', description: 'Agent every other agent is compared with in token ratios and paired tests.' },
    bounds: {
      type: 'array',
      items: { type: 'string' },
      description: 'Agents that bound the scale (default: those of the random and oracle plugins): never best of a column, never the default reference.',
    },
    seed: { type: 'integer', default: 0, description: 'Seed of every bootstrap interval in the report.' },
    resamples: { type: 'integer', minimum: 100, maximum: 100000, default: 1000, description: 'Bootstrap resamples.' },
  },
} as const;

/** Plugins whose agents bound the scale rather than compete: no learning, or the expert's own plan. */
const boundPlugins = ['random', 'oracle'];

export type MetricInfo = Summary['metrics'][number];

export interface MainCell {
  episodes: number;
  errors: number;
  success: MetricValue | null;
  score: MetricValue | null;
  /** This agent has the best value of the column (ties included). */
  best: { success: boolean; score: boolean };
}

export interface TokenRow {
  env: string;
  agent: string;
  episodes: number;
  steps: number;
  /** Mean over episodes of the episode's tokens per step, with a bootstrap interval. */
  perStep: Interval;
  /** Pooled over all steps: total tokens of the kind divided by total steps. */
  promptPerStep: number;
  completionPerStep: number;
  callsPerStep: number;
  /** Model-API usage per step, when the agent reported any. */
  usagePerStep: number | null;
}

export interface RoleRow {
  env: string;
  agent: string;
  role: string;
  promptPerStep: number;
  completionPerStep: number;
  totalPerStep: number;
  callsPerStep: number;
}

export interface RatioRow {
  env: string;
  candidate: string;
  baseline: string;
  /** mean tokens/step of candidate ÷ baseline; the interval is a paired bootstrap when episodes match. */
  ratio: Interval & { pairs: number; paired: boolean };
}

export interface PairedRow {
  env: string;
  split: string;
  candidate: string;
  baseline: string;
  comparison: PairedComparison;
}

export interface StepPoint {
  env: string;
  agent: string;
  /** 1-based step index. */
  step: number;
  meanTokens: number;
  /** Episodes that reached this step. */
  episodes: number;
}

export interface TaskCell {
  env: string;
  split: string;
  task: string;
  agent: string;
  episodes: number;
  success: Interval;
  meanScore: number;
}

/** One training seed's figures of a summary row (runs with several seeds). */
export interface PerSeedRow {
  env: string;
  split: string;
  agent: string;
  seed: number;
  episodes: number;
  errors: number;
  metrics: Record<string, MetricValue>;
}

export interface ReportModel {
  title: string;
  runId: string;
  suiteName: string;
  createdAt: string;
  envs: string[];
  agents: string[];
  splits: Record<string, string[]>;
  /** The training seeds the run's episodes come from, ascending: what every table pools. */
  seeds: number[];
  /** The agent the others are compared with (token ratios, paired tests); null with fewer than two agents. */
  reference: string | null;
  /** Whether the reference was set by the reporter option (or chosen by default). */
  referenceSet: boolean;
  /** Agents that bound the scale (random, oracle): shown, never best of a column. */
  bounds: string[];
  /** What a reader must know about an agent's results (from the manifest), in agent order. */
  caveats: { agent: string; text: string }[];
  /** Column groups of the main table: one per (env, split), in suite order. */
  columns: { env: string; split: string }[];
  successMetric: MetricInfo | null;
  scoreMetric: MetricInfo | null;
  /** Rows of the main table, one per agent. */
  main: { agent: string; cells: (MainCell | null)[] }[];
  metrics: MetricInfo[];
  summaryRows: SummaryRow[];
  /** With several seeds: each seed's figures per env × split × agent (from the summary). */
  perSeed: PerSeedRow[];
  tokens: { agents: TokenRow[]; roles: RoleRow[] };
  ratios: RatioRow[];
  paired: PairedRow[];
  stepCurve: StepPoint[];
  tasks: TaskCell[];
  training: TrainingDigest;
  provenance: { items: ProvenanceItem[]; plugins: PluginVersion[] };
  totals: { episodes: number; errors: number; ends: Record<string, number> };
  options: { seed: number; resamples: number };
}

const models = new WeakMap<RunView, Map<string, Promise<ReportModel>>>();

/** The report model of a run, built once per RunView and options however many reporters ask for it. */
export function reportModel(run: RunView, options: ReportOptions = {}): Promise<ReportModel> {
  let byOptions = models.get(run);
  if (!byOptions) models.set(run, (byOptions = new Map()));
  const key = JSON.stringify([options.reference ?? null, options.bounds ?? null, options.seed ?? 0, options.resamples ?? 1000]);
  let model = byOptions.get(key);
  if (!model) {
    model = buildReportModel(run, options);
    byOptions.set(key, model);
  }
  return model;
}

export async function buildReportModel(run: RunView, options: ReportOptions = {}): Promise<ReportModel> {
  const digest = await digestRun(run);
  const training = await digestTraining(run);
  const seed = options.seed ?? 0;
  const resamples = options.resamples ?? 1000;
  const bootstrap = { seed, resamples };
  const bounds = options.bounds ?? boundAgents(run.manifest, digest.agents);
  const reference = chooseReference(digest.agents, bounds, options.reference);
  const columns = digest.envs.flatMap((env) => (digest.splits.get(env) ?? []).map((split) => ({ env, split })));
  const successMetric = run.summary.metrics.find((m) => m.name === 'success') ?? run.summary.metrics.find((m) => m.binary) ?? null;
  const scoreMetric = run.summary.metrics.find((m) => m.name === 'score') ?? null;
  const summaryRow = (env: string, split: string, agent: string) =>
    run.summary.rows.find((row) => row.env === env && row.split === split && row.agent === agent);

  const main = digest.agents.map((agent) => ({
    agent,
    cells: columns.map(({ env, split }): MainCell | null => {
      const group = digest.group(env, split, agent);
      const row = summaryRow(env, split, agent);
      if (!group && !row) return null;
      return {
        episodes: row?.episodes ?? group?.episodes ?? 0,
        errors: row?.errors ?? group?.errors ?? 0,
        // Values come from the summary (the suite's own metric definitions); a metric the suite did not
        // ask for is computed from the episodes with the same interval methods.
        success: (successMetric && row?.metrics[successMetric.name]) || (group ? successOf(group, bootstrap) : null),
        score: (scoreMetric && row?.metrics[scoreMetric.name]) || (group ? scoreOf(group, bootstrap) : null),
        best: { success: false, score: false },
      };
    }),
  }));
  const competing = main.filter((row) => !bounds.includes(row.agent));
  markBest(competing, 'success', successMetric?.higherIsBetter ?? true);
  markBest(competing, 'score', scoreMetric?.higherIsBetter ?? true);

  const totals = { episodes: 0, errors: 0, ends: {} as Record<string, number> };
  for (const group of digest.groups) {
    totals.episodes += group.episodes;
    totals.errors += group.errors;
    for (const [end, count] of Object.entries(group.ends)) totals.ends[end] = (totals.ends[end] ?? 0) + count;
  }
  const info = provenance(run.manifest);
  const manifest = run.manifest as { runId?: unknown; createdAt?: unknown; suite?: { name?: unknown } };
  const runId = typeof manifest.runId === 'string' ? manifest.runId : (run.dir.split(/[\\/]/).pop() ?? run.dir);
  const suiteName = typeof manifest.suite?.name === 'string' ? manifest.suite.name : '';
  return {
    title: suiteName ? `${suiteName} — run ${runId}` : `Run ${runId}`,
    runId,
    suiteName,
    createdAt: typeof manifest.createdAt === 'string' ? manifest.createdAt : '',
    envs: digest.envs,
    agents: digest.agents,
    splits: Object.fromEntries(digest.splits),
    seeds: digest.seeds,
    reference,
    referenceSet: options.reference !== undefined,
    bounds: bounds.filter((agent) => digest.agents.includes(agent)),
    caveats: caveatsOf(run.manifest, digest.agents),
    columns,
    successMetric: successMetric ?? fallbackMetrics.success,
    scoreMetric: scoreMetric ?? fallbackMetrics.score,
    main,
    metrics: run.summary.metrics,
    summaryRows: inSuiteOrder(run.summary.rows, digest),
    perSeed: inSuiteOrder(run.summary.rows, digest).flatMap((row) =>
      (row.perSeed ?? []).map((seedRow) => ({ env: row.env, split: row.split, agent: row.agent, ...seedRow })),
    ),
    tokens: tokenTables(digest, bootstrap),
    ratios: reference ? tokenRatios(digest, reference, bootstrap) : [],
    paired: reference ? pairedRows(digest, reference, bootstrap) : [],
    stepCurve: stepCurve(digest),
    tasks: digest.tasks.map((task) => ({
      env: task.env,
      split: task.split,
      task: task.task,
      agent: task.agent,
      episodes: task.episodes,
      success: wilson(task.successes, task.episodes),
      meanScore: task.scoreSum / task.episodes,
    })),
    training,
    provenance: info,
    totals,
    options: { seed, resamples },
  };
}

function chooseReference(agents: string[], bounds: string[], requested: string | undefined): string | null {
  if (requested !== undefined) {
    if (!agents.includes(requested)) throw new Error(`report option reference: no agent "${requested}" in this run (agents: ${agents.join(', ')})`);
    return requested;
  }
  if (agents.length < 2) return null;
  const competing = agents.filter((agent) => !bounds.includes(agent));
  return competing.at(-1) ?? null;
}

/** The agents' caveats recorded in the manifest (absent in runs made before they were). */
function caveatsOf(manifest: Record<string, unknown>, agents: string[]): { agent: string; text: string }[] {
  const recorded = (manifest.caveats ?? {}) as Record<string, unknown>;
  return agents.flatMap((agent) => {
    const list = recorded[agent];
    return Array.isArray(list) ? list.filter((text): text is string => typeof text === 'string').map((text) => ({ agent, text })) : [];
  });
}

/** The agents of the run whose plugin (or, without a manifest entry, whose id) is random or oracle. */
export function boundAgents(manifest: Record<string, unknown>, agents: string[]): string[] {
  const suite = manifest.suite as { agents?: { id?: unknown; use?: unknown }[] } | undefined;
  const entries = Array.isArray(suite?.agents) ? suite.agents : [];
  return agents.filter((agent) => {
    const entry = entries.find((e) => e?.id === agent);
    const plugin = typeof entry?.use === 'string' ? entry.use : agent;
    return boundPlugins.includes(plugin);
  });
}

/** A success rate from the episodes: Wilson for one seed; across seeds, the two-level bootstrap as the summary does. */
function successOf(group: GroupDigest, bootstrap: { seed: number; resamples: number }): MetricValue {
  if (group.seeds.size > 1) return { ...meanInterval([group], (o) => (o.success ? 1 : 0), bootstrap), n: group.episodes };
  return { ...wilson(group.successes, group.episodes), n: group.episodes };
}

function scoreOf(group: GroupDigest, bootstrap: { seed: number; resamples: number }): MetricValue {
  return { ...meanInterval([group], (o) => o.score, bootstrap), n: group.outcomes.size };
}

/**
 * The mean of a per-episode value over groups' episodes with its interval: the episode bootstrap for one
 * seed, the two-level (seeds, then episodes) bootstrap for several. Values go in key order, so the interval
 * does not depend on the log's order.
 */
function meanInterval(groups: GroupDigest[], value: (o: EpisodeOutcome) => number | null, bootstrap: { seed: number; resamples: number }): Interval {
  const seeds = bySeed(groups, value);
  return seeds.length > 1 ? seedBootstrapMean(seeds, bootstrap) : bootstrapMean(seeds[0] ?? [], bootstrap);
}

/** Per-episode values of groups, one list per seed (ascending), each in episode-key order; nulls left out. */
function bySeed(groups: GroupDigest[], value: (o: EpisodeOutcome) => number | null): number[][] {
  const lists = new Map<number, [string, number][]>();
  for (const group of groups) {
    for (const [key, outcome] of group.outcomes) {
      const v = value(outcome);
      if (v === null) continue;
      const seed = outcome.seed ?? 0;
      let list = lists.get(seed);
      if (!list) lists.set(seed, (list = []));
      list.push([`${group.split}\u0000${key}`, v]);
    }
  }
  return [...lists.keys()]
    .sort((a, b) => a - b)
    .map((seed) =>
      lists
        .get(seed)!
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, v]) => v),
    );
}

function markBest(main: ReportModel['main'], metric: 'success' | 'score', higherIsBetter: boolean): void {
  if (main.length < 2) return;
  const columnCount = main[0]?.cells.length ?? 0;
  for (let column = 0; column < columnCount; column++) {
    const values = main.map((row) => row.cells[column]?.[metric]?.value).filter((v): v is number => Number.isFinite(v));
    if (values.length < 2) continue;
    const best = higherIsBetter ? Math.max(...values) : Math.min(...values);
    for (const row of main) {
      const cell = row.cells[column];
      if (cell && cell[metric]?.value === best) cell.best[metric] = true;
    }
  }
}

/** Groups of one (env, agent) across its splits. */
function groupsOf(digest: RunDigest, env: string, agent: string): GroupDigest[] {
  return digest.groups.filter((g) => g.env === env && g.agent === agent);
}

/** Outcomes of an (env, agent) over all splits, keyed by split too so episodes of different splits never pair. */
function outcomesAcrossSplits(groups: GroupDigest[]): Map<string, EpisodeOutcome> {
  const merged = new Map<string, EpisodeOutcome>();
  for (const group of groups) for (const [key, outcome] of group.outcomes) merged.set(`${group.split}\u0000${key}`, outcome);
  return merged;
}

function tokenTables(digest: RunDigest, bootstrap: { seed: number; resamples: number }): ReportModel['tokens'] {
  const agents: TokenRow[] = [];
  const roles: RoleRow[] = [];
  for (const env of digest.envs) {
    for (const agent of digest.agents) {
      const groups = groupsOf(digest, env, agent);
      if (groups.length === 0) continue;
      const sum = (pick: (g: GroupDigest) => number) => groups.reduce((total, g) => total + pick(g), 0);
      const steps = sum((g) => g.steps);
      const usageEpisodes = sum((g) => g.usage.episodes);
      const roleTotals = new Map<string, { prompt: number; completion: number; calls: number }>();
      for (const group of groups) {
        for (const [role, count] of group.byRole) {
          const total = roleTotals.get(role) ?? { prompt: 0, completion: 0, calls: 0 };
          total.prompt += count.prompt;
          total.completion += count.completion;
          total.calls += count.calls;
          roleTotals.set(role, total);
        }
      }
      const perStep = (value: number) => (steps > 0 ? value / steps : NaN);
      agents.push({
        env,
        agent,
        episodes: sum((g) => g.episodes),
        steps,
        perStep: meanInterval(groups, (o) => o.tokensPerStep, bootstrap),
        promptPerStep: perStep(sum((g) => g.tokens.prompt)),
        completionPerStep: perStep(sum((g) => g.tokens.completion)),
        callsPerStep: perStep([...roleTotals.values()].reduce((total, r) => total + r.calls, 0)),
        usagePerStep: usageEpisodes > 0 ? perStep(sum((g) => g.usage.prompt + g.usage.completion)) : null,
      });
      for (const [role, total] of roleTotals) {
        roles.push({
          env,
          agent,
          role,
          promptPerStep: perStep(total.prompt),
          completionPerStep: perStep(total.completion),
          totalPerStep: perStep(total.prompt + total.completion),
          callsPerStep: perStep(total.calls),
        });
      }
    }
  }
  return { agents, roles: roles.sort((a, b) => rolesOrder(a.role) - rolesOrder(b.role) || a.role.localeCompare(b.role)).sort(stableBy(agents)) };
}

/** Hierarchical roles in the order a step runs them. */
function rolesOrder(role: string): number {
  const known = ['policy', 'high', 'low', 'progress'];
  return known.includes(role) ? known.indexOf(role) : known.length;
}

/** Keep role rows grouped by (env, agent) in the order of the agent table. */
function stableBy(agents: TokenRow[]) {
  const rank = (env: string, agent: string) => agents.findIndex((row) => row.env === env && row.agent === agent);
  return (a: RoleRow, b: RoleRow) => rank(a.env, a.agent) - rank(b.env, b.agent);
}

function tokenRatios(digest: RunDigest, reference: string, bootstrap: { seed: number; resamples: number }): RatioRow[] {
  const rows: RatioRow[] = [];
  for (const env of digest.envs) {
    const candidateGroups = groupsOf(digest, env, reference);
    if (candidateGroups.length === 0) continue;
    const candidate = outcomesAcrossSplits(candidateGroups);
    for (const agent of digest.agents) {
      if (agent === reference) continue;
      const baseline = outcomesAcrossSplits(groupsOf(digest, env, agent));
      const baselineTokens = meanTokens(baseline);
      // A baseline without policy tokens (random, oracle) has no meaningful ratio.
      if (!(baselineTokens > 0)) continue;
      const ratio = pairedTokenRatio(candidate, baseline, bootstrap);
      if (ratio) {
        rows.push({
          env,
          candidate: reference,
          baseline: agent,
          ratio: { value: ratio.value, low: ratio.low, high: ratio.high, pairs: ratio.n, paired: true },
        });
      } else {
        rows.push({
          env,
          candidate: reference,
          baseline: agent,
          ratio: { value: meanTokens(candidate) / baselineTokens, low: NaN, high: NaN, pairs: 0, paired: false },
        });
      }
    }
  }
  return rows;
}

function meanTokens(outcomes: Map<string, EpisodeOutcome>): number {
  let total = 0;
  let count = 0;
  for (const outcome of outcomes.values()) {
    if (outcome.tokensPerStep === null) continue;
    total += outcome.tokensPerStep;
    count++;
  }
  return count > 0 ? total / count : NaN;
}

function pairedRows(digest: RunDigest, reference: string, bootstrap: { seed: number; resamples: number }): PairedRow[] {
  const rows: PairedRow[] = [];
  for (const env of digest.envs) {
    for (const split of digest.splits.get(env) ?? []) {
      const candidate = digest.group(env, split, reference);
      if (!candidate) continue;
      for (const agent of digest.agents) {
        if (agent === reference) continue;
        const baseline = digest.group(env, split, agent);
        if (!baseline) continue;
        const comparison = comparePaired(candidate.outcomes, baseline.outcomes, bootstrap);
        if (!comparison) continue;
        // Against an agent that makes no policy calls (random, oracle) a token difference says nothing.
        if (baseline.tokens.total === 0) comparison.tokensPerStep = null;
        rows.push({ env, split, candidate: reference, baseline: agent, comparison });
      }
    }
  }
  return rows;
}

function stepCurve(digest: RunDigest): StepPoint[] {
  const points: StepPoint[] = [];
  for (const env of digest.envs) {
    for (const agent of digest.agents) {
      const groups = groupsOf(digest, env, agent);
      if (groups.reduce((total, g) => total + g.tokens.total, 0) === 0) continue; // no policy, no curve
      const length = Math.max(0, ...groups.map((g) => g.perStep.count.length));
      for (let i = 0; i < length; i++) {
        let sum = 0;
        let count = 0;
        for (const group of groups) {
          sum += group.perStep.sum[i] ?? 0;
          count += group.perStep.count[i] ?? 0;
        }
        if (count > 0) points.push({ env, agent, step: i + 1, meanTokens: sum / count, episodes: count });
      }
    }
  }
  return points;
}

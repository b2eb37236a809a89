import type { SummaryRow } from '../api.ts';
import {
  bootstrapP,
  bounds,
  count,
  dash,
  displayScale,
  fixed,
  metricHeading,
  metricName,
  pValue,
  seedsNote,
  signed,
  significant,
  withBounds,
} from './format.ts';
import type { ReportModel, TaskCell } from './model.ts';

/**
 * The report's tables as rows of formatted cells, shared by the Markdown and HTML reporters (which differ
 * only in markup). The main table is laid out by each reporter itself, since HTML can group its columns.
 */
export interface Cell {
  text: string;
  /** Right-aligned, tabular digits. */
  numeric?: boolean;
  /** Best of its column. */
  strong?: boolean;
  /** The cell names an agent (HTML shows its colour). */
  agent?: string;
  /** Secondary text (an interval), shown smaller in HTML. */
  note?: string;
  /** Several short lines (HTML stacks them; Markdown joins them with `; `). */
  lines?: string[];
  /** A link (HTML only), e.g. from a task-type cell to its episodes in the run viewer. */
  href?: string;
}

export interface Table {
  id: string;
  title: string;
  /** One sentence saying how to read the table. */
  caption?: string;
  head: string[];
  /** Which columns hold numbers. */
  numeric: boolean[];
  rows: Cell[][];
}

const text = (value: string): Cell => ({ text: value });
const number = (value: string, note?: string): Cell => ({ text: value, numeric: true, note });
const agentCell = (agent: string): Cell => ({ text: agent, agent });

export function tokensByAgentTable(model: ReportModel): Table {
  const usage = model.tokens.agents.some((row) => row.usagePerStep !== null);
  return {
    id: 'tokens-by-agent',
    title: 'Tokens per step by agent',
    caption: `Counted by the harness with the suite tokenizer. Tokens/step is the mean over episodes with a bootstrap 95% interval${model.seeds.length > 1 ? ' (two-level: seeds, then episodes)' : ''}; the other columns divide totals by all steps. ${seedsNote(model.seeds)}`,
    head: ['Env', 'Agent', 'Episodes', 'Tokens/step', 'Prompt/step', 'Completion/step', 'Calls/step', ...(usage ? ['API usage/step'] : [])],
    numeric: [false, false, true, true, true, true, true, true],
    rows: model.tokens.agents.map((row) => [
      text(row.env),
      agentCell(row.agent),
      number(count(row.episodes)),
      number(fixed(row.perStep.value), bounds(row.perStep)),
      number(fixed(row.promptPerStep)),
      number(fixed(row.completionPerStep)),
      number(fixed(row.callsPerStep, 2)),
      ...(usage ? [number(fixed(row.usagePerStep))] : []),
    ]),
  };
}

export function tokensByRoleTable(model: ReportModel): Table {
  return {
    id: 'tokens-by-role',
    title: 'Tokens per step by role',
    caption: `Policy calls by role (\`policy\` for flat agents; \`high\`, \`low\`, \`progress\` for hierarchical ones), pooled over all steps. ${seedsNote(model.seeds)}`,
    head: ['Env', 'Agent', 'Role', 'Prompt/step', 'Completion/step', 'Total/step', 'Calls/step'],
    numeric: [false, false, false, true, true, true, true],
    rows: model.tokens.roles.map((row) => [
      text(row.env),
      agentCell(row.agent),
      text(row.role),
      number(fixed(row.promptPerStep)),
      number(fixed(row.completionPerStep)),
      number(fixed(row.totalPerStep)),
      number(fixed(row.callsPerStep, 2)),
    ]),
  };
}

export function ratiosTable(model: ReportModel): Table {
  return {
    id: 'token-ratios',
    title: 'Token ratios',
    caption: `Mean tokens per step of ${model.reference} (the reference agent) divided by each other agent's, over the episodes both ran (paired bootstrap 95% interval${model.seeds.length > 1 ? '; two-level, seeds then pairs' : ''}). Below 1 means fewer tokens. ${seedsNote(model.seeds)}`,
    head: ['Env', 'Ratio', 'Tokens/step ratio', 'Change', 'Pairs'],
    numeric: [false, false, true, true, true],
    rows: model.ratios.map((row) => [
      text(row.env),
      text(`${row.candidate} / ${row.baseline}`),
      number(fixed(row.ratio.value, 3), bounds(row.ratio, null, 3)),
      number(Number.isFinite(row.ratio.value) ? signed((row.ratio.value - 1) * 100) + '%' : dash),
      number(row.ratio.paired ? count(row.ratio.pairs) : 'unpaired'),
    ]),
  };
}

export function pairedTable(model: ReportModel): Table {
  const scoreLabel = metricName(model.scoreMetric, 'Score');
  const resamples = model.options.resamples;
  return {
    id: 'paired',
    title: 'Paired comparisons',
    caption:
      `${model.reference} (the reference agent) against each agent on the same episodes and seeds: exact McNemar test for success; paired bootstrap (seed ${model.options.seed}, ${resamples} resamples${model.seeds.length > 1 ? '; two-level, seeds then pairs' : ''}) for the differences. ` +
      `Success rates read ${model.reference} vs the other agent; wins / losses count episodes only one of them solved; differences are ${model.reference} minus the other agent. ${seedsNote(model.seeds)}`,
    head: ['Env', 'Split', 'Versus', 'Pairs', 'Success %', 'Wins / losses', 'McNemar p', 'Δ Success %', `Δ ${scoreLabel}`, 'p', 'Δ Tokens/step', 'p'],
    numeric: [false, false, false, true, true, true, true, true, true, true, true, true],
    rows: model.paired.map(({ env, split, baseline, comparison: c }) => [
      text(env),
      text(split),
      agentCell(baseline),
      number(count(c.pairs)),
      number(`${fixed(c.success.candidateRate * 100)} vs ${fixed(c.success.baselineRate * 100)}`),
      number(`${c.success.onlyCandidate} / ${c.success.onlyBaseline}`),
      { ...number(pValue(c.success.pValue)), strong: c.success.pValue < 0.05 },
      number(signed(c.success.difference.value * 100), bounds(c.success.difference, { binary: true })),
      number(signed(c.score.value), bounds(c.score)),
      number(bootstrapP(c.score.pValue, resamples)),
      number(c.tokensPerStep ? signed(c.tokensPerStep.difference.value) : dash, c.tokensPerStep ? bounds(c.tokensPerStep.difference) : undefined),
      number(c.tokensPerStep ? bootstrapP(c.tokensPerStep.difference.pValue, resamples) : dash),
    ]),
  };
}

/**
 * One table per (env, split): rows are task types, columns agents, cells success % and mean score. Takes only
 * what it shows, so the viewer builds the same tables from its episode index.
 */
export function taskTables(
  model: Pick<ReportModel, 'columns' | 'tasks' | 'agents' | 'bounds' | 'seeds'>,
  /** Where a cell links to (the viewer's list of those episodes); no links without it. */
  link?: (cell: TaskCell) => string,
): Table[] {
  const tables: Table[] = [];
  for (const { env, split } of model.columns) {
    const cells = model.tasks.filter((t) => t.env === env && t.split === split);
    if (cells.length === 0) continue;
    const tasks = [...new Set(cells.map((t) => t.task))];
    const agents = model.agents.filter((agent) => cells.some((t) => t.agent === agent));
    // When every cell has the same number of episodes, say it once instead of in every cell.
    const sizes = new Set(cells.map((t) => t.episodes));
    const uniform = sizes.size === 1 ? [...sizes][0] : null;
    tables.push({
      id: `tasks-${env}-${split}`,
      title: `${env} · ${split}`,
      caption: `${uniform !== null ? `Each cell: success % / mean score over ${uniform} episodes.` : 'Each cell: success % / mean score (episodes).'} ${seedsNote(model.seeds)}`,
      head: ['Task type', ...agents],
      numeric: [false, ...agents.map(() => true)],
      rows: tasks.map((task) => {
        const row = agents.map((agent) => cells.find((t) => t.task === task && t.agent === agent));
        const competing = row.filter((t) => t && !model.bounds.includes(t.agent));
        const best = Math.max(...competing.map((t) => t?.success.value ?? -1));
        return [
          text(task),
          ...row.map((t): Cell => {
            if (!t) return number(dash);
            const body = `${fixed(t.success.value * 100, 0)} / ${fixed(t.meanScore, 0)}`;
            return {
              text: uniform !== null ? body : `${body} (${t.episodes})`,
              numeric: true,
              strong: competing.length > 1 && !model.bounds.includes(t.agent) && t.success.value === best && best > 0,
              href: link?.(t),
            };
          }),
        ];
      }),
    });
  }
  return tables;
}

export function trainingTable(model: ReportModel): Table {
  return {
    id: 'training',
    title: 'Training',
    caption:
      'From the training log: epochs logged, the largest data sizes logged, the time each phase took (how far the training clock moved since the previous phase; mean per seed) and the losses per epoch (mean over seeds).',
    head: ['Env', 'Agent', 'Phase', 'Seeds', 'Epochs', 'Data', 'Time (s)', 'Losses'],
    numeric: [false, false, false, true, true, false, true, false],
    rows: model.training.phases.map((phase) => {
      const series = model.training.series.filter((s) => s.env === phase.env && s.agent === phase.agent && s.phase === phase.phase);
      return [
        text(phase.env),
        agentCell(phase.agent),
        text(phase.phase),
        number(String(phase.seeds)),
        number(phase.epochs === null ? dash : String(phase.epochs)),
        text(
          Object.entries(phase.sizes)
            .map(([name, value]) => `${name} ${count(value)}`)
            .join(', ') || dash,
        ),
        number(fixed(phase.seconds)),
        series.length === 0 ? text(dash) : { text: '', lines: series.map((s) => `${s.field}: ${lossTrail(s.points.map((p) => p.mean))}`) },
      ];
    }),
  };
}

/** `1.23 → 0.98 → … → 0.41`: every value for short runs, the first three and last two for long ones. */
export function lossTrail(values: number[]): string {
  const shown = values.length <= 8 ? values.map(significant) : [...values.slice(0, 3).map(significant), '…', ...values.slice(-2).map(significant)];
  return shown.join(' → ');
}

export function allMetricsTable(model: Pick<ReportModel, 'metrics' | 'summaryRows' | 'seeds'>, link?: (row: SummaryRow) => string): Table {
  return {
    id: 'all-metrics',
    title: 'All metrics',
    caption: `Every metric of the suite per env, split and agent, with its 95% interval (${model.seeds.length > 1 ? 'across seeds: the mean of the per-seed values, two-level bootstrap over seeds, then episodes' : 'Wilson for rates, bootstrap for means'}). ${seedsNote(model.seeds)}`,
    head: ['Env', 'Split', 'Agent', 'Episodes', 'Errors', ...model.metrics.map((m) => metricHeading(m, m.name))],
    numeric: [false, false, false, true, true, ...model.metrics.map(() => true)],
    rows: model.summaryRows.map((row) => [
      text(row.env),
      text(row.split),
      { ...agentCell(row.agent), href: link?.(row) },
      number(count(row.episodes)),
      number(count(row.errors)),
      ...model.metrics.map((metric) => {
        const value = row.metrics[metric.name];
        return value ? number(fixed(displayScale(metric, value.value)), bounds(value, metric)) : number(dash);
      }),
    ]),
  };
}

/** With several seeds: each seed's own figures, so the spread between training runs is visible. */
export function perSeedTable(model: Pick<ReportModel, 'metrics' | 'perSeed' | 'seeds'>): Table {
  return {
    id: 'per-seed',
    title: 'Per training seed',
    caption: `Each seed's figures over its own episodes (Wilson for rates, bootstrap for means). The tables above pool these ${model.seeds.length} seeds.`,
    head: ['Env', 'Split', 'Agent', 'Seed', 'Episodes', 'Errors', ...model.metrics.map((m) => metricHeading(m, m.name))],
    numeric: [false, false, false, true, true, true, ...model.metrics.map(() => true)],
    rows: model.perSeed.map((row) => [
      text(row.env),
      text(row.split),
      agentCell(row.agent),
      number(String(row.seed)),
      number(count(row.episodes)),
      number(count(row.errors)),
      ...model.metrics.map((metric) => {
        const value = row.metrics[metric.name];
        return value ? number(fixed(displayScale(metric, value.value)), bounds(value, metric)) : number(dash);
      }),
    ]),
  };
}

export function provenanceTable(model: ReportModel): Table {
  return {
    id: 'provenance',
    title: 'Provenance',
    head: ['', ''],
    numeric: [false, false],
    rows: model.provenance.items.map((item) => [text(item.label), text(item.value)]),
  };
}

export function pluginsTable(model: ReportModel): Table {
  return {
    id: 'plugins',
    title: 'Plugins',
    head: ['Kind', 'Name', 'Version', 'Source'],
    numeric: [false, false, false, false],
    rows: model.provenance.plugins.map((p) => [text(p.kind), text(p.name), text(p.version), text(p.source)]),
  };
}

/** What the main table's caption says: which cells are bold, and what the values pool. */
export function mainTableNote(model: ReportModel): string {
  const competing = model.main.filter((row) => !model.bounds.includes(row.agent)).length;
  const best =
    competing > 1
      ? `Best value of each column in bold${model.bounds.length ? ` (${model.bounds.join(' and ')} bound the scale and are not ranked)` : ''}. `
      : '';
  const seeds =
    model.seeds.length > 1
      ? `Across ${model.seeds.length} training seeds (${model.seeds.join(', ')}): each value is the mean of the per-seed values, with a two-level bootstrap 95% interval (seeds, then episodes within each); the per-seed figures follow.`
      : seedsNote(model.seeds);
  const caveats = model.caveats.map(({ agent, text }) => ` Note on ${agent}: ${text}`).join('');
  return `${best}${seeds}${caveats}`;
}

/** Names the reference agent of the comparisons, and how it was chosen. */
export function referenceNote(model: ReportModel): string {
  if (!model.reference) return 'No comparisons between agents: the run has fewer than two.';
  const how = model.referenceSet
    ? 'set by the reporter option `reference`'
    : 'the last agent of the suite that does not bound the scale; the reporter option `reference` sets another';
  return `Reference agent of the comparisons (token ratios, paired tests): ${model.reference} (${how}).`;
}

/** The main-table cell text shared by the text reports: `72.0 [61.3, 80.7]`. */
export function mainCellText(model: ReportModel, cell: NonNullable<ReportModel['main'][number]['cells'][number]>, which: 'success' | 'score'): string {
  const metric = which === 'success' ? model.successMetric : model.scoreMetric;
  return withBounds(cell[which], metric);
}

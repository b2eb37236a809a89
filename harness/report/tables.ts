import { bootstrapP, bounds, count, dash, displayScale, fixed, metricHeading, metricName, pValue, signed, significant, withBounds } from './format.ts';
import type { ReportModel } from './model.ts';

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
    caption:
      'Counted by the harness with the suite tokenizer. Tokens/step is the mean over episodes with a bootstrap 95% interval; the other columns divide totals by all steps.',
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
    caption: 'Policy calls by role (`policy` for flat agents; `high`, `low`, `progress` for hierarchical ones), pooled over all steps.',
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
    caption: `Mean tokens per step of ${model.focus ?? 'the focus agent'} divided by each other agent's, over the episodes both ran (paired bootstrap 95% interval). Below 1 means fewer tokens.`,
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
    caption: `${model.focus ?? 'The focus agent'} against each agent on the same episodes: exact McNemar test for success; paired bootstrap (seed ${model.options.seed}, ${resamples} resamples) for ${scoreLabel.toLowerCase()} and tokens per step. Success rates read ${model.focus} vs the other agent; wins / losses count episodes only one of them solved; differences are ${model.focus} minus the other agent.`,
    head: ['Env', 'Split', 'Versus', 'Pairs', 'Success %', 'Wins / losses', 'McNemar p', `Δ ${scoreLabel}`, 'p', 'Δ Tokens/step', 'p'],
    numeric: [false, false, false, true, true, true, true, true, true, true, true],
    rows: model.paired.map(({ env, split, baseline, comparison: c }) => [
      text(env),
      text(split),
      agentCell(baseline),
      number(count(c.pairs)),
      number(`${fixed(c.success.candidateRate * 100)} vs ${fixed(c.success.baselineRate * 100)}`),
      number(`${c.success.onlyCandidate} / ${c.success.onlyBaseline}`),
      { ...number(pValue(c.success.pValue)), strong: c.success.pValue < 0.05 },
      number(signed(c.score.value), bounds(c.score)),
      number(bootstrapP(c.score.pValue, resamples)),
      number(c.tokensPerStep ? signed(c.tokensPerStep.difference.value) : dash, c.tokensPerStep ? bounds(c.tokensPerStep.difference) : undefined),
      number(c.tokensPerStep ? bootstrapP(c.tokensPerStep.difference.pValue, resamples) : dash),
    ]),
  };
}

/** One table per (env, split): rows are task types, columns agents, cells success % and mean score. */
export function taskTables(model: ReportModel): Table[] {
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
      caption: uniform !== null ? `Each cell: success % / mean score over ${uniform} episodes.` : 'Each cell: success % / mean score (episodes).',
      head: ['Task type', ...agents],
      numeric: [false, ...agents.map(() => true)],
      rows: tasks.map((task) => {
        const row = agents.map((agent) => cells.find((t) => t.task === task && t.agent === agent));
        const best = Math.max(...row.map((t) => t?.success.value ?? -1));
        return [
          text(task),
          ...row.map((t): Cell => {
            if (!t) return number(dash);
            const body = `${fixed(t.success.value * 100, 0)} / ${fixed(t.meanScore, 0)}`;
            return {
              text: uniform !== null ? body : `${body} (${t.episodes})`,
              numeric: true,
              strong: agents.length > 1 && t.success.value === best && best > 0,
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
    caption: 'From the training log: losses per epoch (mean over seeds), the largest data sizes logged, and time summed over seeds.',
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

export function allMetricsTable(model: ReportModel): Table {
  return {
    id: 'all-metrics',
    title: 'All metrics',
    caption: 'Every metric of the suite per env, split and agent, with its 95% interval (Wilson for rates, bootstrap for means).',
    head: ['Env', 'Split', 'Agent', 'Episodes', 'Errors', ...model.metrics.map((m) => metricHeading(m, m.name))],
    numeric: [false, false, false, true, true, ...model.metrics.map(() => true)],
    rows: model.summaryRows.map((row) => [
      text(row.env),
      text(row.split),
      agentCell(row.agent),
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

/** The main-table cell text shared by the text reports: `72.0 [61.3, 80.7]`. */
export function mainCellText(model: ReportModel, cell: NonNullable<ReportModel['main'][number]['cells'][number]>, which: 'success' | 'score'): string {
  const metric = which === 'success' ? model.successMetric : model.scoreMetric;
  return withBounds(cell[which], metric);
}

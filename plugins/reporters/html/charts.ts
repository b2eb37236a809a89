import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { metricName, naturalCompare, type ReportModel } from '../../../harness/report/index.ts';

/**
 * The report's charts as Vega-Lite specs, rendered to SVG strings in Node (Vega's headless renderer, no
 * DOM, no canvas), so the HTML file embeds them inline and needs neither scripts nor a network.
 * Every chart colours agents the same way (`colours`).
 */
export interface Chart {
  id: string;
  title: string;
  caption: string;
  svg: string;
}

const font = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

const config = {
  font,
  background: '#ffffff',
  padding: 8,
  view: { stroke: '#e3e6ea' },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 600,
    titleColor: '#333',
    labelColor: '#444',
    gridColor: '#eef0f2',
    domainColor: '#999',
    tickColor: '#999',
  },
  header: { labelFontSize: 13, labelFontWeight: 600, labelColor: '#222', titleFontSize: 12 },
  legend: { labelFontSize: 12, titleFontSize: 12, titleFontWeight: 600, symbolSize: 110, orient: 'top' },
  title: { fontSize: 13, fontWeight: 600, anchor: 'start', color: '#222' },
} as const;

export async function renderChart(spec: TopLevelSpec): Promise<string> {
  const compiled = compile({ ...spec, config } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export async function reportCharts(model: ReportModel, colours: Record<string, string>): Promise<Record<string, Chart[]>> {
  // Each chart's legend lists only the agents it draws, with the colours every chart and table share.
  const colourOf = (rows: readonly { agent: string }[]) => {
    const shown = model.agents.filter((agent) => rows.some((row) => row.agent === agent));
    return {
      field: 'agent',
      type: 'nominal',
      title: 'Agent',
      sort: shown,
      scale: { domain: shown, range: shown.map((agent) => colours[agent]) },
    };
  };
  const charts: Record<string, Chart[]> = { main: [], tokens: [], tasks: [], training: [] };

  const rateRows = mainRows(model, 'success');
  if (rateRows.length > 0) {
    charts.main.push({
      id: 'chart-success',
      title: 'Success rate by split',
      caption: 'Whiskers: Wilson 95% interval.',
      svg: await renderChart(barsBysplit(model, rateRows, colourOf(rateRows), `${metricName(model.successMetric, 'Success')} (%)`, [0, 100])),
    });
  }
  const scoreRows = mainRows(model, 'score');
  if (scoreRows.length > 0) {
    charts.main.push({
      id: 'chart-score',
      title: `Average ${metricName(model.scoreMetric, 'Score').toLowerCase()} by split`,
      caption: 'Whiskers: bootstrap 95% interval.',
      svg: await renderChart(barsBysplit(model, scoreRows, colourOf(scoreRows), metricName(model.scoreMetric, 'Score'), undefined)),
    });
  }
  if (model.stepCurve.length > 0) {
    charts.tokens.push({
      id: 'chart-context-growth',
      title: 'Tokens per step against step index',
      caption:
        "Mean tokens of a step's policy calls over the episodes that reached that step. History-conditioned prompts grow with the episode; step-level transitions stay flat.",
      svg: await renderChart(contextGrowth(model, colourOf(model.stepCurve))),
    });
  }
  for (const env of model.envs) {
    const cells = model.tasks.filter((t) => t.env === env);
    if (cells.length === 0) continue;
    charts.tasks.push({
      id: `chart-tasks-${env}`,
      title: `Success by task type — ${env}`,
      caption: 'Cell colour and label: success rate (%) of the agent on the task type.',
      svg: await renderChart(taskHeatmap(model, env)),
    });
  }
  // Panels grouped by env, then phase in log order, then loss name.
  const phases = [...new Set(model.training.phases.map((p) => p.phase))];
  const series = [...model.training.series].sort(
    (a, b) => model.envs.indexOf(a.env) - model.envs.indexOf(b.env) || phases.indexOf(a.phase) - phases.indexOf(b.phase) || naturalCompare(a.field, b.field),
  );
  // A curve needs two points: a loss logged once (a phase's final value) is in the Training table instead.
  const lossPoints = series
    .filter((s) => s.points.length >= 2)
    .flatMap((s) =>
      s.points.map((p) => ({
        panel: `${s.env} · ${s.phase} · ${s.field}`,
        agent: s.agent,
        x: p.x,
        loss: p.mean,
      })),
    );
  if (lossPoints.length > 0) {
    charts.training.push({
      id: 'chart-training',
      title: 'Training curves',
      caption: 'Each loss logged at two or more epochs (or steps), mean over seeds; a loss logged once is in the Training table.',
      svg: await renderChart(trainingCurves(model, lossPoints, colourOf(lossPoints))),
    });
  }
  return charts;
}

interface BarRow {
  env: string;
  split: string;
  agent: string;
  value: number;
  low: number | null;
  high: number | null;
  n: number;
}

function mainRows(model: ReportModel, which: 'success' | 'score'): BarRow[] {
  const metric = which === 'success' ? model.successMetric : model.scoreMetric;
  const scale = metric?.binary ? 100 : 1;
  const rows: BarRow[] = [];
  for (const { agent, cells } of model.main) {
    cells.forEach((cell, i) => {
      const value = cell?.[which];
      if (!value || !Number.isFinite(value.value)) return;
      rows.push({
        ...model.columns[i],
        agent,
        value: value.value * scale,
        low: Number.isFinite(value.low) ? value.low * scale : null,
        high: Number.isFinite(value.high) ? value.high * scale : null,
        n: value.n,
      });
    });
  }
  return rows;
}

function barsBysplit(model: ReportModel, rows: BarRow[], colour: object, yTitle: string, domain: [number, number] | undefined): TopLevelSpec {
  const splitOrder = [...new Set(model.columns.map((c) => c.split))];
  const agentsShown = new Set(rows.map((r) => r.agent)).size;
  const x = { field: 'split', type: 'nominal', sort: splitOrder, title: null, axis: { labelAngle: 0, labelFontSize: 12, labelPadding: 6 } };
  const xOffset = { field: 'agent', type: 'nominal', sort: model.agents };
  return {
    data: { values: rows },
    facet: { column: { field: 'env', type: 'nominal', sort: model.envs, title: null } },
    spec: {
      width: Math.max(160, splitOrder.length * (agentsShown * 20 + 26)),
      height: 240,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x,
            xOffset,
            color: colour,
            y: { field: 'value', type: 'quantitative', title: yTitle, stack: null, ...(domain ? { scale: { domain } } : {}) },
          },
        },
        {
          mark: { type: 'rule', strokeWidth: 1.5, color: '#2b2b2b' },
          encoding: { x, xOffset, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
        },
      ],
    },
  } as unknown as TopLevelSpec;
}

function contextGrowth(model: ReportModel, colour: object): TopLevelSpec {
  return {
    data: { values: model.stepCurve },
    facet: { column: { field: 'env', type: 'nominal', sort: model.envs, title: null } },
    spec: {
      width: 330,
      height: 230,
      mark: { type: 'line', strokeWidth: 2.2, point: { size: 18, filled: true } },
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'Step index', axis: { tickMinStep: 1 } },
        y: { field: 'meanTokens', type: 'quantitative', title: 'Tokens per step (mean)' },
        color: colour,
      },
    },
  } as unknown as TopLevelSpec;
}

function taskHeatmap(model: ReportModel, env: string): TopLevelSpec {
  const cells = model.tasks
    .filter((t) => t.env === env)
    .map((t) => ({ split: t.split, task: t.task, agent: t.agent, rate: t.success.value * 100, episodes: t.episodes }));
  const tasks = [...new Set(cells.map((c) => c.task))].sort(naturalCompare);
  const agents = model.agents.filter((agent) => cells.some((c) => c.agent === agent));
  return {
    data: { values: cells },
    facet: { column: { field: 'split', type: 'nominal', sort: model.splits[env] ?? [], title: null } },
    spec: {
      width: agents.length * 68,
      height: tasks.length * 26,
      encoding: {
        x: {
          field: 'agent',
          type: 'nominal',
          sort: agents,
          title: null,
          axis: { labelAngle: 0, orient: 'top', domain: false, ticks: false, labelFontSize: 11 },
        },
        y: { field: 'task', type: 'nominal', sort: tasks, title: null, axis: { domain: false, ticks: false, labelFontSize: 11, labelLimit: 420 } },
      },
      layer: [
        {
          mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 1.5 },
          encoding: {
            color: {
              field: 'rate',
              type: 'quantitative',
              title: 'Success %',
              scale: { domain: [0, 100], scheme: 'blues' },
              legend: { orient: 'right', gradientLength: Math.max(80, tasks.length * 20) },
            },
          },
        },
        {
          mark: { type: 'text', fontSize: 11, fontWeight: 500 },
          encoding: {
            text: { field: 'rate', type: 'quantitative', format: '.0f' },
            color: { condition: { test: 'datum.rate >= 60', value: '#ffffff' }, value: '#1d2a3a' },
          },
        },
      ],
    },
  } as unknown as TopLevelSpec;
}

function trainingCurves(model: ReportModel, points: object[], colour: object): TopLevelSpec {
  const panels = [...new Set(points.map((p) => (p as { panel: string }).panel))];
  const xKinds = new Set(model.training.series.map((s) => s.x));
  const xTitle = xKinds.size === 1 ? { epoch: 'Epoch', step: 'Step', event: 'Logged event' }[[...xKinds][0]] : 'Epoch or step';
  return {
    data: { values: points },
    facet: { field: 'panel', type: 'nominal', sort: panels, title: null, header: { labelFontSize: 11, labelFontWeight: 500 } },
    columns: 4,
    spec: {
      width: 190,
      height: 120,
      mark: { type: 'line', strokeWidth: 2, point: { size: 16, filled: true } },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: xTitle, axis: { tickMinStep: 1, format: 'd' } },
        // Three significant digits, trailing zeros dropped: 0.25, 1.2e-3, never 0.000000.
        y: { field: 'loss', type: 'quantitative', title: 'Loss', scale: { zero: false }, axis: { format: '.3~g', tickCount: 4 } },
        color: colour,
      },
    },
    resolve: { scale: { y: 'independent', x: 'independent' } },
  } as unknown as TopLevelSpec;
}

import { definePlugin, type ReporterPlugin } from '../../../harness/api.ts';
import { type ReportModel, type ReportOptions, reportModel, reportOptionsSchema } from '../../../harness/report/index.ts';
import { type CsvValue, toCsv } from './csv.ts';

/**
 * Tidy CSV files for spreadsheets and data frames: one row per observation, raw numbers (rates as
 * fractions 0–1), intervals as `_low`/`_high` columns.
 *   summary.csv          every metric per env × split × agent
 *   tasks.csv            success and mean score per env × split × task type × agent
 *   tokens-by-step.csv   mean tokens per step index (the context-growth curve)
 *   paired.csv           the reference agent against each other agent on the same episodes
 *   per-seed.csv         with several training seeds: every metric per env × split × agent × seed
 */
export default definePlugin<ReporterPlugin<ReportOptions>>({
  kind: 'reporter',
  name: 'csv',
  version: '1.0.0',
  description: 'summary.csv, tasks.csv, tokens-by-step.csv, paired.csv (and per-seed.csv): the report as tidy tables',
  optionsSchema: reportOptionsSchema,
  async render(run, options) {
    const model = await reportModel(run, options ?? {});
    return [
      { path: 'summary.csv', content: summaryCsv(model) },
      { path: 'tasks.csv', content: tasksCsv(model) },
      { path: 'tokens-by-step.csv', content: tokensByStepCsv(model) },
      { path: 'paired.csv', content: pairedCsv(model) },
      ...(model.perSeed.length > 0 ? [{ path: 'per-seed.csv', content: perSeedCsv(model) }] : []),
    ];
  },
});

export function summaryCsv(model: ReportModel): string {
  const header = ['env', 'split', 'agent', 'episodes', 'errors', ...metricColumns(model)];
  const rows = model.summaryRows.map((row): CsvValue[] => [row.env, row.split, row.agent, row.episodes, row.errors, ...metricCells(model, row)]);
  return toCsv(header, rows);
}

export function perSeedCsv(model: ReportModel): string {
  const header = ['env', 'split', 'agent', 'seed', 'episodes', 'errors', ...metricColumns(model)];
  const rows = model.perSeed.map((row): CsvValue[] => [row.env, row.split, row.agent, row.seed, row.episodes, row.errors, ...metricCells(model, row)]);
  return toCsv(header, rows);
}

/** Four columns per metric: its value, the interval's bounds and how many values it rests on. */
function metricColumns(model: ReportModel): string[] {
  return model.metrics.flatMap((m) => [m.name, `${m.name}_low`, `${m.name}_high`, `${m.name}_n`]);
}

function metricCells(model: ReportModel, row: { metrics: ReportModel['summaryRows'][number]['metrics'] }): CsvValue[] {
  return model.metrics.flatMap((m) => {
    const value = row.metrics[m.name];
    return value ? [value.value, value.low, value.high, value.n] : [null, null, null, null];
  });
}

export function tasksCsv(model: ReportModel): string {
  return toCsv(
    ['env', 'split', 'task', 'agent', 'episodes', 'success', 'success_low', 'success_high', 'mean_score'],
    model.tasks.map((t) => [t.env, t.split, t.task, t.agent, t.episodes, t.success.value, t.success.low, t.success.high, t.meanScore]),
  );
}

export function tokensByStepCsv(model: ReportModel): string {
  return toCsv(
    ['env', 'agent', 'step', 'episodes', 'mean_tokens'],
    model.stepCurve.map((p) => [p.env, p.agent, p.step, p.episodes, p.meanTokens]),
  );
}

export function pairedCsv(model: ReportModel): string {
  return toCsv(
    [
      'env',
      'split',
      'candidate',
      'baseline',
      'pairs',
      'seeds',
      'candidate_success',
      'baseline_success',
      'only_candidate',
      'only_baseline',
      'mcnemar_p',
      'success_diff',
      'success_diff_low',
      'success_diff_high',
      'score_diff',
      'score_diff_low',
      'score_diff_high',
      'score_diff_p',
      'tokens_per_step_diff',
      'tokens_per_step_diff_low',
      'tokens_per_step_diff_high',
      'tokens_per_step_ratio',
      'tokens_per_step_ratio_low',
      'tokens_per_step_ratio_high',
    ],
    model.paired.map(({ env, split, candidate, baseline, comparison: c }) => [
      env,
      split,
      candidate,
      baseline,
      c.pairs,
      c.seeds,
      c.success.candidateRate,
      c.success.baselineRate,
      c.success.onlyCandidate,
      c.success.onlyBaseline,
      c.success.pValue,
      c.success.difference.value,
      c.success.difference.low,
      c.success.difference.high,
      c.score.value,
      c.score.low,
      c.score.high,
      c.score.pValue,
      c.tokensPerStep?.difference.value,
      c.tokensPerStep?.difference.low,
      c.tokensPerStep?.difference.high,
      c.tokensPerStep?.ratio.value,
      c.tokensPerStep?.ratio.low,
      c.tokensPerStep?.ratio.high,
    ]),
  );
}

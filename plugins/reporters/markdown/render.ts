import {
  allMetricsTable,
  count,
  emphasise,
  escapeCell,
  mainCellText,
  mainTableNote,
  markdownRows,
  metricHeading,
  pairedTable,
  perSeedTable,
  pluginsTable,
  provenanceTable,
  type ReportModel,
  ratiosTable,
  referenceNote,
  markdownTable as table,
  taskTables,
  tokensByAgentTable,
  tokensByRoleTable,
  trainingTable,
} from '../../../harness/report/index.ts';

/** The report as GitHub-flavoured Markdown: the paper's main table first, then the detail behind it. */
export function renderMarkdown(model: ReportModel): string {
  const out: string[] = [];
  out.push(`# ${model.title}`, '');
  out.push(overview(model), '');
  out.push('## Main results', '');
  out.push(mainTable(model), '');
  if (model.perSeed.length > 0) out.push(table(perSeedTable(model), 3));
  out.push('## Token efficiency', '');
  out.push(table(tokensByAgentTable(model), 3));
  out.push(table(tokensByRoleTable(model), 3));
  if (model.ratios.length > 0) out.push(table(ratiosTable(model), 3));
  if (model.paired.length > 0) {
    out.push('## Paired comparisons', '');
    out.push(table(pairedTable(model), 0));
  }
  const tasks = taskTables(model);
  if (tasks.length > 0) {
    out.push('## Per task type', '');
    for (const tasksTable of tasks) out.push(table(tasksTable, 3));
  }
  if (model.training.phases.length > 0) out.push(table(trainingTable(model), 2));
  out.push(table(allMetricsTable(model), 2));
  out.push(table(provenanceTable(model), 2));
  if (model.provenance.plugins.length > 0) out.push(table(pluginsTable(model), 3));
  return (
    out
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd() + '\n'
  );
}

function overview(model: ReportModel): string {
  const ends = Object.entries(model.totals.ends)
    .map(([end, n]) => `${end} ${count(n)}`)
    .join(', ');
  const errorsOutsideEnds = model.totals.errors !== (model.totals.ends.error ?? 0);
  const lines = [
    `${count(model.totals.episodes)} episodes${ends ? ` (ended: ${ends})` : ''}` +
      (errorsOutsideEnds ? `, ${count(model.totals.errors)} with errors` : '') +
      (model.createdAt ? `, created ${model.createdAt}.` : '.'),
    `Rates have Wilson 95% intervals; means have percentile-bootstrap 95% intervals (seed ${model.options.seed}, ${model.options.resamples} resamples). Intervals are shown as [low, high].`,
    referenceNote(model),
  ];
  return lines.join('\n');
}

/** Rows = agents; for each env × split two columns, success rate and average score. */
function mainTable(model: ReportModel): string {
  if (model.columns.length === 0) return '_No episodes in the log yet._';
  const successHead = metricHeading(model.successMetric, 'Success %');
  const scoreHead = metricHeading(model.scoreMetric, 'Score');
  const head = ['Agent', ...model.columns.flatMap(({ env, split }) => [`${env} ${split} ${successHead}`, `${env} ${split} ${scoreHead}`])];
  const rows = model.main.map(({ agent, cells }) => [
    escapeCell(agent),
    ...cells.flatMap((cell) =>
      cell ? [emphasise(mainCellText(model, cell, 'success'), cell.best.success), emphasise(mainCellText(model, cell, 'score'), cell.best.score)] : ['—', '—'],
    ),
  ]);
  const episodes = model.columns.map(({ env, split }) => {
    const n = model.main.map(({ cells }) => cells[model.columns.findIndex((c) => c.env === env && c.split === split)]?.episodes ?? 0);
    return `${env} ${split}: ${[...new Set(n)].map(count).join(' / ')}`;
  });
  return [
    markdownRows(head, rows, [false, ...model.columns.flatMap(() => [true, true])]),
    '',
    `${mainTableNote(model)} Episodes per agent — ${episodes.join('; ')}.`,
  ].join('\n');
}

import {
  agentLabel,
  allMetricsTable,
  bounds,
  count,
  dash,
  displayScale,
  escapeHtml,
  fixed,
  htmlTable,
  inlineCode,
  mainCellText,
  mainTableNote,
  metricHeading,
  pairedTable,
  perSeedTable,
  pluginsTable,
  provenanceTable,
  type ReportModel,
  ratiosTable,
  referenceNote,
  stylesheet,
  taskTables,
  tokensByAgentTable,
  tokensByRoleTable,
  trainingTable,
} from '../../../harness/report/index.ts';
import type { Chart } from './charts.ts';

/** The report as one self-contained HTML page: inline CSS and inline SVG charts, no script, no network. */
export function renderPage(model: ReportModel, charts: Record<string, Chart[]>, colours: Record<string, string>): string {
  const tasks = taskTables(model);
  const sections: { id: string; title: string; body: string }[] = [
    {
      id: 'main',
      title: 'Main results',
      body: mainTable(model, colours) + (model.perSeed.length > 0 ? htmlTable(perSeedTable(model), colours) : '') + figures(charts.main),
    },
    {
      id: 'tokens',
      title: 'Token efficiency',
      body:
        [tokensByAgentTable(model), tokensByRoleTable(model), ...(model.ratios.length ? [ratiosTable(model)] : [])].map((t) => htmlTable(t, colours)).join('') +
        figures(charts.tokens),
    },
  ];
  if (model.paired.length > 0) sections.push({ id: 'paired', title: 'Paired comparisons', body: htmlTable(pairedTable(model), colours, false) });
  if (tasks.length > 0) {
    sections.push({
      id: 'tasks',
      title: 'Per task type',
      body: figures(charts.tasks) + tasks.map((t) => htmlTable(t, colours)).join(''),
    });
  }
  if (model.training.phases.length > 0) {
    sections.push({ id: 'training', title: 'Training', body: htmlTable(trainingTable(model), colours, false) + figures(charts.training) });
  }
  sections.push({ id: 'metrics', title: 'All metrics', body: htmlTable(allMetricsTable(model), colours, false) });
  sections.push({
    id: 'provenance',
    title: 'Provenance',
    body: htmlTable(provenanceTable(model), colours, false) + (model.provenance.plugins.length ? htmlTable(pluginsTable(model), colours) : ''),
  });

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(model.title)}</title>
<style>${stylesheet}</style>
</head>
<body>
<header>
<h1>${escapeHtml(model.title)}</h1>
<p class="meta">${overview(model)}</p>
<p class="legend">${model.agents.map((agent) => agentLabel(agent, colours)).join('')}</p>
<nav>${sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('')}</nav>
</header>
<main>
${sections.map((s) => `<section id="${s.id}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`).join('\n')}
</main>
<footer>Rates: Wilson 95% intervals. Means: percentile bootstrap 95% intervals (seed ${model.options.seed}, ${count(model.options.resamples)} resamples). Every number comes from this run's episode and training logs.</footer>
</body>
</html>
`;
}

function overview(model: ReportModel): string {
  const ends = Object.entries(model.totals.ends)
    .map(([end, n]) => `${escapeHtml(end)} ${count(n)}`)
    .join(', ');
  const errorsOutsideEnds = model.totals.errors !== (model.totals.ends.error ?? 0);
  const parts = [
    `${count(model.totals.episodes)} episodes${ends ? ` (ended: ${ends})` : ''}`,
    errorsOutsideEnds ? `${count(model.totals.errors)} with errors` : '',
    model.createdAt ? `created ${escapeHtml(model.createdAt)}` : '',
  ].filter(Boolean);
  return `${parts.join(' · ')}<br>${inlineCode(escapeHtml(referenceNote(model)))}`;
}

/** The paper's table: rows = agents; column groups env → split → (success, score). */
function mainTable(model: ReportModel, colours: Record<string, string>): string {
  if (model.columns.length === 0) return '<p class="empty">No episodes in the log yet.</p>';
  const envSpans = model.envs.map((env) => ({ env, span: model.columns.filter((c) => c.env === env).length * 2 })).filter((e) => e.span > 0);
  const successHead = metricHeading(model.successMetric, 'Success %');
  const scoreHead = metricHeading(model.scoreMetric, 'Score');
  const head = [
    `<tr><th rowspan="3" class="corner">Agent</th>${envSpans.map((e) => `<th colspan="${e.span}" class="group">${escapeHtml(e.env)}</th>`).join('')}</tr>`,
    `<tr>${model.columns.map((c) => `<th colspan="2" class="group sub">${escapeHtml(c.split)}</th>`).join('')}</tr>`,
    `<tr>${model.columns.map(() => `<th class="num">${escapeHtml(successHead)}</th><th class="num">${escapeHtml(scoreHead)}</th>`).join('')}</tr>`,
  ];
  const rows = model.main.map(({ agent, cells }) => {
    const tds = cells.map((cell) => {
      if (!cell) return `<td class="num">${dash}</td><td class="num">${dash}</td>`;
      return (['success', 'score'] as const)
        .map((which) => {
          const metric = which === 'success' ? model.successMetric : model.scoreMetric;
          const value = cell[which];
          if (!value || !Number.isFinite(value.value)) return `<td class="num">${dash}</td>`;
          const range = bounds(value, metric);
          return (
            `<td class="num${cell.best[which] ? ' best' : ''}" title="${escapeHtml(mainCellText(model, cell, which))} (n=${value.n})">` +
            `${fixed(displayScale(metric, value.value))}${range ? `<small>${range}</small>` : ''}</td>`
          );
        })
        .join('');
    });
    return `<tr><th class="agent">${agentLabel(agent, colours)}</th>${tds.join('')}</tr>`;
  });
  const episodes = model.columns.map(({ env, split }, i) => {
    const n = [...new Set(model.main.map(({ cells }) => cells[i]?.episodes ?? 0))];
    return `${escapeHtml(env)} ${escapeHtml(split)}: ${n.map(count).join(' / ')}`;
  });
  return `<div class="scroll"><table class="main-table" id="table-main">
<caption>Success rate and average score with 95% intervals. ${escapeHtml(mainTableNote(model))}</caption>
<thead>${head.join('\n')}</thead>
<tbody>${rows.join('\n')}</tbody>
</table></div>
<p class="caption">Episodes per agent — ${episodes.join('; ')}.</p>`;
}

/** Charts of a section side by side where the page is wide enough. */
function figures(charts: Chart[] | undefined): string {
  if (!charts || charts.length === 0) return '';
  const items = charts
    .map(
      (chart) =>
        `<figure id="${chart.id}" class="chart"><figcaption><strong>${escapeHtml(chart.title)}.</strong> ${escapeHtml(chart.caption)}</figcaption>${chart.svg}</figure>`,
    )
    .join('\n');
  return `<div class="charts">${items}</div>`;
}

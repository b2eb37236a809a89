import { definePlugin, type ReporterPlugin } from '../../../harness/api.ts';
import { agentColours, type ReportOptions, reportModel, reportOptionsSchema } from '../../../harness/report/index.ts';
import { reportCharts } from './charts.ts';
import { renderPage } from './page.ts';

/** `report.html`: the Markdown report's tables plus charts, in one file that opens without a server. */
export default definePlugin<ReporterPlugin<ReportOptions>>({
  kind: 'reporter',
  name: 'html',
  version: '1.0.0',
  description: 'report.html: one self-contained page with the report tables and inline SVG charts (Vega-Lite)',
  optionsSchema: reportOptionsSchema,
  async render(run, options) {
    const model = await reportModel(run, options ?? {});
    const colours = agentColours(model.agents);
    const charts = await reportCharts(model, colours);
    return [{ path: 'report.html', content: renderPage(model, charts, colours) }];
  },
});

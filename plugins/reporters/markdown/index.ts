import { definePlugin, type ReporterPlugin } from '../../../harness/api.ts';
import { type ReportOptions, reportModel, reportOptionsSchema } from '../../../harness/report/index.ts';
import { renderMarkdown } from './render.ts';

/** `report.md`: the paper's main table, token efficiency, paired tests, task types, training, provenance. */
export default definePlugin<ReporterPlugin<ReportOptions>>({
  kind: 'reporter',
  name: 'markdown',
  version: '1.0.0',
  description: 'report.md: main results table with 95% intervals, tokens per step, paired tests, per-task breakdown, training and provenance',
  optionsSchema: reportOptionsSchema,
  async render(run, options) {
    return [{ path: 'report.md', content: renderMarkdown(await reportModel(run, options ?? {})) }];
  },
});

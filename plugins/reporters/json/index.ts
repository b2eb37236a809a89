import { definePlugin, type ReporterPlugin } from '../../../harness/api.ts';
import { type ReportModel, type ReportOptions, reportModel, reportOptionsSchema } from '../../../harness/report/index.ts';

/**
 * `report.json`: the whole report model (main table, tokens, ratios, paired tests, task types, training,
 * provenance) for other tools. Numbers are raw (rates as fractions 0–1); a value that cannot be computed
 * is null.
 */
export default definePlugin<ReporterPlugin<ReportOptions>>({
  kind: 'reporter',
  name: 'json',
  version: '1.0.0',
  description: 'report.json: every table of the report as plain data (rates as fractions, intervals as low/high)',
  optionsSchema: reportOptionsSchema,
  async render(run, options) {
    const model = await reportModel(run, options ?? {});
    return [{ path: 'report.json', content: JSON.stringify(toJson(model), finiteOrNull, 2) + '\n' }];
  },
});

/**
 * The file's layout: versioned, so tools reading it can tell when it changes. Version 2 names the agent the
 * others are compared with `reference` (version 1: `focus`) and adds `seeds`, `bounds` and `perSeed`.
 */
export function toJson(model: ReportModel) {
  return { format: 'step-hrl-harness/report', version: 2, ...model };
}

/** JSON has no NaN or Infinity; say "unknown" as null. */
function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

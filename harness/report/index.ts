/**
 * The reporting kit: reading a finished run and turning it into reports. Reporter plugins (built-in or
 * third-party) import it from here only: `reportModel` gives every number of a report as plain data, the
 * table builders lay them out as rows of formatted cells, and the renderers write those tables as Markdown,
 * HTML or text. `openRun` and `compareRuns` serve the CLI (`harness report`, `harness compare`).
 */

export { type ComparedRun, type CompareOptions, type CompareResult, type CompareRow, compareRuns, renderCompare } from './compare.ts';
export { digestEpisodes, digestRun, type GroupDigest, type RunDigest } from './digest.ts';
export {
  bootstrapP,
  bounds,
  count,
  dash,
  displayScale,
  fixed,
  metricHeading,
  metricName,
  percent,
  pValue,
  seedsNote,
  signed,
  significant,
  withBounds,
} from './format.ts';
export { agentLabel, escapeHtml, htmlTable, inlineCode, stylesheet } from './html.ts';
export { emphasise, escapeCell, markdownRows, markdownTable } from './markdown.ts';
export {
  boundAgents,
  buildReportModel,
  type MetricInfo,
  type PerSeedRow,
  type ReportModel,
  type ReportOptions,
  reportModel,
  reportOptionsSchema,
  type TaskCell,
} from './model.ts';
export { openRun, type TrainingLogEvent } from './open-run.ts';
export { agentColours } from './palette.ts';
export { naturalCompare, orderBy, suiteOrder } from './suite-order.ts';
export {
  allMetricsTable,
  type Cell,
  lossTrail,
  mainCellText,
  mainTableNote,
  pairedTable,
  perSeedTable,
  pluginsTable,
  provenanceTable,
  ratiosTable,
  referenceNote,
  type Table,
  taskTables,
  tokensByAgentTable,
  tokensByRoleTable,
  trainingTable,
} from './tables.ts';
export { textTable } from './text-table.ts';

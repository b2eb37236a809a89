/**
 * Reading a finished run and turning it into reports. `openRun` and `compareRuns` serve the CLI
 * (`harness report`, `harness compare`); `reportModel` and the table builders are the reporting kit the
 * built-in reporter plugins format, and that third-party reporters may use as well.
 */

export { type ComparedRun, type CompareOptions, type ComparePairedRow, type CompareResult, type CompareRow, compareRuns } from './compare.ts';
export { digestEpisodes, digestRun, type GroupDigest, type RunDigest } from './digest.ts';
export { buildReportModel, type ReportModel, type ReportOptions, reportModel, reportOptionsSchema } from './model.ts';
export { openRun, summarizeRunLog, type TrainingLogEvent } from './open-run.ts';
export { agentColours } from './palette.ts';

/**
 * Reading a finished run and turning it into reports. `openRun` and `compareRuns` serve the CLI
 * (`harness report`, `harness compare`); `reportModel` and the table builders are the reporting kit the
 * built-in reporter plugins format, and that third-party reporters may use as well.
 */
export { openRun, type TrainingLogEvent } from './open-run.ts';
export { compareRuns, type CompareResult, type CompareRow, type ComparePairedRow, type ComparedRun, type CompareOptions } from './compare.ts';
export { reportModel, buildReportModel, reportOptionsSchema, type ReportModel, type ReportOptions } from './model.ts';
export { digestRun, digestEpisodes, type RunDigest, type GroupDigest } from './digest.ts';
export { summarizeRunLog } from './open-run.ts';
export { agentColours } from './palette.ts';

import { relative, resolve } from 'node:path';
import { writeReports, writeSummary } from '../report/write-run.ts';
import { loadRunSuite } from '../runner/run.ts';
import { runFiles } from '../store/files.ts';
import { exitOnInputError } from './errors.ts';
import { formatSummaryTables } from './table.ts';

/** Recomputes summary.json and rewrites the reports from a run's own files. */
export async function reportCommand(runDir: string): Promise<void> {
  const files = runFiles(resolve(runDir));
  const loaded = await exitOnInputError(() => loadRunSuite(files.dir));
  const summary = await writeSummary(files);
  const reports = await writeReports(loaded, files.dir);
  console.log(formatSummaryTables(summary));
  for (const report of reports) console.log(`Report: ${relative(process.cwd(), report)}`);
}

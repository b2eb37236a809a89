import { relative, resolve } from 'node:path';
import { writeReports, writeSummary } from '../report/write-run.ts';
import { loadRunSuite } from '../runner/run.ts';
import { runFiles } from '../store/files.ts';
import { acquireRunLock, type RunLock, RunLockedError } from '../store/lock.ts';
import { exitOnInputError } from './errors.ts';
import { repairLogsAndWarn } from './repair-logs.ts';
import { formatSummaryTables } from './table.ts';

/**
 * Recomputes summary.json and rewrites the reports from a run's own files. A run that another process is
 * still writing is reported as far as it has got, its log left as it is; otherwise the folder is locked while
 * the report is made, and lines of its logs that cannot be decoded are first set aside.
 */
export async function reportCommand(runDir: string): Promise<void> {
  const files = runFiles(resolve(runDir));
  const loaded = await exitOnInputError(() => loadRunSuite(files.dir));
  const shown = relative(process.cwd(), files.dir) || '.';
  let lock: RunLock | null = null;
  try {
    lock = acquireRunLock(files.dir, 'harness report');
  } catch (e) {
    if (!(e instanceof RunLockedError)) throw e;
    const who = e.holder ? `${e.holder.command}, pid ${e.holder.pid}` : 'another process';
    console.error(`harness: ${shown} is still being written (${who}); reporting the episodes finished so far`);
  }
  if (lock) await repairLogsAndWarn(files.dir, `the report covers the rest; \`harness run --resume ${shown}\` runs their episodes again`);
  const summary = await exitOnInputError(() => writeSummary(files));
  const reports = await exitOnInputError(() => writeReports(loaded, files.dir));
  lock?.release();
  console.log(formatSummaryTables(summary));
  for (const report of reports) console.log(`Report: ${relative(process.cwd(), report)}`);
}

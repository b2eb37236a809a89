import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { writeReports, writeSummary } from '../report/write-run.ts';
import { loadRunSuite } from '../runner/run.ts';
import { runFiles } from '../store/files.ts';
import { MergeError, mergeRuns } from '../store/merge.ts';
import { exitOnInputError, exitWithUsageError } from './errors.ts';
import { lockRunFolder } from './lock.ts';
import { formatSummaryTables } from './table.ts';

/** `harness merge <shard-dirs…> --out <dir>`: one run folder, summary and reports from shard runs. */
export async function mergeCommand(dirs: string[], flags: { out: string }): Promise<void> {
  const out = resolve(flags.out);
  const created = !existsSync(out);
  mkdirSync(out, { recursive: true });
  const lock = lockRunFolder(out, 'harness merge');
  try {
    await mergeRuns(
      dirs.map((d) => resolve(d)),
      out,
    );
  } catch (e) {
    if (!(e instanceof MergeError)) throw e;
    // A folder this command made holds nothing of anyone else's: leave none behind.
    lock.release();
    if (created) rmSync(out, { recursive: true, force: true });
    exitWithUsageError(e.message);
  }
  const loaded = await exitOnInputError(() => loadRunSuite(out));
  const summary = await writeSummary(runFiles(out));
  const reports = await writeReports(loaded, out);
  lock.release();
  console.log(formatSummaryTables(summary));
  console.log(`Merged ${dirs.length} shards into ${relative(process.cwd(), out) || '.'}`);
  for (const report of reports) console.log(`Report: ${relative(process.cwd(), report)}`);
}

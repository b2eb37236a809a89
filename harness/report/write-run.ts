/**
 * The end of a run, driven by the CLI after the runner has logged its episodes: the summary recomputed from
 * the episode log, then the suite's reporters. `harness report` and `harness merge` do the same on a
 * finished run folder.
 */
import { join } from 'node:path';
import type { Summary } from '../api.ts';
import type { LoadedSuite } from '../spec/load.ts';
import { summarizeRunLog } from '../stats/run-summary.ts';
import { type RunFiles, runFiles, writeFileAtomic, writeJsonAtomic } from '../store/files.ts';
import { openRun } from './open-run.ts';

/** Summarises the run's episode log into summary.json (streaming; independent of record order). */
export async function writeSummary(files: RunFiles): Promise<Summary> {
  const summary = await summarizeRunLog(files.dir);
  writeJsonAtomic(files.summary, summary);
  return summary;
}

/** Runs the suite's reporters over the run folder and writes what they return; returns the paths written. */
export async function writeReports(loaded: LoadedSuite, dir: string): Promise<string[]> {
  const written: string[] = [];
  // One view for all reporters: its episode stream is shared, so the log is read once, not once per reporter.
  const view = loaded.spec.reports.length ? await openRun(dir) : null;
  for (const [i, entry] of loaded.spec.reports.entries()) {
    const reporter = loaded.plugins.reports[i].plugin;
    for (const file of await reporter.render(view!, entry.options)) {
      if (file.path.includes('..') || file.path.startsWith('/')) throw new Error(`reporter "${reporter.name}" wrote outside the run folder: ${file.path}`);
      const target = join(dir, file.path);
      writeFileAtomic(target, file.content);
      written.push(target);
    }
  }
  return written;
}

/** Summary, then reports: what a run folder gets once its episodes are logged. */
export async function finishRun(loaded: LoadedSuite, dir: string): Promise<{ summary: Summary; reports: string[] }> {
  const summary = await writeSummary(runFiles(dir));
  return { summary, reports: await writeReports(loaded, dir) };
}

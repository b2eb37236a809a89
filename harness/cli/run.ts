import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { Selection } from '../runner/plan.ts';
import { assertReadyToRun } from '../runner/preflight.ts';
import { loadRunSuite, readManifest, runSuite } from '../runner/run.ts';
import { type LoadedSuite, loadSuite } from '../spec/load.ts';
import { runFiles } from '../store/files.ts';
import { dryRun } from './dry-run.ts';
import { exitOnInputError, exitWithUsageError } from './errors.ts';
import { lockRunFolder } from './lock.ts';
import { repairLogsAndWarn } from './repair-logs.ts';
import { formatSummaryTables } from './table.ts';

interface RunFlags {
  out?: string;
  resume?: string;
  retryErrors?: boolean;
  limit?: number;
  only?: Selection['only'];
  shard?: Selection['shard'];
  quiet?: boolean;
  dryRun?: boolean;
  workers: number;
  workerMemory?: number;
  version: string;
}

export async function runCommand(suiteFile: string | undefined, flags: RunFlags): Promise<void> {
  let loaded: LoadedSuite;
  let dir: string;
  if (flags.resume) {
    dir = resolve(flags.resume);
    loaded = await exitOnInputError(() => loadRunSuite(dir));
    const { only } = readManifest(runFiles(dir)).selection;
    await exitOnInputError(() => assertReadyToRun(loaded, { only: only ?? undefined }));
  } else {
    if (!suiteFile) exitWithUsageError('give a suite file, or --resume <run-dir>');
    loaded = await exitOnInputError(() => loadSuite(suiteFile));
    // Before the run folder exists: a suite that cannot run leaves nothing behind.
    await exitOnInputError(() => assertReadyToRun(loaded, { only: flags.only }));
    if (flags.dryRun) return dryRun(loaded, { only: flags.only });
    dir = resolve(flags.out ?? freshRunDir(loaded.spec.name));
    mkdirSync(dir, { recursive: true });
  }
  // One writer per run folder: a second run into it, or a second --resume of it, stops here having written nothing.
  const lock = lockRunFolder(dir, flags.resume ? 'harness run --resume' : 'harness run');
  if (flags.resume) await repairLogsAndWarn(dir, 'their episodes run again');

  const controller = new AbortController();
  const onInterrupt = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
    console.error('\nStopping after the current step; finished episodes are kept. Ctrl-C again to quit at once.');
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);

  const outcome = await exitOnInputError(() =>
    runSuite(loaded, {
      dir,
      resume: Boolean(flags.resume),
      retryErrors: flags.retryErrors,
      selection: { limit: flags.limit, only: flags.only, shard: flags.shard },
      quiet: flags.quiet,
      workers: flags.workers,
      workerMemoryMb: flags.workerMemory,
      signal: controller.signal,
      harnessVersion: flags.version,
    }),
  );

  lock.release();

  console.log('\n' + formatSummaryTables(outcome.summary));
  const shown = relative(process.cwd(), outcome.dir) || '.';
  console.log(`Run folder: ${shown}`);
  for (const report of outcome.reports) console.log(`Report: ${relative(process.cwd(), report)}`);
  if (outcome.errors) console.log(`${outcome.errors} episode(s) ended in an error: see "error" in ${join(shown, 'episodes.jsonl')}`);
  if (outcome.interrupted) {
    console.log(`Interrupted. Continue with: harness run --resume ${shown}`);
    process.exit(130);
  }
  process.exit(outcome.errors ? 1 : 0);
}

/**
 * Creates `results/<suite>-<yyyymmdd-hhmmss>`, with a suffix if two runs start in the same second (created
 * here, exclusively, so two runs starting at once never pick the same folder).
 */
function freshRunDir(name: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  mkdirSync('results', { recursive: true });
  for (let i = 1; ; i++) {
    const dir = join('results', i === 1 ? `${name}-${stamp}` : `${name}-${stamp}-${i}`);
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

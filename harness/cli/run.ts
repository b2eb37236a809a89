import { mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { finishRun } from '../report/write-run.ts';
import type { Selection } from '../runner/plan.ts';
import { createProgress } from '../runner/progress.ts';
import { loadRunSuite, readManifest, runSuite } from '../runner/run.ts';
import { type LoadedSuite, loadSuite } from '../spec/load.ts';
import { runFiles } from '../store/files.ts';
import { agentCaveats } from '../store/manifest.ts';
import { dryRun } from './dry-run.ts';
import { assertSuiteReady, exitOnInputError, exitWithUsageError } from './errors.ts';
import { refuseProcessExit } from './exit-guard.ts';
import { lockRunFolder } from './lock.ts';
import { watchMainThread } from './main-thread-watchdog.ts';
import { onlyProblems } from './only.ts';
import { repairLogsAndWarn } from './repair-logs.ts';
import { stopAtProgress, stopOnSignals } from './stop-signals.ts';
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
  steps?: number;
  workers: number;
  workerMemory?: number;
  version: string;
}

export async function runCommand(suiteFile: string | undefined, flags: RunFlags): Promise<void> {
  if (flags.steps !== undefined && !flags.dryRun) exitWithUsageError('--steps goes with --dry-run (a run takes its step limit from the suite)');
  const stop = stopOnSignals();
  let loaded: LoadedSuite;
  let dir: string;
  if (flags.resume) {
    dir = resolve(flags.resume);
    loaded = await exitOnInputError(() => loadRunSuite(dir));
    const { only } = readManifest(runFiles(dir)).selection;
    await exitOnInputError(() => assertSuiteReady(loaded, { only: only ?? undefined }));
  } else {
    if (!suiteFile) exitWithUsageError('give a suite file, or --resume <run-dir>');
    loaded = await exitOnInputError(() => loadSuite(suiteFile));
    const unknown = onlyProblems(loaded.spec, flags.only);
    if (unknown.length) exitWithUsageError(unknown.join('\nharness: '));
    // Before the run folder exists: a suite that cannot run leaves nothing behind.
    await exitOnInputError(() => assertSuiteReady(loaded, { only: flags.only, limit: flags.limit }));
    if (flags.dryRun) return dryRun(loaded, { only: flags.only, steps: flags.steps });
    dir = resolve(flags.out ?? freshRunDir(loaded.spec.name));
    mkdirSync(dir, { recursive: true });
  }
  // One writer per run folder: a second run into it, or a second --resume of it, stops here having written nothing.
  const lock = lockRunFolder(dir, flags.resume ? 'harness run --resume' : 'harness run');
  if (flags.resume) await repairLogsAndWarn(dir, 'their episodes run again');

  const shown = relative(process.cwd(), dir) || '.';
  const onMainThread = flags.workers === 0;
  if (onMainThread && !flags.quiet) {
    console.error(
      'harness: --workers 0 runs plugins on the main thread, where they are not isolated: one that blocks the thread holds up the run ' +
        '(and Ctrl-C), one that runs out of memory ends it; worker threads (--workers n) fail only its episode',
    );
  }
  const stopWatching = onMainThread ? watchForBlockingPlugin(loaded.spec.stepTimeoutMs, shown) : null;

  stop.runStarted();
  const outcome = await exitOnInputError(async () => {
    const restoreExit = refuseProcessExit();
    try {
      return await runSuite(loaded, {
        dir,
        resume: Boolean(flags.resume),
        retryErrors: flags.retryErrors,
        selection: { limit: flags.limit, only: flags.only, shard: flags.shard },
        progress: stopAtProgress(createProgress({ quiet: flags.quiet ?? false }), stop.signal),
        workers: flags.workers,
        workerMemoryMb: flags.workerMemory,
        signal: stop.signal,
        harnessVersion: flags.version,
      });
    } finally {
      restoreExit();
    }
  });
  stopWatching?.();
  // The summary and reports are written from the log, still under the lock: they are this run's files too.
  const { summary, reports } = await finishRun(loaded, outcome.dir);
  lock.release();

  const errors = summary.rows.reduce((n, row) => n + row.errors, 0);
  console.log('\n' + formatSummaryTables(summary));
  for (const [agent, caveats] of Object.entries(agentCaveats(loaded))) for (const caveat of caveats) console.log(`Note on ${agent}: ${caveat}`);
  console.log(`Run folder: ${shown}`);
  for (const report of reports) console.log(`Report: ${relative(process.cwd(), report)}`);
  if (errors) console.log(`${errors} episode(s) ended in an error: see "error" in ${join(shown, 'episodes.jsonl')}`);
  if (outcome.interrupted) {
    console.log(`Interrupted. Continue with: harness run --resume ${shown}`);
    process.exit(130);
  }
  process.exit(errors ? 1 : 0);
}

/**
 * With `--workers 0`, says when the main thread has been blocked for longer than any plugin call may take
 * (the suite's stepTimeoutMs, but at least 10 s, so the harness's own work on a busy machine is not taken for
 * a plugin's), with how to end the run.
 */
function watchForBlockingPlugin(stepTimeoutMs: number, shown: string): () => void {
  const seconds = Math.max(stepTimeoutMs, 10_000) / 1000;
  return watchMainThread(
    seconds * 1000 + 2000,
    `\nharness: the main thread has been blocked for {seconds} s, longer than a plugin call may take (${seconds} s here). ` +
      'With --workers 0 a plugin that does not return cannot be stopped: Ctrl-C and SIGTERM take effect only when it returns. ' +
      `To end the run now: kill -9 ${process.pid} (finished episodes are kept; harness run --resume ${shown} continues, ` +
      'and worker threads, --workers n, would stop such a plugin and fail only its episode).\n',
  );
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

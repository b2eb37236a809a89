import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkSuitePlugins } from '../check/suite.ts';
import { finishRun } from '../report/write-run.ts';
import type { Selection } from '../runner/plan.ts';
import { loadRunSuite, runSuite } from '../runner/run.ts';
import { type LoadedSuite, loadSuite } from '../spec/load.ts';
import { SuiteError } from '../spec/problems.ts';
import { dryRun } from './dry-run.ts';
import { exitOnInputError, exitWithUsageError, printWarnings } from './errors.ts';
import { onlyProblems } from './only.ts';
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
  } else {
    if (!suiteFile) exitWithUsageError('give a suite file, or --resume <run-dir>');
    loaded = await exitOnInputError(() => loadSuite(suiteFile));
    const unknown = onlyProblems(loaded.spec, flags.only);
    if (unknown.length) exitWithUsageError(unknown.join('\nharness: '));
    await exitOnInputError(async () => {
      const { problems, warnings } = await checkSuitePlugins(loaded, { limit: flags.limit });
      printWarnings(warnings);
      if (problems.length) throw new SuiteError(problems);
    });
    if (flags.dryRun) return dryRun(loaded, { only: flags.only });
    dir = resolve(flags.out ?? freshRunDir(loaded.spec.name));
  }

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

  const { summary, reports } = await finishRun(loaded, outcome.dir);
  const errors = summary.rows.reduce((n, row) => n + row.errors, 0);
  console.log('\n' + formatSummaryTables(summary));
  const shown = relative(process.cwd(), outcome.dir) || '.';
  console.log(`Run folder: ${shown}`);
  for (const report of reports) console.log(`Report: ${relative(process.cwd(), report)}`);
  if (errors) console.log(`${errors} episode(s) ended in an error: see "error" in ${join(shown, 'episodes.jsonl')}`);
  if (outcome.interrupted) {
    console.log(`Interrupted. Continue with: harness run --resume ${shown}`);
    process.exit(130);
  }
  process.exit(errors ? 1 : 0);
}

/** `results/<suite>-<yyyymmdd-hhmmss>`, with a suffix if two runs start in the same second. */
function freshRunDir(name: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  let dir = join('results', `${name}-${stamp}`);
  for (let i = 2; existsSync(dir); i++) dir = join('results', `${name}-${stamp}-${i}`);
  return dir;
}

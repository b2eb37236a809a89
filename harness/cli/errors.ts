import { dirname } from 'node:path';
import { checkSuite, type SuiteCheckOptions } from '../check/suite.ts';
import { PluginError } from '../plugins/load.ts';
import { RunSetupError } from '../runner/run.ts';
import type { LoadedSuite } from '../spec/load.ts';
import { formatProblem, type Problem, SuiteError } from '../spec/problems.ts';
import { DamagedLogError } from '../store/jsonl.ts';

/**
 * Runs `load`; on a bad suite prints every problem as file:line:col, on a bad run folder (or a damaged log in
 * it) or a plugin that cannot be used the reason, and exits 2.
 */
export async function exitOnInputError<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (e) {
    if (e instanceof RunSetupError || e instanceof PluginError) exitWithUsageError(e.message);
    if (e instanceof DamagedLogError) {
      exitWithUsageError(`${e.message} (the log is damaged; \`harness run --resume ${dirname(e.file)}\` sets such lines aside and runs their episodes again)`);
    }
    if (!(e instanceof SuiteError)) throw e;
    for (const problem of e.problems) console.error(formatProblem(problem));
    console.error(`${e.problems.length} problem${e.problems.length === 1 ? '' : 's'} found; nothing was run.`);
    process.exit(2);
  }
}

/** Prints each warning as file:line:col, on stderr beside the problems: the run goes on. */
export function printWarnings(warnings: Problem[]): void {
  for (const warning of warnings) console.error(formatProblem({ ...warning, message: `warning: ${warning.message}` }));
}

/** The suite's checks before anything runs (`checkSuite`): warnings printed, problems thrown as a SuiteError. */
export async function assertSuiteReady(loaded: LoadedSuite, options: SuiteCheckOptions = {}): Promise<void> {
  const { problems, warnings } = await checkSuite(loaded, options);
  printWarnings(warnings);
  if (problems.length) throw new SuiteError(problems);
}

/** Prints a one-line reason (no stack: it is the user's input, not a bug) and exits 2. */
export function exitWithUsageError(message: string): never {
  console.error(`harness: ${message}`);
  process.exit(2);
}

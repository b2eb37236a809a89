import { existsSync } from 'node:fs';
import { findRuns } from '../view/runs.ts';
import { startViewer } from '../view/server.ts';
import { exitWithUsageError } from './errors.ts';

/** `harness view [run-dir…] [--port n]`: serves the viewer on 127.0.0.1 until Ctrl-C. */
export async function viewCommand(paths: string[], flags: { port: number }): Promise<void> {
  const given = paths.length > 0 ? paths : ['results'];
  if (paths.length === 0 && !existsSync('results')) exitWithUsageError('no run folders given, and no results/ folder here: harness view <run-dir…>');
  const { runs, problems } = findRuns(given);
  for (const problem of problems) console.error(`harness: ${problem}`);
  if (runs.length === 0) exitWithUsageError(`no runs found in ${given.join(', ')}`);
  let viewer: Awaited<ReturnType<typeof startViewer>>;
  try {
    viewer = await startViewer(runs, { port: flags.port });
  } catch (e) {
    const error = e as NodeJS.ErrnoException;
    if (error.code === 'EADDRINUSE') exitWithUsageError(`port ${flags.port} is in use: choose another with --port <n> (0: any free port)`);
    throw e;
  }
  console.log(`Viewing ${runs.length} run${runs.length === 1 ? '' : 's'} at ${viewer.url}  (Ctrl-C to stop)`);
  const stop = () => viewer.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

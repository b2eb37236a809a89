/** The real `process.exit`, for the harness's own exits while a guard is in place. */
export const exitProcess: (code?: number) => never = process.exit.bind(process);

/** A plugin's `process.exit`, refused while a run is in progress. */
class PluginExitError extends Error {
  override name = 'PluginExitError';
}

/**
 * While a run is in progress, a plugin on the main thread (every plugin with `--workers 0`, and training with
 * any worker count) that calls `process.exit` gets an error instead: its episode (or its agent's setup) fails
 * with the reason and the run goes on to its summary, as on a worker thread, instead of ending in silence.
 * Returns the function that puts `process.exit` back.
 */
export function refuseProcessExit(): () => void {
  const original = process.exit;
  process.exit = ((code?: number | string | null) => {
    throw new PluginExitError(`process.exit(${code ?? ''}) was called by a plugin; on the main thread it would end the whole run`);
  }) as typeof process.exit;
  return () => {
    process.exit = original;
  };
}
